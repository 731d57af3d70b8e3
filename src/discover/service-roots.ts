/**
 * `--service NAME` without its cluster. ECS names a service within its
 * cluster, so a bare name says nothing about where to look; reading it as an
 * id found nothing, and the stack's whole live graph was then labelled debris.
 * A bare name is resolved here instead: the one service of that name across
 * the account's clusters, or an error listing the candidates, never a guess.
 */
import { UserError } from '../errors.js';
import type { DiscoveryContext, ListedResource } from './kind-handler.js';
import { listServicesInCluster, parseServiceId } from './kinds/ecs-service.js';

/** Each `--service` as an id discovery can read: given ones unchanged, bare names as `cluster/service`. */
export async function resolveServiceRoots(
  ctx: DiscoveryContext,
  services: readonly string[],
  listClusters: () => Promise<ListedResource[]>,
): Promise<string[]> {
  const bare = services.filter((service) => parseServiceId(service) === undefined);
  if (bare.length === 0) return [...services];
  const clusters = await listClusters();
  const listed = await Promise.all(
    clusters.map(async (cluster) => ({
      cluster: cluster.name,
      arns: await listServicesInCluster(ctx, cluster.physicalId),
    })),
  );
  const where = new Map<string, string[]>();
  for (const { cluster, arns } of listed) {
    for (const arn of arns) {
      const name = arn.slice(arn.lastIndexOf('/') + 1);
      where.set(name, [...(where.get(name) ?? []), `${cluster}/${name}`]);
    }
  }
  return services.map((service) => {
    if (parseServiceId(service) !== undefined) return service;
    const name = service.slice(service.lastIndexOf('/') + 1);
    const candidates = (where.get(name) ?? []).sort();
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) {
      throw new UserError(
        'SERVICE_NOT_FOUND',
        `--service ${service}: no cluster in ${ctx.account}/${ctx.region} has a service of that name.`,
        ['Give the service as CLUSTER/SERVICE: `aws ecs list-services --cluster NAME` lists a cluster’s services.'],
      );
    }
    throw new UserError(
      'AMBIGUOUS_SERVICE',
      `--service ${service}: ${candidates.length} clusters have a service of that name: ${candidates.join(', ')}.`,
      [`Say which, as CLUSTER/SERVICE: ${candidates.map((candidate) => `--service ${candidate}`).join(' or ')}.`],
    );
  });
}
