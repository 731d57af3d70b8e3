import { DescribeSubnetsCommand, type Subnet } from '@aws-sdk/client-ec2';
import { describeInBatches } from '../batched-describe.js';
import type { DiscoveredResource, KindHandler, ReadResult } from '../kind-handler.js';
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

/**
 * Subnets are external: referenced by services and load balancers, shown,
 * never created or deleted. Found only through references, so there is no `list`.
 */
export const ec2SubnetHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    // A missing id (InvalidSubnetID.NotFound) fails the whole batch.
    const subnets = await describeInBatches(
      ctx,
      physicalIds,
      {
        batchSize: BATCH,
        operation: 'ec2:DescribeSubnets',
        type: TYPE,
        describe: async (SubnetIds) =>
          (await ctx.clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds }))).Subnets ?? [],
      },
      issues,
    );
    return { resources: subnets.map(toResource), issues };
  },
};
