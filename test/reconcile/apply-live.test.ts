import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutRetentionPolicyCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetPipelineCommand, UpdatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand, PutImageTagMutabilityCommand } from '@aws-sdk/client-ecr';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { GetDeploymentCommand, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Apply from '../../src/commands/apply.js';
import Drift from '../../src/commands/drift.js';
import Plan from '../../src/commands/plan.js';
import type { AwsClients } from '../../src/aws/clients.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { discover } from '../../src/discover/discover.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import type { Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { KNOWN_SECRET_VALUE, type ScenarioFacts } from '../support/scenario.js';

// Everything runs against moto; CodeStar Connections is recorded HTTP (the emulator lacks it).
let stack: EmulatedStack;
let moto: Moto;
let aws: AwsClients;
let facts: ScenarioFacts;
let dir: string;
let desiredFile: string;

const flagsFor = (endpoint: string) => stack.awsFlags(endpoint);
const awsFlags = () => stack.awsFlags();
const retentionOf = async (name: string) =>
  (await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups!.find(
    (group) => group.logGroupName === name,
  )?.retentionInDays;
const mutabilityOf = async (name: string) =>
  (await aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))).repositories![0]!
    .imageTagMutability;

beforeAll(async () => {
  stack = await startEmulatedStack();
  ({ moto, facts, dir } = stack);
  aws = moto.clients();
  desiredFile = join(dir, 'reclaim.yaml');
  const snapshot = await discover(moto.clients(), { stack: 'bash-dog' });
  await writeFile(desiredFile, renderDesiredState(desiredFromSnapshot(snapshot)));
});

afterAll(async () => {
  await stack?.stop();
});

describe('apply refuses to act without consent, in the wrong account, or on a stale plan', () => {
  it('prints the plan and changes nothing without --yes', async () => {
    await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: facts.names.taskLogGroup, retentionInDays: 90 }));
    const result = await runCommand(Apply, ['--desired', desiredFile, ...awsFlags()]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/RetentionInDays: 90 → 30/);
    expect(result.stdout).toMatch(/Dry run: nothing was changed/);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);
  });

  it('refuses a file for another account, and changes nothing', async () => {
    const otherAccount = join(dir, 'other-account.yaml');
    await writeFile(
      otherAccount,
      (await readFile(desiredFile, 'utf8')).replace('account: "123456789012"', 'account: "999999999999"'),
    );
    const result = await runCommand(Apply, ['--desired', otherAccount, '--yes', ...awsFlags()]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/act in account 123456789012, not 999999999999/);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);
  });

  it('refuses a saved plan once live has moved on, and changes nothing', async () => {
    const planFile = join(dir, 'plan.json');
    const planned = await runCommand(Plan, ['--desired', desiredFile, '--out', planFile, ...awsFlags()]);
    expect(planned.exitCode).toBe(2);
    expect(planned.stdout).toMatch(/0 to create, 1 to update, 0 to replace, 0 to delete/);

    await aws.ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: facts.names.repositories.api,
        imageTagMutability: 'IMMUTABLE',
      }),
    );
    const result = await runCommand(Apply, ['--plan', planFile, '--yes', ...awsFlags()]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Live has changed since this plan was made/);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);
    expect(await mutabilityOf(facts.names.repositories.api)).toBe('IMMUTABLE');
  });

  it('applies a fresh saved plan exactly', async () => {
    const planFile = join(dir, 'fresh-plan.json');
    await runCommand(Plan, ['--desired', desiredFile, '--out', planFile, ...awsFlags()]);
    const result = await runCommand(Apply, ['--plan', planFile, '--yes', ...awsFlags()]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(30);
    expect(await mutabilityOf(facts.names.repositories.api)).toBe('MUTABLE');
  });
});

describe('apply brings live back to the file', () => {
  it('reverts every drifted change, converges after a failure half way, and a second apply is a no-op', async () => {
    const n = facts.names;
    await aws.iam.send(
      new PutRolePolicyCommand({
        RoleName: n.executionRole,
        PolicyName: 'added-by-hand',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        }),
      }),
    );
    await aws.iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: n.taskRole,
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'] },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: n.serviceSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
      }),
    );
    await aws.ecr.send(
      new PutImageTagMutabilityCommand({ repositoryName: n.repositories.api, imageTagMutability: 'IMMUTABLE' }),
    );
    await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: n.taskLogGroup, retentionInDays: 90 }));
    const { pipeline } = await aws.codepipeline.send(new GetPipelineCommand({ name: n.pipeline }));
    pipeline!.stages![0]!.actions![0]!.configuration = {
      ...pipeline!.stages![0]!.actions![0]!.configuration,
      BranchName: 'develop',
    };
    await aws.codepipeline.send(new UpdatePipelineCommand({ pipeline: pipeline! }));
    await aws.secretsManager.send(
      new PutSecretValueCommand({
        SecretId: n.secretArn,
        SecretString: JSON.stringify({ DB_PASSWORD: KNOWN_SECRET_VALUE }),
      }),
    );
    // Swap to green first, so that blue can go without leaving the listener pointing at nothing.
    await aws.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: n.listenerArn,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: n.greenTargetGroupArn }],
      }),
    );
    await aws.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: n.blueTargetGroupArn }));
    await aws.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'bash-dog-canary',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: n.vpcId,
        TargetType: 'ip',
      }),
    );

    const planned = await runCommand(Plan, ['--desired', desiredFile, '--prune', ...awsFlags()]);
    expect(planned.exitCode).toBe(2);
    expect(planned.stdout).toMatch(/1 to create, 7 to update, 0 to replace, 1 to delete/);
    expect(planned.stdout).not.toContain(KNOWN_SECRET_VALUE);

    // A run that fails half way (ECR refuses) stops, says what was done, and the next run finishes the job.
    const refusing = await stack.proxy({ denyOperations: [/PutImageTagMutability/] });
    const failed = await runCommand(Apply, [
      '--desired',
      desiredFile,
      '--yes',
      '--prune',
      '--allow-secret-writes',
      ...flagsFor(refusing.endpoint),
    ]);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/FAILED/);
    expect(failed.stdout).toMatch(/not run/);

    const applied = await runCommand(Apply, [
      '--desired',
      desiredFile,
      '--yes',
      '--prune',
      '--allow-secret-writes',
      ...awsFlags(),
    ]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toContain(KNOWN_SECRET_VALUE);

    const drift = await runCommand(Drift, ['--desired', desiredFile, ...awsFlags()]);
    expect(drift.stdout).toMatch(/In sync/);
    expect(drift.exitCode).toBe(0);

    const again = await runCommand(Apply, [
      '--desired',
      desiredFile,
      '--yes',
      '--prune',
      '--allow-secret-writes',
      ...awsFlags(),
    ]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/Nothing to do/);
  });

  it('changes live to match an edited file', async () => {
    const edited = join(dir, 'edited.yaml');
    const text = (await readFile(desiredFile, 'utf8'))
      .replace(/RetentionInDays: 30/, 'RetentionInDays: 14')
      .replace(
        /\nresources:\n/,
        '\nresources:\n  ExtraLogGroup:\n    type: AWS::Logs::LogGroup\n    physicalId: /ecs/bash-dog-extra\n    properties:\n      LogGroupName: /ecs/bash-dog-extra\n      RetentionInDays: 7\n',
      );
    await writeFile(edited, text);
    const applied = await runCommand(Apply, ['--desired', edited, '--yes', ...awsFlags()]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(14);
    expect(await retentionOf('/ecs/bash-dog-extra')).toBe(7);
    expect((await runCommand(Drift, ['--desired', edited, ...awsFlags()])).exitCode).toBe(0);
  });

  it('rolls a task definition change out through CodeDeploy, never UpdateService', async () => {
    const edited = join(dir, 'new-revision.yaml');
    await writeFile(
      edited,
      (await readFile(desiredFile, 'utf8')).replace(
        /- Name: API_HOST\n(\s+)Value: localhost/,
        '- Name: API_HOST\n$1Value: 127.0.0.1',
      ),
    );
    const planned = await runCommand(Plan, ['--desired', edited, ...awsFlags()]);
    expect(planned.exitCode).toBe(2);
    expect(planned.stdout).toMatch(/~ update TaskDefinition \(AWS::ECS::TaskDefinition\)/);
    expect(planned.stdout).toMatch(
      /then deploy the new revision through CodeDeploy AppECS-bash-dog-bash-dog\/DgpECS-bash-dog-bash-dog \(bash-dog-nginx:80\)/,
    );
    expect(planned.stdout).toMatch(/0 to replace, 0 to delete/);

    const before = await aws.codedeploy.send(
      new ListDeploymentsCommand({
        applicationName: 'AppECS-bash-dog-bash-dog',
        deploymentGroupName: 'DgpECS-bash-dog-bash-dog',
      }),
    );
    const applied = await runCommand(Apply, ['--desired', edited, '--yes', ...awsFlags()]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    const after = await aws.codedeploy.send(
      new ListDeploymentsCommand({
        applicationName: 'AppECS-bash-dog-bash-dog',
        deploymentGroupName: 'DgpECS-bash-dog-bash-dog',
      }),
    );
    expect(after.deployments!.length).toBe(before.deployments!.length + 1);
    const service = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: facts.names.cluster, services: [facts.names.service] }),
    );
    // The service is CodeDeploy's to move: apply did not point it at the new revision itself.
    expect(service.services![0]!.taskDefinition).toBe(facts.names.taskDefinitionArn);
  });

  it('changes the network of a CodeDeploy-controlled service through a deployment whose appspec carries it', async () => {
    const edited = join(dir, 'private-tasks.yaml');
    await writeFile(
      edited,
      (await readFile(desiredFile, 'utf8')).replace('AssignPublicIp: ENABLED', 'AssignPublicIp: DISABLED'),
    );
    const planned = await runCommand(Plan, ['--desired', edited, ...awsFlags()]);
    expect(planned.stdout).toMatch(/~ update Service \(AWS::ECS::Service\)/);
    expect(planned.stdout).toMatch(/NetworkConfiguration\.AwsvpcConfiguration\.AssignPublicIp: ENABLED → DISABLED/);
    expect(planned.stdout).toMatch(
      /through a CodeDeploy deployment AppECS-bash-dog-bash-dog\/DgpECS-bash-dog-bash-dog/,
    );

    const group = { applicationName: 'AppECS-bash-dog-bash-dog', deploymentGroupName: 'DgpECS-bash-dog-bash-dog' };
    const before = (await aws.codedeploy.send(new ListDeploymentsCommand(group))).deployments ?? [];
    const applied = await runCommand(Apply, ['--desired', edited, '--yes', ...awsFlags()]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    const after = (await aws.codedeploy.send(new ListDeploymentsCommand(group))).deployments ?? [];
    const created = after.filter((id) => !before.includes(id));
    expect(created).toHaveLength(1);
    const { deploymentInfo } = await aws.codedeploy.send(new GetDeploymentCommand({ deploymentId: created[0]! }));
    const appspec = deploymentInfo?.revision?.appSpecContent?.content ?? '';
    expect(appspec).toMatch(/AssignPublicIp: "DISABLED"/);
    expect(appspec).toContain(facts.names.taskDefinitionArn);
  });
});
