import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { ModifyRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import Apply from '../../src/commands/apply.js';
import Drift from '../../src/commands/drift.js';
import Plan from '../../src/commands/plan.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { discover } from '../../src/discover/discover.js';
import type { DriftReport } from '../../src/model/drift.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startEcsNativeProxy, type EcsNativeProxy } from '../support/ecs-native-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { buildConsoleStack, type ScenarioFacts } from '../support/scenario.js';

// ECS-native blue/green: the emulator drops the service's deployment configuration, so every call goes
// through the proxy in test/support/ecs-native-proxy.ts. CodeStar Connections is recorded HTTP.
let moto: Moto;
let proxy: EcsNativeProxy;
let clients: AwsClients;
let facts: ScenarioFacts;
let snapshot: Snapshot;
let desiredFile: string;
let stopRecording: () => unknown;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startEcsNativeProxy(moto.endpoint);
  clients = moto.clients(undefined, { endpoint: proxy.endpoint });
  facts = await buildConsoleStack(clients, { name: 'bash-dog', withDebris: false, controller: 'ECS' });
  stopRecording = recordCodeStarConnections(proxy.endpoint, [facts.connection!]);
  snapshot = await discover(clients, { stack: 'bash-dog' });
  desiredFile = join(await mkdtemp(join(tmpdir(), 'reclaim-native-')), 'reclaim.yaml');
  await writeFile(desiredFile, renderDesiredState(desiredFromSnapshot(snapshot)), 'utf8');
}, 90_000);

afterAll(async () => {
  await stopRecording?.();
  await proxy?.stop();
  await moto?.stop();
});

const driftJson = async (file = desiredFile) => {
  const result = await runCommand(Drift, [
    '--desired',
    file,
    '--format',
    'json',
    '--region',
    TEST_REGION,
    '--endpoint-url',
    proxy.endpoint,
  ]);
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout) as DriftReport };
};

describe('discovering a native blue/green service', () => {
  it('reads the strategy, bake time and advanced configuration, and finds the rules and role through it', () => {
    const service = snapshot.resources.find((resource) => resource.type === 'AWS::ECS::Service')!;
    expect(service.properties.DeploymentConfiguration).toMatchObject({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 5 });
    expect(service.properties.DeploymentController).toEqual({ Type: 'ECS' });
    const native = facts.names.native!;
    const found = new Set(snapshot.resources.map((resource) => `${resource.type}|${resource.physicalId}`));
    for (const expected of facts.live)
      expect(found, expected.physicalId).toContain(`${expected.type}|${expected.physicalId}`);
    const targets = snapshot.edges
      .filter((edge) => edge.from === service.id)
      .map((edge) => [edge.via, snapshot.resources.find((resource) => resource.id === edge.to)?.physicalId]);
    expect(targets).toEqual(
      expect.arrayContaining([
        ['LoadBalancers.0.AdvancedConfiguration.AlternateTargetGroupArn', facts.names.greenTargetGroupArn],
        ['LoadBalancers.0.AdvancedConfiguration.ProductionListenerRule', native.productionRuleArn],
        ['LoadBalancers.0.AdvancedConfiguration.TestListenerRule', native.testRuleArn],
        ['LoadBalancers.0.AdvancedConfiguration.RoleArn', native.infrastructureRole],
      ]),
    );
  });

  it('writes references, not ARNs, into the imported file', async () => {
    const text = await readFile(desiredFile, 'utf8');
    expect(text).toContain('AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(text).toMatch(/AlternateTargetGroupArn: !Ref \w+TargetGroup\n/);
    expect(text).toMatch(/ProductionListenerRule: !Ref \w+ListenerRule\n/);
    expect(text).toMatch(/RoleArn: !GetAtt \w+Role\.Arn\n/);
  });
});

describe('drift of a native blue/green stack', () => {
  it('is in sync right after import', async () => {
    const { exitCode, report } = await driftJson();
    expect(report.drifts).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('is in sync after a completed deployment: the pair swapped, the rules moved, a new revision runs', async () => {
    // Given what ECS leaves after a BLUE_GREEN deployment: a new revision, green live, the rules forwarding to green.
    const names = facts.names;
    const { taskDefinition } = await clients.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: names.taskDefinitionArn }),
    );
    const { family, containerDefinitions, cpu, memory, networkMode, executionRoleArn, taskRoleArn } = taskDefinition!;
    const input: RegisterTaskDefinitionCommandInput = {
      family,
      containerDefinitions,
      cpu,
      memory,
      networkMode,
      executionRoleArn,
      taskRoleArn,
      requiresCompatibilities: ['FARGATE'],
      runtimePlatform: taskDefinition!.runtimePlatform,
    };
    const revision = await clients.ecs.send(new RegisterTaskDefinitionCommand(input));
    await clients.ecs.send(
      new UpdateServiceCommand({
        cluster: names.cluster,
        service: names.service,
        taskDefinition: revision.taskDefinition!.taskDefinitionArn,
        loadBalancers: [
          {
            targetGroupArn: names.greenTargetGroupArn,
            containerName: names.containers.nginx,
            containerPort: 80,
            advancedConfiguration: {
              alternateTargetGroupArn: names.blueTargetGroupArn,
              productionListenerRule: names.native!.productionRuleArn,
              testListenerRule: names.native!.testRuleArn,
              roleArn: names.native!.infrastructureRoleArn,
            },
          },
        ],
      }),
    );
    for (const RuleArn of [names.native!.productionRuleArn, names.native!.testRuleArn]) {
      await clients.elbv2.send(
        new ModifyRuleCommand({
          RuleArn,
          Actions: [
            {
              Type: 'forward',
              ForwardConfig: {
                TargetGroups: [
                  { TargetGroupArn: names.blueTargetGroupArn, Weight: 0 },
                  { TargetGroupArn: names.greenTargetGroupArn, Weight: 100 },
                ],
              },
            },
          ],
        }),
      );
    }
    // When drift runs, then nothing is reported.
    const { exitCode, report } = await driftJson();
    expect(report.drifts).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('reports a bake time changed by hand', async () => {
    await clients.ecs.send(
      new UpdateServiceCommand({
        cluster: facts.names.cluster,
        service: facts.names.service,
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: 0,
          maximumPercent: 200,
          minimumHealthyPercent: 100,
        },
      }),
    );
    const { exitCode, report } = await driftJson();
    expect(exitCode).toBe(2);
    expect(report.drifts.map((drift) => [drift.type, drift.path, drift.desired, drift.actual])).toEqual([
      ['AWS::ECS::Service', 'DeploymentConfiguration.BakeTimeInMinutes', 5, 0],
    ]);
  });

  it('apply brings the bake time back through UpdateService, and leaves the swapped pair alone', async () => {
    const aws = ['--region', TEST_REGION, '--endpoint-url', proxy.endpoint];
    const plan = await runCommand(Plan, ['--desired', desiredFile, ...aws]);
    expect(plan.exitCode).toBe(2);
    expect(plan.stdout).toContain('DeploymentConfiguration');
    expect(plan.stdout).not.toContain('LoadBalancers');
    const applied = await runCommand(Apply, ['--desired', desiredFile, '--yes', ...aws]);
    expect(applied.exitCode, applied.stderr).toBe(0);
    const { exitCode, report } = await driftJson();
    expect(report.drifts).toEqual([]);
    expect(exitCode).toBe(0);
    const { services } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: facts.names.cluster, services: [facts.names.service] }),
    );
    expect(services![0]!.loadBalancers?.[0]?.targetGroupArn).toBe(facts.names.greenTargetGroupArn);
  });

  it('apply of a change to the load balancers keeps the pair the way ECS swapped it', async () => {
    // Given a file that changes the container port, declaring the pair as imported (blue serving) while green serves.
    const aws = ['--region', TEST_REGION, '--endpoint-url', proxy.endpoint];
    const text = await readFile(desiredFile, 'utf8');
    expect(text).toContain('ContainerPort: 80\n');
    const changed = join(dirname(desiredFile), 'port.yaml');
    await writeFile(changed, text.replace('ContainerPort: 80\n', 'ContainerPort: 8080\n'), 'utf8');
    const applied = await runCommand(Apply, ['--desired', changed, '--yes', ...aws]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    const { services } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: facts.names.cluster, services: [facts.names.service] }),
    );
    expect(services![0]!.loadBalancers?.[0]).toMatchObject({
      containerPort: 8080,
      targetGroupArn: facts.names.greenTargetGroupArn,
      advancedConfiguration: { alternateTargetGroupArn: facts.names.blueTargetGroupArn },
    });
    expect((await driftJson(changed)).report.drifts).toEqual([]);
    // And back, for the tests that follow.
    expect((await runCommand(Apply, ['--desired', desiredFile, '--yes', ...aws])).exitCode).toBe(0);
  });

  it('reads a LINEAR strategy with its steps', async () => {
    await clients.ecs.send(
      new UpdateServiceCommand({
        cluster: facts.names.cluster,
        service: facts.names.service,
        deploymentConfiguration: {
          strategy: 'LINEAR',
          bakeTimeInMinutes: 5,
          linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
        },
      }),
    );
    const { exitCode, report } = await driftJson();
    expect(exitCode).toBe(2);
    expect(report.drifts.map((drift) => [drift.path, drift.desired, drift.actual])).toEqual(
      expect.arrayContaining([['DeploymentConfiguration.Strategy', 'BLUE_GREEN', 'LINEAR']]),
    );
    const again = await discover(clients, { stack: 'bash-dog' });
    const service = again.resources.find((resource) => resource.type === 'AWS::ECS::Service')!;
    expect(service.properties.DeploymentConfiguration).toEqual({
      Strategy: 'LINEAR',
      BakeTimeInMinutes: 5,
      LinearConfiguration: { StepPercent: 25, StepBakeTimeInMinutes: 2 },
    });
  });
});
