import { DescribeVpcsCommand, type Vpc } from '@aws-sdk/client-ec2';
import { describeInBatches } from '../batched-describe.js';
import type { DiscoveredResource, KindHandler, ReadResult } from '../kind-handler.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::EC2::VPC' as const;

/** DescribeVpcs documents no id limit; 100 keeps the query string modest. */
const BATCH = 100;

function toResource(vpc: Vpc): DiscoveredResource {
  const tags = Object.fromEntries((vpc.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? '']));
  return {
    type: TYPE,
    physicalId: vpc.VpcId!,
    name: tags.Name || vpc.VpcId!,
    properties: { CidrBlock: vpc.CidrBlock },
    attributes: { IsDefault: vpc.IsDefault ?? false, ...(vpc.State ? { State: vpc.State } : {}) },
    tags,
    references: [],
    external: true,
  };
}

/**
 * VPCs are external: referenced by subnets, groups and target groups, shown,
 * never created or deleted. Found only through references, so there is no `list`.
 */
export const ec2VpcHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    // A missing id (InvalidVpcID.NotFound) fails the whole batch.
    const vpcs = await describeInBatches(
      ctx,
      physicalIds,
      {
        batchSize: BATCH,
        operation: 'ec2:DescribeVpcs',
        type: TYPE,
        describe: async (VpcIds) => (await ctx.clients.ec2.send(new DescribeVpcsCommand({ VpcIds }))).Vpcs ?? [],
      },
      issues,
    );
    return { resources: vpcs.map(toResource), issues };
  },
};
