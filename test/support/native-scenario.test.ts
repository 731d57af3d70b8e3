import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { ListApplicationsCommand } from '@aws-sdk/client-codedeploy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { startEcsNativeProxy, type EcsNativeProxy } from './ecs-native-proxy.js';
import { startMoto, type Moto } from './moto.js';
import { buildConsoleStack, type ScenarioFacts } from './scenario.js';
import { ECS_INFRASTRUCTURE_LB_POLICY_ARN } from './scenario/native.js';

let moto: Moto;
let proxy: EcsNativeProxy;
let clients: AwsClients;
let facts: ScenarioFacts;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startEcsNativeProxy(moto.endpoint);
  clients = moto.clients(undefined, { endpoint: proxy.endpoint });
  facts = await buildConsoleStack(clients, { name: 'bash-dog', withDebris: false, controller: 'ECS' });
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

describe('the ECS-native blue/green scenario, through the proxy', () => {
  it('keeps the native deployment fields moto drops', async () => {
    const { services } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: facts.names.cluster, services: [facts.names.service] }),
    );
    const service = services![0]!;
    expect(service.deploymentController?.type).toBe('ECS');
    expect(service.deploymentConfiguration).toMatchObject({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 });
    expect(service.loadBalancers?.[0]?.advancedConfiguration).toEqual({
      alternateTargetGroupArn: facts.names.greenTargetGroupArn,
      productionListenerRule: facts.names.native!.productionRuleArn,
      testListenerRule: facts.names.native!.testRuleArn,
      roleArn: facts.names.native!.infrastructureRoleArn,
    });
  });

  it('moto itself drops the deployment configuration (why the proxy exists)', async () => {
    const { services } = await moto
      .clients()
      .ecs.send(new DescribeServicesCommand({ cluster: facts.names.cluster, services: [facts.names.service] }));
    expect(services![0]!.deploymentConfiguration?.strategy).toBeUndefined();
  });

  it('UpdateService replaces what it names and keeps the rest', async () => {
    await clients.ecs.send(
      new UpdateServiceCommand({
        cluster: facts.names.cluster,
        service: facts.names.service,
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 10 },
      }),
    );
    const { services } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: facts.names.cluster, services: [facts.names.service] }),
    );
    expect(services![0]!.deploymentConfiguration?.bakeTimeInMinutes).toBe(10);
    expect(services![0]!.loadBalancers?.[0]?.advancedConfiguration?.alternateTargetGroupArn).toBe(
      facts.names.greenTargetGroupArn,
    );
    await clients.ecs.send(
      new UpdateServiceCommand({
        cluster: facts.names.cluster,
        service: facts.names.service,
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 },
      }),
    );
  });

  it('builds rules in moto (which serves ELBv2 rules), an infrastructure role, and no CodeDeploy', async () => {
    const { Rules } = await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: facts.names.listenerArn }));
    const production = Rules!.find((rule) => rule.RuleArn === facts.names.native!.productionRuleArn)!;
    expect(production.Actions?.[0]?.ForwardConfig?.TargetGroups?.map((tg) => tg.TargetGroupArn)).toEqual([
      facts.names.blueTargetGroupArn,
      facts.names.greenTargetGroupArn,
    ]);
    const attached = await clients.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: facts.names.native!.infrastructureRole }),
    );
    expect(attached.AttachedPolicies?.map((policy) => policy.PolicyArn)).toEqual([ECS_INFRASTRUCTURE_LB_POLICY_ARN]);
    expect((await clients.codedeploy.send(new ListApplicationsCommand({}))).applications ?? []).toEqual([]);
  });
});
