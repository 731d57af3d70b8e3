import { CreateSecurityGroupCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elbv2LoadBalancerHandler } from '../../../src/discover/kinds/elbv2-load-balancer.js';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_REGION, type Moto } from '../../support/moto.js';

let moto: Moto;
let ctx: DiscoveryContext;
let lbArn: string;
let subnetIds: string[];
let groupId: string;
let listenerArns: string[];

beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  ctx = discoveryContext(moto.clients());
  const subnets = await clients.ec2.send(new DescribeSubnetsCommand({}));
  const vpcId = subnets.Subnets![0]!.VpcId!;
  subnetIds = subnets.Subnets!.slice(0, 2).map((subnet) => subnet.SubnetId!);
  groupId = (
    await clients.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'bash-dog-lb', Description: 'lb', VpcId: vpcId }),
    )
  ).GroupId!;
  const lb = await clients.elbv2.send(
    new CreateLoadBalancerCommand({
      Name: 'bash-dog',
      // moto reports no Scheme unless it was given; AWS always reports one (default internet-facing).
      Scheme: 'internet-facing',
      Subnets: [...subnetIds].reverse(),
      SecurityGroups: [groupId],
      Tags: [{ Key: 'project', Value: 'bash-dog' }],
    }),
  );
  lbArn = lb.LoadBalancers![0]!.LoadBalancerArn!;
  const tg = await clients.elbv2.send(
    new CreateTargetGroupCommand({ Name: 'bash-dog-main', Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }),
  );
  const forward = [{ Type: 'forward' as const, TargetGroupArn: tg.TargetGroups![0]!.TargetGroupArn! }];
  listenerArns = [];
  for (const port of [80, 8080]) {
    const listener = await clients.elbv2.send(
      new CreateListenerCommand({ LoadBalancerArn: lbArn, Port: port, Protocol: 'HTTP', DefaultActions: forward }),
    );
    listenerArns.push(listener.Listeners![0]!.ListenerArn!);
  }
});
afterAll(async () => {
  await moto?.stop();
});

describe('elbv2LoadBalancerHandler', () => {
  it('reads a load balancer into CloudFormation shape with its references', async () => {
    const missing = lbArn.replace(/\/[0-9a-f]+$/, '/0123456789abcdef');
    const result = await elbv2LoadBalancerHandler.read(ctx, [lbArn, missing]);

    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const [lb] = result.resources;
    expect(lb!.physicalId).toBe(lbArn);
    expect(lb!.name).toBe('bash-dog');
    expect(lb!.unknown).toBeUndefined();
    expect(lb!.properties).toEqual({
      Name: 'bash-dog',
      Scheme: 'internet-facing',
      Type: 'application',
      IpAddressType: 'ipv4',
      Subnets: [...subnetIds].sort(),
      SecurityGroups: [groupId],
    });
    expect(lb!.attributes).toMatchObject({
      DNSName: expect.any(String),
      CanonicalHostedZoneID: expect.any(String),
      VpcId: expect.any(String),
    });
    expect(lb!.tags).toEqual({ project: 'bash-dog' });
    const sorted = [...subnetIds].sort();
    expect(lb!.references).toEqual([
      { type: 'AWS::EC2::Subnet', id: sorted[0], via: 'Subnets.0', kind: 'reference' },
      { type: 'AWS::EC2::Subnet', id: sorted[1], via: 'Subnets.1', kind: 'reference' },
      { type: 'AWS::EC2::SecurityGroup', id: groupId, via: 'SecurityGroups.0', kind: 'reference' },
      ...[...listenerArns]
        .sort()
        .map((id) => ({ type: 'AWS::ElasticLoadBalancingV2::Listener', id, via: 'Listeners', kind: 'contains' })),
      // The Cloudflare zones with records pointing at it (followed only with a Cloudflare token).
      {
        type: 'Cloudflare::DNS::Zone',
        id: `target:${String(lb!.attributes!.DNSName).toLowerCase()}`,
        via: 'DNSName',
        kind: 'contains',
      },
    ]);
    expect(lb!.aliases).toEqual([String(lb!.attributes!.DNSName).toLowerCase()]);
    expect(JSON.parse(JSON.stringify(lb))).toEqual(lb);
  });

  it('asks again one by one when a missing ARN fails the batch, as AWS does', async () => {
    // moto drops a missing ARN silently; AWS fails the whole call with LoadBalancerNotFound. Injected here.
    const missing = lbArn.replace(/\/[0-9a-f]+$/, '/0123456789abcdef');
    const clients = moto.clients();
    const send = clients.elbv2.send.bind(clients.elbv2);
    clients.elbv2.send = (async (command: unknown) => {
      if (command instanceof DescribeLoadBalancersCommand && command.input.LoadBalancerArns?.includes(missing)) {
        throw Object.assign(new Error('One or more load balancers not found'), {
          name: 'LoadBalancerNotFoundException',
        });
      }
      return send(command as DescribeLoadBalancersCommand);
    }) as typeof clients.elbv2.send;

    const result = await elbv2LoadBalancerHandler.read(discoveryContext(clients), [lbArn, missing]);

    expect(result.issues).toEqual([]);
    expect(result.resources.map((lb) => lb.physicalId)).toEqual([lbArn]);
  });

  it('marks a load balancer whose tags could not be read unknown, with the issue', async () => {
    const clients = moto.clients();
    const send = clients.elbv2.send.bind(clients.elbv2);
    clients.elbv2.send = (async (command: unknown) => {
      if (command instanceof DescribeTagsCommand)
        throw Object.assign(new Error('not allowed'), { name: 'AccessDenied' });
      return send(command as DescribeLoadBalancersCommand);
    }) as typeof clients.elbv2.send;

    const result = await elbv2LoadBalancerHandler.read(discoveryContext(clients), [lbArn]);

    expect(result.resources).toHaveLength(1);
    expect(result.resources[0]).toMatchObject({ physicalId: lbArn, unknown: true, tags: {} });
    expect(result.issues).toEqual([
      {
        operation: 'elasticloadbalancing:DescribeTags',
        code: 'AccessDenied',
        message: 'not allowed',
        type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        physicalIds: [lbArn],
      },
    ]);
  });

  it('makes one call per operation for one load balancer', async () => {
    const clients = moto.clients();
    await elbv2LoadBalancerHandler.read(discoveryContext(clients), [lbArn]);
    expect(clients.counter.snapshot().callsByOperation).toEqual({
      'elasticloadbalancing:DescribeListeners': 1,
      'elasticloadbalancing:DescribeLoadBalancers': 1,
      'elasticloadbalancing:DescribeTags': 1,
    });
  });

  it('lists load balancers by ARN and name', async () => {
    expect(await elbv2LoadBalancerHandler.list!(ctx)).toEqual([{ physicalId: lbArn, name: 'bash-dog' }]);
  });

  it('reports a failed read as an issue without throwing', async () => {
    const result = await elbv2LoadBalancerHandler.read(
      discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9' })),
      [lbArn],
    );
    expect(result.resources).toEqual([]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      operation: 'elasticloadbalancing:DescribeLoadBalancers',
      type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      physicalIds: [lbArn],
    });
  });
});
