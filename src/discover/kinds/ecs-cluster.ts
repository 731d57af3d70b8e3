import { DescribeClustersCommand, ListClustersCommand, type Cluster } from '@aws-sdk/client-ecs';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ListedResource, ReadResult } from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::ECS::Cluster' as const;

/** DescribeClusters takes at most 100 clusters per call. */
const BATCH = 100;

/** The cluster name from its name or ARN (`arn:aws:ecs:us-east-2:123456789012:cluster/bash-dog`). */
export function clusterNameFrom(id: string): string {
  const arn = parseArn(id);
  return arn ? arn.resource.replace(/^cluster\//, '') : id;
}

function toResource(cluster: Cluster): DiscoveredResource {
  const name = cluster.clusterName!;
  const tags = Object.fromEntries((cluster.tags ?? []).map((tag) => [tag.key!, tag.value ?? '']));
  const capacityProviders = cluster.capacityProviders ?? [];
  return {
    type: TYPE,
    physicalId: name,
    name,
    aliases: cluster.clusterArn ? [cluster.clusterArn] : [],
    properties: {
      ClusterName: name,
      ClusterSettings: (cluster.settings ?? []).map((setting) => ({ Name: setting.name, Value: setting.value })),
      ...(capacityProviders.length > 0 ? { CapacityProviders: [...capacityProviders] } : {}),
    },
    attributes: { Status: cluster.status, Arn: cluster.clusterArn },
    tags,
    references: [],
  };
}

async function describe(ctx: DiscoveryContext, names: readonly string[], issues: ReadIssue[]): Promise<Cluster[]> {
  try {
    const output = await ctx.limit(() =>
      ctx.clients.ecs.send(new DescribeClustersCommand({ clusters: [...names], include: ['TAGS', 'SETTINGS'] })),
    );
    // Missing clusters come back in `failures` (reason MISSING), not as an error: they are simply absent.
    // A deleted cluster stays describable as INACTIVE for a while (in moto, forever): it is gone all the same.
    return (output.clusters ?? []).filter((cluster) => cluster.status !== 'INACTIVE');
  } catch (error) {
    if (!isNotFound(error)) issues.push(readIssue('ecs:DescribeClusters', error, { type: TYPE, physicalIds: names }));
    return [];
  }
}

export const ecsClusterHandler: KindHandler = {
  type: TYPE,
  canonicalId: clusterNameFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const names = [...new Set(physicalIds.map(clusterNameFrom))];
    const batches: string[][] = [];
    for (let start = 0; start < names.length; start += BATCH) batches.push(names.slice(start, start + BATCH));
    const clusters = (await Promise.all(batches.map((batch) => describe(ctx, batch, issues)))).flat();
    return { resources: clusters.map(toResource), issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (nextToken) => ctx.clients.ecs.send(new ListClustersCommand({ maxResults: 100, nextToken })),
      (page) => page.nextToken,
    );
    return pages
      .flatMap((page) => page.clusterArns ?? [])
      .map((arn) => {
        const name = clusterNameFrom(arn);
        return { physicalId: name, name };
      });
  },
};
