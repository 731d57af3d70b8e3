import { DescribeSubnetsCommand, type Subnet } from '@aws-sdk/client-ec2';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ReadResult } from '../kind-handler.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::EC2::Subnet' as const;

/** DescribeSubnets documents no id limit; 100 keeps the query string modest. */
const BATCH = 100;

function toResource(subnet: Subnet): DiscoveredResource {
  const tags = Object.fromEntries((subnet.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? '']));
  return {
    type: TYPE,
    physicalId: subnet.SubnetId!,
    name: tags.Name || subnet.SubnetId!,
    properties: {
      VpcId: subnet.VpcId,
      CidrBlock: subnet.CidrBlock,
      AvailabilityZone: subnet.AvailabilityZone,
      // Why the guide's Fargate tasks reach ECR at all: default subnets hand out public IPs.
      MapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    },
    tags,
    references: subnet.VpcId ? [{ type: 'AWS::EC2::VPC', id: subnet.VpcId, via: 'VpcId', kind: 'reference' }] : [],
    external: true,
  };
}

async function describe(ctx: DiscoveryContext, ids: readonly string[], issues: ReadIssue[]): Promise<Subnet[]> {
  try {
    const output = await ctx.limit(() => ctx.clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...ids] })));
    return output.Subnets ?? [];
  } catch (error) {
    // One missing id fails the whole batch (InvalidSubnetID.NotFound); ask again one by one.
    if (isNotFound(error) && ids.length > 1) {
      return (await Promise.all(ids.map((id) => describe(ctx, [id], issues)))).flat();
    }
    if (!isNotFound(error)) issues.push(readIssue('ec2:DescribeSubnets', error, { type: TYPE, physicalIds: ids }));
    return [];
  }
}

/**
 * Subnets are external: referenced by services and load balancers, shown,
 * never created or deleted. Found only through references, so there is no `list`.
 */
export const ec2SubnetHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const ids = [...new Set(physicalIds)];
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += BATCH) batches.push(ids.slice(start, start + BATCH));
    const subnets = (await Promise.all(batches.map((batch) => describe(ctx, batch, issues)))).flat();
    return { resources: subnets.map(toResource), issues };
  },
};
