import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchGetProjectsCommand } from '@aws-sdk/client-codebuild';
import { GetPipelineCommand, UpdatePipelineCommand } from '@aws-sdk/client-codepipeline';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Apply from '../../src/commands/apply.js';
import Discover from '../../src/commands/discover.js';
import Drift from '../../src/commands/drift.js';
import Plan from '../../src/commands/plan.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { discover } from '../../src/discover/discover.js';
import { positionIn } from '../support/bash-dog-fixture.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';
import { DEFAULT_SECRET_VALUES } from '../support/scenario.js';

/**
 * The file says only what CloudFormation would accept, and no live value,
 * however odd its shape, crashes a command. Against moto; CodeStar
 * Connections is recorded HTTP (the emulator lacks the service).
 */
let stack: EmulatedStack;
let imported: string;
const outputs: string[] = [];

beforeAll(async () => {
  stack = await startEmulatedStack();
  imported = renderDesiredState(desiredFromSnapshot(await discover(stack.moto.clients(), { stack: 'bash-dog' })));
});

afterAll(async () => {
  await stack?.stop();
});

async function run(command: Parameters<typeof runCommand>[0], ...argv: string[]) {
  const result = await runCommand(command, [...argv, ...stack.awsFlags()]);
  outputs.push(result.stdout, result.stderr);
  return result;
}

const serviceRoleOfProject = async () =>
  (await stack.moto.clients().codebuild.send(new BatchGetProjectsCommand({ names: [stack.facts.names.buildProject] })))
    .projects![0]!.serviceRole;
const revisions = async () =>
  (
    await stack.moto
      .clients()
      .ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: stack.facts.names.taskDefinitionFamily }))
  ).taskDefinitionArns;

describe('a tag reclaim does not read', () => {
  it('stops plan and apply at its line and column, and nothing is sent to AWS', async () => {
    // Given the imported file with two references misspelt as !GetAttr.
    const edited = imported
      .replace(/ServiceRole: !GetAtt (\w+)\.Arn/, 'ServiceRole: !GetAttr $1.Arn')
      .replace(/TaskRoleArn: !GetAtt (\w+)\.Arn/, 'TaskRoleArn: !GetAttr $1.Arn');
    const file = join(stack.dir, 'getattr.yaml');
    await writeFile(file, edited);
    // Both keys are 13 characters at an indent of 6: each tag starts in column 20.
    const where = ['ServiceRole: !GetAttr', 'TaskRoleArn: !GetAttr'].map((needle) => ({
      line: positionIn(edited, needle).line,
      column: positionIn(edited, needle).column + 'ServiceRole: '.length,
    }));
    const roleBefore = await serviceRoleOfProject();
    const revisionsBefore = await revisions();

    // When plan and apply --yes run on it, then both refuse it, naming each tag's place and the fix.
    for (const argv of [
      ['--desired', file],
      ['--desired', file, '--yes'],
    ]) {
      const result = await run(argv.includes('--yes') ? Apply : Plan, ...argv);
      expect(result.exitCode).toBe(1);
      for (const { line } of where) {
        expect(result.stderr).toMatch(
          new RegExp(`${file}:${line}:\\d+: error: unknown tag !GetAttr: reclaim reads only the CloudFormation tags`),
        );
      }
      expect(result.stderr).toContain('fix: did you mean !GetAtt?');
    }
    const positions = [...outputs.at(-1)!.matchAll(/getattr\.yaml:(\d+):(\d+): error: unknown tag/g)].map(
      ([, line, column]) => ({ line: Number(line), column: Number(column) }),
    );
    expect(positions).toEqual(where);
    expect(where.map(({ column }) => column)).toEqual([20, 20]);

    // And live is as it was: no role became the text "….Arn", no revision was registered.
    expect(await serviceRoleOfProject()).toBe(roleBefore);
    expect(await revisions()).toEqual(revisionsBefore);
  });
});

describe('live values of an unexpected shape', () => {
  it('are read issues naming the resource and the property, and discover, drift and plan do not crash', async () => {
    const aws = stack.moto.clients();
    const n = stack.facts.names;
    const file = join(stack.dir, 'reclaim.yaml');
    await writeFile(file, imported);

    // Given a pipeline whose build action names its project by a number (the emulator keeps any JSON)…
    const { pipeline } = await aws.codepipeline.send(new GetPipelineCommand({ name: n.pipeline }));
    const build = pipeline!
      .stages!.flatMap((stage) => stage.actions!)
      .find((a) => a.actionTypeId!.provider === 'CodeBuild')!;
    build.configuration = { ...build.configuration, ProjectName: 42 as unknown as string };
    await aws.codepipeline.send(new UpdatePipelineCommand({ pipeline }));
    // …and a service running a revision whose log group is a number, as a file's `awslogs-group: 42` once sent.
    const { taskDefinition: live } = await aws.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: n.taskDefinitionArn }),
    );
    const { taskDefinition: odd } = await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...(live as RegisterTaskDefinitionCommandInput),
        containerDefinitions: live!.containerDefinitions!.map((container) => ({
          ...container,
          logConfiguration: {
            logDriver: 'awslogs',
            options: { ...container.logConfiguration?.options, 'awslogs-group': 42 as unknown as string },
          },
        })),
      }),
    );
    await aws.ecs.send(
      new UpdateServiceCommand({ cluster: n.cluster, service: n.service, taskDefinition: odd!.taskDefinitionArn }),
    );
    const services = await aws.ecs.send(new DescribeServicesCommand({ cluster: n.cluster, services: [n.service] }));
    expect(services.services![0]!.taskDefinition).toBe(odd!.taskDefinitionArn);

    // When discover, drift and plan read it, then each exits 1 and names what it could not make sense of.
    for (const [command, argv] of [
      [Discover, ['--stack', 'bash-dog']],
      [Drift, ['--desired', file]],
      [Plan, ['--desired', file]],
    ] as const) {
      const result = await run(command, ...argv);
      const text = result.stdout + result.stderr;
      expect(result.exitCode, text).toBe(1);
      expect(text).not.toMatch(/is not a function|Cannot read properties/);
      expect(text).toMatch(
        /AWS::CodePipeline::Pipeline bash-dog-pipeline: Stages\.\d+\.Actions\.\d+\.Configuration\.ProjectName is the number 42/,
      );
      expect(text).toMatch(/ContainerDefinitions\.\d+\.LogConfiguration\.Options\.awslogs-group is the number 42/);
    }
  });

  it('never print a secret value', () => {
    for (const value of Object.values(DEFAULT_SECRET_VALUES)) {
      for (const output of outputs) expect(output).not.toContain(value);
    }
  });
});
