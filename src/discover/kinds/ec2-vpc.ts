import { DescribeVpcsCommand, type Vpc } from '@aws-sdk/client-ec2';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ReadResult } from '../kind-handler.js';
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

async function describe(ctx: DiscoveryContext, ids: readonly string[], issues: ReadIssue[]): Promise<Vpc[]> {
  try {
    const output = await ctx.limit(() => ctx.clients.ec2.send(new DescribeVpcsCommand({ VpcIds: [...ids] })));
    return output.Vpcs ?? [];
  } catch (error) {
    // One missing id fails the whole batch (InvalidVpcID.NotFound); ask again one by one.
    if (isNotFound(error) && ids.length > 1) {
      return (await Promise.all(ids.map((id) => describe(ctx, [id], issues)))).flat();
    }
    if (!isNotFound(error)) issues.push(readIssue('ec2:DescribeVpcs', error, { type: TYPE, physicalIds: ids }));
    return [];
  }
}

/**
 * VPCs are external: referenced by subnets, groups and target groups, shown,
 * never created or deleted. Found only through references, so there is no `list`.
 */
export const ec2VpcHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const ids = [...new Set(physicalIds)];
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += BATCH) batches.push(ids.slice(start, start + BATCH));
    const vpcs = (await Promise.all(batches.map((batch) => describe(ctx, batch, issues)))).flat();
    return { resources: vpcs.map(toResource), issues };
  },
};
