import {
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2SubnetHandler } from '../../../src/discover/kinds/ec2-subnet.js';
import { ec2VpcHandler } from '../../../src/discover/kinds/ec2-vpc.js';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_REGION, type Moto } from '../../support/moto.js';

let moto: Moto;
let ctx: DiscoveryContext;
let defaultVpc: string;
let defaultSubnet: { id: string; cidr: string; zone: string };
let ownVpc: string;
let ownSubnet: string;

const failingContext = () => discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9' }));

beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  ctx = discoveryContext(moto.clients());
  defaultVpc = (await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  const subnet = (
    await clients.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [defaultVpc] }] }))
  ).Subnets![0]!;
  defaultSubnet = { id: subnet.SubnetId!, cidr: subnet.CidrBlock!, zone: subnet.AvailabilityZone! };
  ownVpc = (await clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
  await clients.ec2.send(
    new CreateTagsCommand({ Resources: [ownVpc], Tags: [{ Key: 'Name', Value: 'bash-dog-vpc' }] }),
  );
  ownSubnet = (
    await clients.ec2.send(
      new CreateSubnetCommand({ VpcId: ownVpc, CidrBlock: '10.1.1.0/24', AvailabilityZone: 'us-east-2b' }),
    )
  ).Subnet!.SubnetId!;
});
afterAll(async () => {
  await moto?.stop();
});

describe('ec2VpcHandler', () => {
  it('reads VPCs as external resources, asking again one by one when a missing id fails the batch', async () => {
    const result = await ec2VpcHandler.read(ctx, [defaultVpc, ownVpc, 'vpc-0123456789abcdef0']);

    expect(result.issues).toEqual([]);
    const byId = new Map(result.resources.map((vpc) => [vpc.physicalId, vpc]));
    expect([...byId.keys()].sort()).toEqual([defaultVpc, ownVpc].sort());
    expect(byId.get(defaultVpc)).toEqual({
      type: 'AWS::EC2::VPC',
      physicalId: defaultVpc,
      name: defaultVpc,
      properties: { CidrBlock: '172.31.0.0/16' },
      attributes: { IsDefault: true, State: 'available' },
      tags: {},
      references: [],
      external: true,
    });
    expect(byId.get(ownVpc)).toMatchObject({ name: 'bash-dog-vpc', attributes: { IsDefault: false }, external: true });
  });

  it('reports a failed read as an issue without throwing', async () => {
    const result = await ec2VpcHandler.read(failingContext(), [defaultVpc]);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 'ec2:DescribeVpcs', type: 'AWS::EC2::VPC', physicalIds: [defaultVpc] }),
    ]);
  });
});

describe('ec2SubnetHandler', () => {
  it('reads subnets as external resources that reference their VPC', async () => {
    const clients = moto.clients();
    const result = await ec2SubnetHandler.read(discoveryContext(clients), [
      defaultSubnet.id,
      ownSubnet,
      defaultSubnet.id,
    ]);

    expect(result.issues).toEqual([]);
    expect(clients.counter.count('ec2:DescribeSubnets')).toBe(1);
    const byId = new Map(result.resources.map((subnet) => [subnet.physicalId, subnet]));
    expect(byId.get(defaultSubnet.id)).toEqual({
      type: 'AWS::EC2::Subnet',
      physicalId: defaultSubnet.id,
      name: defaultSubnet.id,
      properties: {
        VpcId: defaultVpc,
        CidrBlock: defaultSubnet.cidr,
        AvailabilityZone: defaultSubnet.zone,
        MapPublicIpOnLaunch: true,
      },
      tags: {},
      references: [{ type: 'AWS::EC2::VPC', id: defaultVpc, via: 'VpcId', kind: 'reference' }],
      external: true,
    });
    expect(byId.get(ownSubnet)!.properties).toEqual({
      VpcId: ownVpc,
      CidrBlock: '10.1.1.0/24',
      AvailabilityZone: 'us-east-2b',
      MapPublicIpOnLaunch: false,
    });
  });

  it('leaves a missing subnet absent', async () => {
    const result = await ec2SubnetHandler.read(ctx, ['subnet-0123456789abcdef0', ownSubnet]);
    expect(result.issues).toEqual([]);
    expect(result.resources.map((subnet) => subnet.physicalId)).toEqual([ownSubnet]);
  });

  it('reports a failed read as an issue without throwing', async () => {
    const result = await ec2SubnetHandler.read(failingContext(), [ownSubnet]);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 'ec2:DescribeSubnets', type: 'AWS::EC2::Subnet', physicalIds: [ownSubnet] }),
    ]);
  });
});
