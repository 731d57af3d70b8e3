import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeRulesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { asLogicalId } from '../../src/model/resource.js';
import type { WriterContext } from '../../src/reconcile/kind-writer.js';
import { elbv2ListenerRuleWriter } from '../../src/reconcile/writers/elbv2-listener-rule.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../support/moto.js';
import { defaultNetwork } from '../support/scenario/environment.js';

// The listener rule writer against the emulator, which serves CreateRule, DescribeRules, ModifyRule,
// SetRulePriorities and DeleteRule.
let moto: Moto;
let aws: AwsClients;
let listenerArn: string;
let targetGroupArn: string;

const ctx = (): WriterContext => ({
  clients: aws,
  account: TEST_ACCOUNT,
  region: TEST_REGION,
  options: { forceDeleteSecrets: false, allowSecretWrites: false },
  wait: { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 2 },
  willDelete: () => false,
  note: () => undefined,
});

beforeAll(async () => {
  moto = await startMoto();
  aws = moto.clients();
  const network = await defaultNetwork(aws);
  const lb = await aws.elbv2.send(new CreateLoadBalancerCommand({ Name: 'rules', Subnets: network.subnetIds }));
  const tg = await aws.elbv2.send(
    new CreateTargetGroupCommand({
      Name: 'rules-tg',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: network.vpcId,
      TargetType: 'ip',
    }),
  );
  targetGroupArn = tg.TargetGroups![0]!.TargetGroupArn!;
  const listener = await aws.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn!,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );
  listenerArn = listener.Listeners![0]!.ListenerArn!;
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

describe('the AWS::ElasticLoadBalancingV2::ListenerRule writer', () => {
  it('creates a rule, changes its priority and conditions, and deletes it (twice is fine)', async () => {
    const properties = {
      ListenerArn: listenerArn,
      Priority: 5,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [
        { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: 100 }] } },
      ],
    };
    const base = {
      id: asLogicalId('Rule'),
      type: 'AWS::ElasticLoadBalancingV2::ListenerRule' as const,
      reason: 'test',
    };
    const { physicalId } = await elbv2ListenerRuleWriter.create!(ctx(), { ...base, action: 'create', properties });

    const changed = {
      ...properties,
      Priority: 7,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
    };
    await elbv2ListenerRuleWriter.update!(ctx(), {
      ...base,
      action: 'update',
      physicalId,
      properties: changed,
      changes: [
        { path: 'Priority', desired: 7, actual: 5 },
        { path: 'Conditions.0.PathPatternConfig.Values.0', desired: '/api/*', actual: '/*' },
      ],
    } as never);
    const { Rules } = await aws.elbv2.send(new DescribeRulesCommand({ RuleArns: [physicalId] }));
    expect(Rules![0]).toMatchObject({
      Priority: '7',
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
    });

    const remove = () =>
      elbv2ListenerRuleWriter.delete!(ctx(), {
        ...base,
        action: 'delete',
        physicalId,
        properties: {},
        attributes: {},
      } as never);
    expect(await remove()).toBe('deleted');
    expect(await remove()).toBe('already-gone');
  });
});
