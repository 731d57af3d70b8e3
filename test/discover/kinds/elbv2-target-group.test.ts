import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elbv2TargetGroupHandler } from '../../../src/discover/kinds/elbv2-target-group.js';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_REGION, type Moto } from '../../support/moto.js';

let moto: Moto;
let ctx: DiscoveryContext;
let vpcId: string;
let mainArn: string;
let secondaryArn: string;
let lbArn: string;

beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  ctx = discoveryContext(moto.clients());
  const subnets = (await clients.ec2.send(new DescribeSubnetsCommand({}))).Subnets!;
  vpcId = subnets[0]!.VpcId!;
  const create = async (name: string, tags: Record<string, string>) =>
    (
      await clients.elbv2.send(
        new CreateTargetGroupCommand({
          Name: name,
          Protocol: 'HTTP',
          Port: 80,
          VpcId: vpcId,
          TargetType: 'ip',
          HealthCheckPath: '/health',
          Matcher: { HttpCode: '200-299' },
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
  mainArn = await create('bash-dog-main', { project: 'bash-dog' });
  secondaryArn = await create('bash-dog-secondary', {});
  // bash-dog-main is in use by two listeners of one load balancer; bash-dog-secondary by none.
  lbArn = (
    await clients.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: 'bash-dog',
        Subnets: subnets.slice(0, 2).map((subnet) => subnet.SubnetId!),
      }),
    )
  ).LoadBalancers![0]!.LoadBalancerArn!;
  for (const Port of [80, 8080]) {
    await clients.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Port,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: mainArn }],
      }),
    );
  }
});
afterAll(async () => {
  await moto?.stop();
});

describe('elbv2TargetGroupHandler', () => {
  it('reads a target group by ARN into CloudFormation shape', async () => {
    const missing = mainArn.replace(/\/[0-9a-f]+$/, '/0123456789abcdef');
    const result = await elbv2TargetGroupHandler.read(ctx, [mainArn, missing]);

    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const [tg] = result.resources;
    expect(tg).toMatchObject({
      physicalId: mainArn,
      name: 'bash-dog-main',
      aliases: ['bash-dog-main'],
      tags: { project: 'bash-dog' },
    });
    expect(tg!.properties).toEqual({
      Name: 'bash-dog-main',
      Port: 80,
      Protocol: 'HTTP',
      ProtocolVersion: 'HTTP1',
      TargetType: 'ip',
      VpcId: vpcId,
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
      HealthCheckPort: 'traffic-port',
      HealthCheckProtocol: 'HTTP',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200-299' },
    });
    // Once, though two listeners forward to it (moto repeats the ARN per listener).
    expect(tg!.attributes).toEqual({ LoadBalancerArns: [lbArn] });
    expect(tg!.references).toEqual([{ type: 'AWS::EC2::VPC', id: vpcId, via: 'VpcId', kind: 'reference' }]);
    expect(tg!.unknown).toBeUndefined();
  });

  it('reads target groups by name (as CodeDeploy names them) and ties the names to the ARNs', async () => {
    const clients = moto.clients();
    // One missing name fails the batch in moto as in AWS: the handler asks again name by name.
    const result = await elbv2TargetGroupHandler.read(discoveryContext(clients), [
      'bash-dog-main',
      'bash-dog-secondary',
      'bash-dog-gone',
      mainArn,
    ]);

    expect(result.issues).toEqual([]);
    const byArn = new Map(result.resources.map((tg) => [tg.physicalId, tg]));
    expect([...byArn.keys()].sort()).toEqual([mainArn, secondaryArn].sort());
    expect(byArn.get(secondaryArn)!.aliases).toEqual(['bash-dog-secondary']);
    expect(byArn.get(secondaryArn)!.tags).toEqual({});
    // Unattached: no load balancer uses it, which is what makes a leftover target group debris.
    expect(byArn.get(secondaryArn)!.attributes).toEqual({ LoadBalancerArns: [] });
    // Asked for by both name and ARN, tagged once.
    expect(clients.counter.count('elasticloadbalancing:DescribeTags')).toBe(1);
  });

  it('lists target groups', async () => {
    const listed = await elbv2TargetGroupHandler.list!(ctx);
    expect(listed.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { physicalId: mainArn, name: 'bash-dog-main' },
      { physicalId: secondaryArn, name: 'bash-dog-secondary' },
    ]);
  });

  it('reports a failed read as an issue without throwing', async () => {
    const result = await elbv2TargetGroupHandler.read(
      discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9' })),
      [mainArn, 'bash-dog-secondary'],
    );
    expect(result.resources).toEqual([]);
    expect(result.issues.map((issue) => issue.physicalIds).sort()).toEqual([[mainArn], ['bash-dog-secondary']]);
    expect(result.issues[0]).toMatchObject({
      operation: 'elasticloadbalancing:DescribeTargetGroups',
      type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    });
  });
});
