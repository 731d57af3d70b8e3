import { beforeAll, describe, expect, it } from 'vitest';
import { loadDesiredState, parseDesiredState } from '../../src/desired/load.js';
import { DesiredStateInvalid, type FileProblem } from '../../src/desired/problems.js';
import { importedExample, positionIn } from '../support/bash-dog-fixture.js';

/**
 * Malformed desired-state files: every problem names the file, the exact line
 * and column, and a fix; all problems of a file come at once.
 */
const FILE = 'reclaim.yaml';
const NOW = new Date('2025-06-01T12:00:00Z');

const HEADER = ['version: 1', 'stack: bash-dog', 'account: "123456789012"', 'region: us-east-2'];
const yaml = (...lines: string[]) => `${[...HEADER, ...lines].join('\n')}\n`;

/** The problems a file is rejected with; fails the test if the file loads. */
function problemsOf(text: string): FileProblem[] {
  try {
    parseDesiredState(text, FILE, { now: NOW });
  } catch (error) {
    if (error instanceof DesiredStateInvalid) return [...error.problems];
    throw error;
  }
  throw new Error('the file loaded, but it should have been rejected');
}

/** The only problem of a file that has exactly one. */
function onlyProblem(text: string): FileProblem {
  const problems = problemsOf(text);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

const at = (line: number, column: number, message: string, fix: string, severity = 'error') => ({
  severity,
  file: FILE,
  line,
  column,
  message,
  fix,
});

describe('YAML that does not parse', () => {
  it('points at a tab used as indentation', () => {
    const text = yaml('resources:', '  Logs:', '\ttype: AWS::Logs::LogGroup');
    expect(onlyProblem(text)).toEqual(
      at(7, 1, 'Tabs are not allowed as indentation', 'indent with spaces; YAML does not allow tabs'),
    );
  });

  it('points at a nested mapping written on one line', () => {
    const text = yaml('resources:', '  Logs:', '    type: AWS::Logs::LogGroup', '    physicalId: /ecs/a: b');
    expect(onlyProblem(text)).toEqual(
      at(8, 17, 'Nested mappings are not allowed in compact mappings', 'fix the YAML syntax at this position'),
    );
  });

  it('names a logical id declared twice (a duplicate key) at its second declaration', () => {
    const text = yaml(
      'resources:',
      '  TaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/a',
      '  TaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/b',
    );
    expect(onlyProblem(text)).toEqual(
      at(
        9,
        3,
        '"TaskLogs" appears twice in the same mapping (under resources, that is a duplicate logical id)',
        'rename or remove one of the two entries named TaskLogs',
      ),
    );
  });
});

describe('wrong types', () => {
  it('rejects a version that is not 1', () => {
    const text = `version: one\nstack: bash-dog\naccount: "123456789012"\nregion: us-east-2\nresources: {}\n`;
    expect(onlyProblem(text)).toEqual(
      at(1, 10, 'version is "one", but the only version reclaim reads is 1', 'write version: 1'),
    );
  });

  it('rejects an account written as a number, and says to quote it', () => {
    const text = `version: 1\nstack: bash-dog\naccount: 12345\nregion: us-east-2\nresources: {}\n`;
    expect(onlyProblem(text)).toEqual(
      at(3, 10, 'account must be a string, got the number 12345', 'quote it: account: "12345"'),
    );
  });

  it('rejects properties written as a list', () => {
    const text = yaml(
      'resources:',
      '  TaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/a',
      '    properties:',
      '      - LogGroupName: /ecs/a',
    );
    expect(onlyProblem(text)).toEqual(
      at(
        10,
        7,
        'resources.TaskLogs.properties must be a mapping, got a list',
        'write resources.TaskLogs.properties as a mapping of name: value lines, without the leading "- "',
      ),
    );
  });

  it('checks property values against the CloudFormation spec', () => {
    const text = yaml(
      'resources:',
      '  TaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/a',
      '    properties:',
      '      RetentionInDays: "thirty"',
    );
    expect(onlyProblem(text)).toEqual(
      at(
        10,
        24,
        'TaskLogs (AWS::Logs::LogGroup): expected an integer, got the string "thirty"',
        'write an integer here',
      ),
    );
  });

  it('suggests the known property a misspelt one was meant to be', () => {
    const text = yaml(
      'resources:',
      '  TaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/a',
      '    properties:',
      '      RetentionInDay: 30',
    );
    expect(onlyProblem(text)).toEqual(
      // The position is the misspelt name itself.
      at(
        10,
        7,
        'TaskLogs (AWS::Logs::LogGroup): AWS::Logs::LogGroup has no property "RetentionInDay"',
        'did you mean "RetentionInDays"?',
      ),
    );
  });

  it('rejects an unknown resource type and suggests the nearest known one', () => {
    const text = yaml('resources:', '  Service:', '    type: AWS::ECS::Servise', '    physicalId: bash-dog');
    expect(onlyProblem(text)).toEqual(
      at(
        7,
        11,
        'resources.Service.type is "AWS::ECS::Servise", which is not a type reclaim manages',
        'did you mean AWS::ECS::Service?',
      ),
    );
  });
});

describe('the file as a graph', () => {
  it('rejects a reference to a logical id that is not declared', () => {
    const text = yaml(
      'resources:',
      '  Project:',
      '    type: AWS::CodeBuild::Project',
      '    physicalId: bash-dog-build',
      '    properties:',
      '      ServiceRole: !GetAtt NoSuchThing.Arn',
    );
    // The column is the name after the tag: what to correct.
    expect(onlyProblem(text)).toEqual(
      at(
        10,
        28,
        'Project refers to "NoSuchThing", which is not declared under resources',
        'declare NoSuchThing under resources, or write the literal value instead of a reference',
      ),
    );
  });

  it('rejects a reference that goes round in a circle, at the first resource of the circle', () => {
    const text = yaml(
      'resources:',
      '  AlbGroup:',
      '    type: AWS::EC2::SecurityGroup',
      '    physicalId: sg-a',
      '    properties:',
      '      GroupDescription: !Ref ServiceGroup',
      '  ServiceGroup:',
      '    type: AWS::EC2::SecurityGroup',
      '    physicalId: sg-b',
      '    properties:',
      '      GroupDescription: !Sub "behind ${AlbGroup}"',
    );
    expect(onlyProblem(text)).toEqual(
      at(
        7,
        5,
        'references go round in a circle: AlbGroup → ServiceGroup → AlbGroup',
        'replace one of these references with the literal value, so that there is an order to create them in',
      ),
    );
  });

  it('rejects the same AWS resource declared under two logical ids', () => {
    const text = yaml(
      'resources:',
      '  TaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/bash-dog',
      '  MoreTaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/bash-dog',
    );
    expect(onlyProblem(text)).toEqual(
      at(
        11,
        17,
        'MoreTaskLogs and TaskLogs both declare AWS::Logs::LogGroup /ecs/bash-dog',
        'keep one of the two entries',
      ),
    );
  });

  it('rejects debris that is also declared, matching through pseudo parameters', () => {
    const text = yaml(
      'resources:',
      '  Blue:',
      '    type: AWS::ElasticLoadBalancingV2::TargetGroup',
      '    physicalId: arn:aws:elasticloadbalancing:${AWS::Region}:${AWS::AccountId}:targetgroup/blue/1',
      'debris:',
      '  - type: AWS::ElasticLoadBalancingV2::TargetGroup',
      '    physicalId: arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/blue/1',
      '    reason: left by a failed attempt',
    );
    expect(onlyProblem(text)).toEqual(
      at(
        11,
        17,
        'AWS::ElasticLoadBalancingV2::TargetGroup arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/blue/1 is listed as debris but also declared under resources',
        'remove it from one of the two lists',
      ),
    );
  });
});

describe('ignore rules', () => {
  it('rejects a rule that names no type, id or path', () => {
    const text = yaml('resources: {}', 'ignore:', '  - reason: too noisy');
    expect(onlyProblem(text)).toEqual(
      at(
        7,
        5,
        'ignore rule 1 matches everything: it names no type, id or path',
        'add at least one of type, id or path (globs: `*` within a segment, `**` across segments)',
      ),
    );
  });

  it('rejects an expiry that is not a calendar date', () => {
    const text = yaml(
      'resources: {}',
      'ignore:',
      '  - type: AWS::Logs::LogGroup',
      '    reason: retention is being reviewed',
      '    expires: 2025-13-45',
    );
    expect(onlyProblem(text)).toEqual(
      at(9, 14, 'ignore rule 1 expires on "2025-13-45", which is not a date', 'write the date as YYYY-MM-DD'),
    );
  });

  it('warns about an expired rule, with its line, and still loads the file', () => {
    const text = yaml(
      'resources: {}',
      'ignore:',
      '  - type: AWS::Logs::LogGroup',
      '    reason: retention is being reviewed',
      '    expires: 2025-06-02',
      '  - id: Service',
      '    path: DesiredCount',
      '    reason: autoscaling owns it',
      '    expires: 2025-06-01',
    );
    const loaded = parseDesiredState(text, FILE, { now: NOW });
    expect(loaded.state.ignore).toHaveLength(2);
    // Rule 1 expires tomorrow and is still in force; rule 2 expires today, so it no longer applies.
    expect(loaded.warnings).toEqual([
      at(
        13,
        14,
        'ignore rule 2 ("autoscaling owns it") expired on 2025-06-01; the drift it hid is reported again',
        'fix the drift, or move the date on if the reason still holds',
        'warning',
      ),
    ]);
  });
});

describe('several problems at once', () => {
  it('reports every problem of one pass, in file order, in one error', () => {
    const text = yaml(
      'resources:',
      '  Project:',
      '    type: AWS::CodeBuild::Project',
      '    physicalId: bash-dog-build',
      '    properties:',
      '      ServiceRole: !Ref NoSuchRole',
      '      TimeoutInMinutes: ten',
      '  TaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/bash-dog',
      '    properties:',
      '      RetentionInDays: "thirty"',
      'ignore:',
      '  - reason: everything',
      '  - id: TaskLogs',
      '    reason: old',
      '    expires: 2020-01-01',
    );
    let thrown: unknown;
    try {
      parseDesiredState(text, FILE, { now: NOW });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DesiredStateInvalid);
    const invalid = thrown as DesiredStateInvalid;
    expect(invalid.code).toBe('DESIRED_STATE_INVALID');
    expect(invalid.problems.map(({ line, column, severity }) => `${line}:${column} ${severity}`)).toEqual([
      '10:25 error',
      '11:25 error',
      '16:24 error',
      '18:5 error',
      '21:14 warning',
    ]);
    expect(invalid.message.split('\n')[0]).toBe('reclaim.yaml has 4 problems:');
    expect(invalid.message).toContain(
      'reclaim.yaml:11:25: error: Project (AWS::CodeBuild::Project): expected an integer, got the string "ten"\n    fix: write an integer here',
    );
    expect(invalid.message).toContain(
      'reclaim.yaml:10:25: error: Project refers to "NoSuchRole", which is not declared under resources',
    );
  });

  it('reports every schema problem together', () => {
    const text = [
      'version: 1',
      'stack: bash-dog',
      'account: 12345',
      'region: us-east-2',
      'resources:',
      '  Service:',
      '    type: AWS::ECS::Servise',
      '    physicalId: bash-dog',
      '  TaskLogs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/bash-dog',
      '    properties: []',
      '',
    ].join('\n');
    expect(problemsOf(text).map(({ line, column, message }) => `${line}:${column} ${message}`)).toEqual([
      '3:10 account must be a string, got the number 12345',
      '7:11 resources.Service.type is "AWS::ECS::Servise", which is not a type reclaim manages',
      '12:17 resources.TaskLogs.properties must be a mapping, got a list',
    ]);
  });
});

describe('the file reclaim import writes, edited by hand', () => {
  let text: string;
  beforeAll(async () => {
    ({ text } = await importedExample());
  });

  it('loads without problems as written', () => {
    expect(parseDesiredState(text, FILE, { now: NOW }).warnings).toEqual([]);
  });

  it('places a wrong retention on its line', () => {
    const edited = text.replace('RetentionInDays: 30', 'RetentionInDays: "thirty"');
    const where = positionIn(edited, '"thirty"');
    expect(onlyProblem(edited)).toEqual(
      at(
        where.line,
        where.column,
        'EcsLogGroup (AWS::Logs::LogGroup): expected an integer, got the string "thirty"',
        'write an integer here',
      ),
    );
  });

  it('suggests the logical id a misspelt reference was meant to name', () => {
    const edited = text.replace('awslogs-group: !Ref EcsLogGroup', 'awslogs-group: !Ref EcsLogGrup');
    const where = positionIn(edited, 'EcsLogGrup');
    expect(onlyProblem(edited)).toEqual(
      at(
        where.line,
        where.column,
        'TaskDefinition refers to "EcsLogGrup", which is not declared under resources',
        'did you mean EcsLogGroup?',
      ),
    );
  });

  it('rejects a live target group also listed as debris', () => {
    const main = /physicalId: (arn:\S+targetgroup\/bash-dog-main\/\S+)/.exec(text)![1]!;
    const edited = `${text}  - type: AWS::ElasticLoadBalancingV2::TargetGroup\n    physicalId: ${main}\n    reason: stale\n`;
    // The appended entry starts on the line after the file's last; its physicalId is the line below.
    const physicalIdLine = text.split('\n').length + 1;
    const problem = onlyProblem(edited);
    expect(problem.message).toMatch(/targetgroup\/bash-dog-main\/\S+ is listed as debris but also declared/);
    expect({ line: problem.line, column: problem.column }).toEqual({ line: physicalIdLine, column: 17 });
  });
});

describe('loadDesiredState', () => {
  it('says how to write a file when there is none', async () => {
    await expect(loadDesiredState('/no/such/reclaim.yaml')).rejects.toMatchObject({
      code: 'DESIRED_STATE_UNREADABLE',
      suggestions: ['Write one with `reclaim import --stack NAME --out /no/such/reclaim.yaml`.'],
    });
  });
});

describe('every problem at once', () => {
  it('reports schema problems together with the reference and spec problems of the rest of the file', () => {
    const text = [
      'version: 1',
      'stack: bash-dog',
      'account: "123456789012"',
      'region: us-east-2',
      'resources:',
      '  Broken:',
      '    type: AWS::ECS::Servise',
      '    physicalId: bash-dog',
      '  Logs:',
      '    type: AWS::Logs::LogGroup',
      '    physicalId: /ecs/bash-dog',
      '    properties:',
      '      RetentionInDays: thirty',
      '  Role:',
      '    type: AWS::IAM::Role',
      '    physicalId: bash-dog-role',
      '    properties:',
      '      Description: !Ref Brokn',
      '      RoleName: !Ref Broken',
      '',
    ].join('\n');
    let problems: readonly FileProblem[] = [];
    try {
      parseDesiredState(text, 'reclaim.yaml');
    } catch (error) {
      problems = (error as DesiredStateInvalid).problems;
    }
    expect(problems.map((problem) => [problem.line, problem.message])).toEqual([
      [7, expect.stringContaining('resources.Broken.type')],
      [13, expect.stringContaining('Logs (AWS::Logs::LogGroup): expected an integer')],
      [18, expect.stringContaining('Role refers to "Brokn"')],
    ]);
  });
});
