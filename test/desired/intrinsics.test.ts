import { describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../src/desired/load.js';
import { DesiredStateInvalid, type FileProblem } from '../../src/desired/problems.js';

/**
 * The file says only what CloudFormation would accept: every tag is one
 * reclaim reads, every intrinsic is one it evaluates (in short or long form,
 * to the same value), and every attribute is one the type has.
 */
const FILE = 'reclaim.yaml';
const HEADER = ['version: 1', 'stack: bash-dog', 'account: "123456789012"', 'region: us-east-2', 'resources:'];
const ROLE = [
  '  BuildRole:',
  '    type: AWS::IAM::Role',
  '    physicalId: bash-dog-build-role',
  '  Logs:',
  '    type: AWS::Logs::LogGroup',
  '    physicalId: /aws/codebuild/bash-dog',
];
/** A file of a role, a log group and a build project with the given property lines (indented under it). */
const project = (...lines: string[]) =>
  `${[
    ...HEADER,
    ...ROLE,
    '  Project:',
    '    type: AWS::CodeBuild::Project',
    '    physicalId: bash-dog-build',
    '    properties:',
    ...lines.map((line) => `      ${line}`),
  ].join('\n')}\n`;
/** Line of the first project property. */
const FIRST = HEADER.length + ROLE.length + 5;

function problemsOf(text: string): FileProblem[] {
  try {
    parseDesiredState(text, FILE);
  } catch (error) {
    if (error instanceof DesiredStateInvalid) return [...error.problems];
    throw error;
  }
  throw new Error('the file loaded, but it should have been rejected');
}

function onlyProblem(text: string): FileProblem {
  const problems = problemsOf(text);
  expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1);
  return problems[0]!;
}

const at = (line: number, column: number, message: string, fix: string) => ({
  severity: 'error',
  file: FILE,
  line,
  column,
  message,
  fix,
});

const propertiesOf = (text: string) => parseDesiredState(text, FILE).state.resources.Project!.properties;

describe('tags reclaim does not read', () => {
  it('rejects a misspelt tag at its line and column, and suggests the tag it was meant to be', () => {
    expect(onlyProblem(project('ServiceRole: !GetAttr BuildRole.Arn'))).toEqual(
      at(
        FIRST,
        20,
        'unknown tag !GetAttr: reclaim reads only the CloudFormation tags !Ref, !GetAtt, !Sub',
        'did you mean !GetAtt?',
      ),
    );
  });

  it('gives a tag that is nothing like one a way out, and no second problem for the value it tagged', () => {
    const text = `${[...HEADER, '  Logs:', '    type: AWS::Logs::LogGroup', '    physicalId: /ecs/a', '    properties:', '      RetentionInDays: !Days 30'].join('\n')}\n`;
    expect(onlyProblem(text)).toEqual(
      at(
        10,
        24,
        'unknown tag !Days: reclaim reads only the CloudFormation tags !Ref, !GetAtt, !Sub',
        'write the value as a literal, or as !Ref, !GetAtt or !Sub',
      ),
    );
  });

  it("accepts YAML's own tags", () => {
    expect(propertiesOf(project('Description: !!str 12'))).toEqual({ Description: '12' });
  });
});

describe('Fn::GetAtt and the attributes of the type', () => {
  it('rejects an attribute the type does not have, with the nearest one', () => {
    expect(onlyProblem(project('ServiceRole: !GetAtt BuildRole.Arnn'))).toEqual(
      at(FIRST, 28, 'Project: BuildRole (AWS::IAM::Role) has no attribute "Arnn"', 'did you mean BuildRole.Arn?'),
    );
  });

  it('checks the long forms and Sub placeholders the same way', () => {
    const problems = problemsOf(
      project(
        'ServiceRole: { "Fn::GetAtt": [BuildRole, Arnn] }',
        'Description: { "Fn::GetAtt": "BuildRole.RoleIdd" }',
        'EncryptionKey: !Sub "${BuildRole.Aarn}"',
      ),
    );
    expect(problems.map((problem) => [problem.line, problem.message, problem.fix])).toEqual([
      [FIRST, 'Project: BuildRole (AWS::IAM::Role) has no attribute "Arnn"', 'did you mean BuildRole.Arn?'],
      [FIRST + 1, 'Project: BuildRole (AWS::IAM::Role) has no attribute "RoleIdd"', 'did you mean BuildRole.RoleId?'],
      [FIRST + 2, 'Project: BuildRole (AWS::IAM::Role) has no attribute "Aarn"', 'did you mean BuildRole.Arn?'],
    ]);
  });

  it('rejects !GetAtt without an attribute, saying what form it takes', () => {
    expect(onlyProblem(project('ServiceRole: !GetAtt BuildRole'))).toEqual(
      at(
        FIRST,
        28,
        'Project: Fn::GetAtt takes a logical id and an attribute (!GetAtt BuildRole.Attribute), got "BuildRole" with no attribute',
        'write !GetAtt BuildRole.Arn (the attributes of BuildRole: Arn, RoleId)',
      ),
    );
  });

  it('names the attributes when none is close', () => {
    expect(onlyProblem(project('ServiceRole: !GetAtt BuildRole.Name')).fix).toBe(
      'use one of its attributes: Arn, RoleId',
    );
  });
});

describe('long-form intrinsics', () => {
  it('load to exactly the value of the short tags', () => {
    const short = project(
      'ServiceRole: !GetAtt BuildRole.Arn',
      'Description: !Ref Logs',
      'EncryptionKey: !Sub "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/${Logs}"',
      'LogsConfig:',
      '  CloudWatchLogs:',
      '    Status: ENABLED',
      '    GroupName: !Sub ["${Group}", { Group: !Ref Logs }]',
      '    StreamName: !Sub ["${Role}/${Text}/${Logs}", { Role: !GetAtt BuildRole.Arn, Text: "a${b}" }]',
      '  S3Logs:',
      '    Status: DISABLED',
      '    Location: !GetAtt [BuildRole, Arn]',
    );
    const long = project(
      'ServiceRole: { "Fn::GetAtt": "BuildRole.Arn" }',
      'Description: { Ref: Logs }',
      'EncryptionKey: { "Fn::Sub": "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/${Logs}" }',
      'LogsConfig:',
      '  CloudWatchLogs:',
      '    Status: ENABLED',
      '    GroupName: { "Fn::Sub": ["${Group}", { Group: { Ref: Logs } }] }',
      '    StreamName:',
      '      Fn::Sub:',
      '        - "${Role}/${Text}/${Logs}"',
      '        - Role: { "Fn::GetAtt": [BuildRole, Arn] }',
      '          Text: "a${b}"',
      '  S3Logs:',
      '    Status: DISABLED',
      '    Location: { "Fn::GetAtt": [BuildRole, Arn] }',
    );
    const expected = {
      ServiceRole: { 'Fn::GetAtt': ['BuildRole', 'Arn'] },
      Description: { Ref: 'Logs' },
      EncryptionKey: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/${Logs}' },
      LogsConfig: {
        CloudWatchLogs: {
          Status: 'ENABLED',
          GroupName: { 'Fn::Sub': '${Logs}' },
          StreamName: { 'Fn::Sub': '${BuildRole.Arn}/a${!b}/${Logs}' },
        },
        S3Logs: { Status: 'DISABLED', Location: { 'Fn::GetAtt': ['BuildRole', 'Arn'] } },
      },
    };
    expect(propertiesOf(short)).toEqual(expected);
    expect(propertiesOf(long)).toEqual(expected);
    expect(parseDesiredState(long, FILE).state).toEqual(parseDesiredState(short, FILE).state);
  });

  it('checks a reference inside Sub variables against the declared resources', () => {
    expect(onlyProblem(project('Description: !Sub ["${Group}", { Group: !Ref Logz }]')).message).toBe(
      'Project refers to "Logz", which is not declared under resources',
    );
  });

  it('rejects a Ref that is not one name', () => {
    expect(onlyProblem(project('Description: { Ref: [Logs] }'))).toEqual(
      at(FIRST, 20, 'Project: Ref takes the name of one resource or pseudo parameter', 'write !Ref Name'),
    );
  });

  it('rejects a long-form function that CloudFormation does not have, with the nearest one', () => {
    expect(onlyProblem(project('ServiceRole: { "Fn::GetAttr": [BuildRole, Arn] }'))).toEqual(
      at(FIRST, 20, 'Project: Fn::GetAttr is not a CloudFormation intrinsic function', 'did you mean Fn::GetAtt?'),
    );
  });
});

describe('intrinsics reclaim does not evaluate', () => {
  const cases: Array<[string, string, string]> = [
    ['Join', "!Join ['', ['30']]", '{ "Fn::Join": ["", ["30"]] }'],
    ['Select', '!Select [0, [30, 60]]', '{ "Fn::Select": [0, [30, 60]] }'],
    ['If', '!If [Long, 30, 7]', '{ "Fn::If": [Long, 30, 7] }'],
    [
      'FindInMap',
      '!FindInMap [Retention, !Ref AWS::Region, Days]',
      '{ "Fn::FindInMap": [Retention, us-east-2, Days] }',
    ],
    ['ImportValue', '!ImportValue retention-days', '{ "Fn::ImportValue": retention-days }'],
    ['Split', '!Split [",", "30,60"]', '{ "Fn::Split": [",", "30,60"] }'],
    ['GetAZs', "!GetAZs ''", '{ "Fn::GetAZs": "" }'],
    ['Base64', '!Base64 thirty', '{ "Fn::Base64": thirty }'],
    ['Cidr', '!Cidr [10.0.0.0/16, 2, 8]', '{ "Fn::Cidr": [10.0.0.0/16, 2, 8] }'],
  ];
  const logGroup = (value: string) =>
    `${[...HEADER, '  Logs:', '    type: AWS::Logs::LogGroup', '    physicalId: /ecs/a', '    properties:', `      RetentionInDays: ${value}`].join('\n')}\n`;

  for (const [name, short, long] of cases) {
    it(`says reclaim does not evaluate Fn::${name}, in either form, with no type error besides`, () => {
      for (const value of [short, long]) {
        const problem = onlyProblem(logGroup(value));
        expect(problem).toMatchObject({ line: 10, column: 24 + (value === short ? `!${name} `.length : 0) });
        expect(problem.message).toBe(
          `Logs: reclaim does not evaluate Fn::${name} (!${name}); it evaluates only Ref, Fn::GetAtt and Fn::Sub (!Ref, !GetAtt, !Sub)`,
        );
        expect(problem.fix).toMatch(/literal/);
        expect(problem.message).not.toMatch(/expected/);
      }
    });
  }
});
