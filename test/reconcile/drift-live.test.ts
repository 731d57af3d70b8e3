import { UpdatePipelineCommand, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PutImageTagMutabilityCommand } from '@aws-sdk/client-ecr';
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { parseDesiredState } from '../../src/desired/load.js';
import { substitutePseudo } from '../../src/desired/pseudo.js';
import type { DesiredState } from '../../src/desired/types.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { discover } from '../../src/discover/discover.js';
import type { Drift, DriftReport } from '../../src/model/drift.js';
import { computeDrift } from '../../src/reconcile/diff/drift.js';
import { renderDriftMarkdown } from '../../src/render/drift-markdown.js';
import { renderDriftText } from '../../src/render/drift-text.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import type { Moto } from '../support/moto.js';
import { KNOWN_SECRET_VALUE, type ScenarioFacts } from '../support/scenario.js';

// CodeStar Connections is recorded HTTP (the emulator lacks it); everything else is moto.
let stack: EmulatedStack;
let moto: Moto;
let aws: AwsClients;
let facts: ScenarioFacts;
let desired: DesiredState;

const driftNow = async (): Promise<DriftReport> =>
  computeDrift(desired, await discover(moto.clients(), { stack: 'bash-dog' }));
const keyOf = (drift: Drift) => `${drift.kind} ${drift.id} ${drift.path}`;

/** What drift reports now beyond what it reported before: each change must add exactly its own entry. */
let seen: string[] = [];
async function expectOnlyNewDrift(expected: Array<Pick<Drift, 'kind' | 'id' | 'path'>>): Promise<DriftReport> {
  const report = await driftNow();
  const now = report.drifts.map(keyOf);
  expect(now.filter((key) => !seen.includes(key)).sort()).toEqual(
    expected.map((drift) => `${drift.kind} ${drift.id} ${drift.path}`).sort(),
  );
  seen = now;
  return report;
}

const idOf = (type: string, physicalId: string) =>
  Object.entries(desired.resources).find(
    ([, resource]) => resource.type === type && substitutePseudo(resource.physicalId ?? '', desired) === physicalId,
  )![0];

beforeAll(async () => {
  stack = await startEmulatedStack();
  ({ moto, facts } = stack);
  aws = moto.clients();
  const snapshot = await discover(moto.clients(), { stack: 'bash-dog' });
  // Through the real file: render what `reclaim import` writes, then load it as `reclaim drift` does.
  desired = parseDesiredState(renderDesiredState(desiredFromSnapshot(snapshot)), 'reclaim.yaml').state;
});

afterAll(async () => {
  await stack?.stop();
});

describe('drift against the emulator', () => {
  it('is in sync right after import (round trip through the file)', async () => {
    const report = await driftNow();
    expect(report.drifts).toEqual([]);
    expect(report.inSync).toBe(true);
  });

  it('does not report a completed blue/green deployment', async () => {
    const n = facts.names;
    // CodeDeploy's swap: the listener forwards to green, the service runs a new revision of the same family with a new image digest.
    await aws.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: n.listenerArn,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: n.greenTargetGroupArn }],
      }),
    );
    const current = (await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: n.taskDefinitionArn })))
      .taskDefinition!;
    const next: RegisterTaskDefinitionCommandInput = {
      family: current.family!,
      taskRoleArn: current.taskRoleArn,
      executionRoleArn: current.executionRoleArn,
      networkMode: current.networkMode,
      requiresCompatibilities: current.requiresCompatibilities,
      cpu: current.cpu,
      memory: current.memory,
      containerDefinitions: current.containerDefinitions!.map((container) => ({
        ...container,
        image: container.image!.replace(/:latest$/, `@sha256:${'ab'.repeat(32)}`),
      })),
    };
    const registered = await aws.ecs.send(new RegisterTaskDefinitionCommand(next));
    await aws.ecs.send(
      new UpdateServiceCommand({
        cluster: n.cluster,
        service: n.service,
        taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      }),
    );

    const report = await driftNow();
    expect(report.drifts).toEqual([]);
  });

  it('reports each live change as exactly that change', async () => {
    const n = facts.names;
    const role = (name: string) => idOf('AWS::IAM::Role', name);

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
    await expectOnlyNewDrift([{ kind: 'modified', id: role(n.executionRole), path: 'Policies[added-by-hand]' }]);

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
    await expectOnlyNewDrift([{ kind: 'modified', id: role(n.taskRole), path: 'AssumeRolePolicyDocument' }]);

    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: n.serviceSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
      }),
    );
    await expectOnlyNewDrift([
      { kind: 'modified', id: idOf('AWS::EC2::SecurityGroup', n.serviceSecurityGroupId), path: 'SecurityGroupIngress' },
    ]);

    await aws.ecr.send(
      new PutImageTagMutabilityCommand({ repositoryName: n.repositories.api, imageTagMutability: 'IMMUTABLE' }),
    );
    await expectOnlyNewDrift([
      { kind: 'modified', id: idOf('AWS::ECR::Repository', n.repositories.api), path: 'ImageTagMutability' },
    ]);

    await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: n.taskLogGroup, retentionInDays: 90 }));
    await expectOnlyNewDrift([
      { kind: 'modified', id: idOf('AWS::Logs::LogGroup', n.taskLogGroup), path: 'RetentionInDays' },
    ]);

    const { pipeline } = await aws.codepipeline.send(new GetPipelineCommand({ name: n.pipeline }));
    const source = pipeline!.stages![0]!.actions![0]!;
    source.configuration = { ...source.configuration, BranchName: 'develop' };
    await aws.codepipeline.send(new UpdatePipelineCommand({ pipeline: pipeline! }));
    await expectOnlyNewDrift([
      {
        kind: 'modified',
        id: idOf('AWS::CodePipeline::Pipeline', n.pipeline),
        path: 'Stages[Source].Actions[Source].Configuration.BranchName',
      },
    ]);

    await aws.secretsManager.send(
      new PutSecretValueCommand({
        SecretId: n.secretArn,
        SecretString: JSON.stringify({ DB_PASSWORD: KNOWN_SECRET_VALUE }),
      }),
    );
    const afterSecret = await expectOnlyNewDrift([
      { kind: 'modified', id: idOf('AWS::SecretsManager::Secret', n.secretArn), path: 'SecretKeys' },
    ]);
    const everyRendering = [
      JSON.stringify(afterSecret),
      renderDriftText(afterSecret),
      renderDriftMarkdown(afterSecret),
    ].join('\n');
    expect(everyRendering).not.toContain(KNOWN_SECRET_VALUE);

    // After the swap above, blue (main) no longer serves: deleting it is a missing resource and nothing else.
    await aws.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: n.blueTargetGroupArn }));
    await expectOnlyNewDrift([
      { kind: 'missing', id: idOf('AWS::ElasticLoadBalancingV2::TargetGroup', n.blueTargetGroupArn), path: '' },
    ]);

    const created = await aws.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'bash-dog-canary',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: n.vpcId,
        TargetType: 'ip',
      }),
    );
    const report = await driftNow();
    const unmanaged = report.drifts.filter((drift) => !seen.includes(keyOf(drift)));
    expect(unmanaged).toMatchObject([
      {
        kind: 'unmanaged',
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        physicalId: created.TargetGroups![0]!.TargetGroupArn,
      },
    ]);
    expect(report.summary).toMatchObject({ modified: 7, missing: 1, unmanaged: 1, unknown: 0 });
  });
});
