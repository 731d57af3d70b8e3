import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2SecurityGroupHandler, flattenRules } from '../../../src/discover/kinds/ec2-security-group.js';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

let moto: Moto;
let ctx: DiscoveryContext;
let vpcId: string;
let lbGroup: string;
let appGroup: string;
let defaultGroup: string;

beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  ctx = discoveryContext(moto.clients());
  vpcId = (await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  const create = async (GroupName: string) =>
    (
      await clients.ec2.send(
        new CreateSecurityGroupCommand({
          GroupName,
          Description: `${GroupName} group`,
          VpcId: vpcId,
          TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'project', Value: 'bash-dog' }] }],
        }),
      )
    ).GroupId!;
  lbGroup = await create('bash-dog-lb');
  appGroup = await create('bash-dog-app');
  await clients.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: appGroup,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 80,
          ToPort: 80,
          UserIdGroupPairs: [{ GroupId: lbGroup, Description: 'from the load balancer' }],
        },
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '0.0.0.0/0', Description: 'world' }],
        },
        { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, PrefixListIds: [{ PrefixListId: 'pl-12345678' }] },
      ],
    }),
  );
  await clients.ec2.send(
    new AuthorizeSecurityGroupEgressCommand({
      GroupId: lbGroup,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: appGroup }] }],
    }),
  );
  const defaults = await clients.ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'group-name', Values: ['default'] },
        { Name: 'vpc-id', Values: [vpcId] },
      ],
    }),
  );
  defaultGroup = defaults.SecurityGroups![0]!.GroupId!;
});
afterAll(async () => {
  await moto?.stop();
});

describe('ec2SecurityGroupHandler', () => {
  it('flattens rules one per peer, sorted, with no ports on protocol -1', () => {
    const rules = flattenRules(
      [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        { IpProtocol: '-1', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        {
          IpProtocol: 'tcp',
          FromPort: 80,
          ToPort: 80,
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          UserIdGroupPairs: [{ GroupId: 'sg-1', UserId: '999999999999' }],
        },
      ],
      'ingress',
      TEST_ACCOUNT,
    );
    expect(rules).toEqual([
      { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
      {
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
        SourceSecurityGroupId: 'sg-1',
        SourceSecurityGroupOwnerId: '999999999999',
      },
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
    ]);
  });

  it('reads groups in one batch into CloudFormation rule lists with their references', async () => {
    const clients = moto.clients();
    const result = await ec2SecurityGroupHandler.read(discoveryContext(clients), [
      appGroup,
      lbGroup,
      'sg-0123456789abcdef0',
    ]);

    expect(result.issues).toEqual([]);
    // The missing id fails the first batch; the handler then asks id by id.
    expect(clients.counter.count('ec2:DescribeSecurityGroups')).toBe(4);
    const byId = new Map(result.resources.map((group) => [group.physicalId, group]));
    expect([...byId.keys()].sort()).toEqual([appGroup, lbGroup].sort());

    const app = byId.get(appGroup)!;
    expect(app).toMatchObject({ name: 'bash-dog-app', tags: { project: 'bash-dog' } });
    expect(app.external).toBeUndefined();
    expect(app.properties).toEqual({
      GroupName: 'bash-dog-app',
      GroupDescription: 'bash-dog-app group',
      VpcId: vpcId,
      SecurityGroupIngress: [
        { IpProtocol: '-1', CidrIpv6: '::/0' },
        {
          IpProtocol: 'tcp',
          FromPort: 80,
          ToPort: 80,
          SourceSecurityGroupId: lbGroup,
          Description: 'from the load balancer',
        },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'world' },
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' },
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourcePrefixListId: 'pl-12345678' },
      ],
      SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
    });
    expect(app.references).toEqual([
      { type: 'AWS::EC2::VPC', id: vpcId, via: 'VpcId', kind: 'reference' },
      {
        type: 'AWS::EC2::SecurityGroup',
        id: lbGroup,
        via: 'SecurityGroupIngress.1.SourceSecurityGroupId',
        kind: 'reference',
      },
    ]);

    const lb = byId.get(lbGroup)!;
    expect(lb.properties.SecurityGroupEgress).toEqual([
      { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, DestinationSecurityGroupId: appGroup },
    ]);
    expect(lb.references).toContainEqual({
      type: 'AWS::EC2::SecurityGroup',
      id: appGroup,
      via: 'SecurityGroupEgress.1.DestinationSecurityGroupId',
      kind: 'reference',
    });
  });

  it('marks the default group external and draws no edge for its rule that allows itself', async () => {
    const result = await ec2SecurityGroupHandler.read(ctx, [defaultGroup]);
    const [group] = result.resources;
    expect(group).toMatchObject({ physicalId: defaultGroup, name: 'default', external: true });
    expect(group!.references.filter((reference) => reference.id === defaultGroup)).toEqual([]);
  });

  it('resolves a default-VPC group name (as older stacks report it) and ties it to the id', async () => {
    const result = await ec2SecurityGroupHandler.read(ctx, ['bash-dog-app', appGroup, 'no-such-group']);
    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    expect(result.resources[0]).toMatchObject({ physicalId: appGroup, aliases: ['bash-dog-app'] });
  });

  it('lists groups by id and name', async () => {
    const listed = await ec2SecurityGroupHandler.list!(ctx);
    expect(listed).toEqual(
      expect.arrayContaining([
        { physicalId: appGroup, name: 'bash-dog-app' },
        { physicalId: lbGroup, name: 'bash-dog-lb' },
        { physicalId: defaultGroup, name: 'default' },
      ]),
    );
  });

  it('reports a failed read as an issue without throwing', async () => {
    const result = await ec2SecurityGroupHandler.read(
      discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9' })),
      [appGroup],
    );
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'ec2:DescribeSecurityGroups',
        type: 'AWS::EC2::SecurityGroup',
        physicalIds: [appGroup],
      }),
    ]);
  });
});
