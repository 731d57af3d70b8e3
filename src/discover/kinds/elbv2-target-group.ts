import {
  DescribeTargetGroupsCommand,
  type DescribeTargetGroupsCommandInput,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ListedResource, ReadResult } from '../kind-handler.js';
import { allPages } from '../paginate.js';
import { describedKey, takeDescribed } from '../described.js';
import { readElbv2Tags } from './elbv2-load-balancer.js';
import { isArn } from '../../util/arn.js';
import type { ReadIssue } from '../../model/snapshot.js';
import { defined } from '../../util/properties.js';

const TYPE = 'AWS::ElasticLoadBalancingV2::TargetGroup' as const;

/** Kept in line with DescribeLoadBalancers' documented 20 per call. */
const BATCH = 20;

/** Drops the keys whose value is undefined: snapshots are JSON. */
function toResource(tg: TargetGroup, tags: Record<string, string>): DiscoveredResource {
  const matcher = tg.Matcher ? defined({ HttpCode: tg.Matcher.HttpCode, GrpcCode: tg.Matcher.GrpcCode }) : undefined;
  return {
    type: TYPE,
    physicalId: tg.TargetGroupArn!,
    name: tg.TargetGroupName!,
    // CodeDeploy deployment groups name their target groups by name, not ARN.
    aliases: [tg.TargetGroupName!],
    // Lambda target groups have no port, protocol or VPC; HTTP-only fields are unset for TCP: omitted, not null.
    properties: defined({
      Name: tg.TargetGroupName,
      Port: tg.Port,
      Protocol: tg.Protocol,
      ProtocolVersion: tg.ProtocolVersion,
      TargetType: tg.TargetType,
      VpcId: tg.VpcId,
      HealthCheckEnabled: tg.HealthCheckEnabled,
      HealthCheckPath: tg.HealthCheckPath,
      HealthCheckPort: tg.HealthCheckPort,
      HealthCheckProtocol: tg.HealthCheckProtocol,
      HealthCheckIntervalSeconds: tg.HealthCheckIntervalSeconds,
      HealthCheckTimeoutSeconds: tg.HealthCheckTimeoutSeconds,
      HealthyThresholdCount: tg.HealthyThresholdCount,
      UnhealthyThresholdCount: tg.UnhealthyThresholdCount,
      Matcher: matcher,
    }),
    // Empty means no load balancer uses the group: cleanup's "unattached target group" debris.
    // De-duplicated because moto (not AWS) repeats an ARN once per listener or rule that forwards to the group.
    attributes: { LoadBalancerArns: [...new Set(tg.LoadBalancerArns ?? [])].sort() },
    tags,
    references: tg.VpcId ? [{ type: 'AWS::EC2::VPC', id: tg.VpcId, via: 'VpcId', kind: 'reference' }] : [],
  };
}

type Key = 'TargetGroupArns' | 'Names';

/** The listing describes every target group whole, filed by ARN and by name (names are unique in a region). */
const LISTED = describedKey<TargetGroup>(TYPE);

async function describe(
  ctx: DiscoveryContext,
  key: Key,
  ids: readonly string[],
  issues: ReadIssue[],
): Promise<TargetGroup[]> {
  try {
    const input: DescribeTargetGroupsCommandInput = { [key]: [...ids] };
    const output = await ctx.limit(() => ctx.clients.elbv2.send(new DescribeTargetGroupsCommand(input)));
    return output.TargetGroups ?? [];
  } catch (error) {
    // One missing ARN or name fails the whole batch (TargetGroupNotFound); ask again one by one.
    if (isNotFound(error) && ids.length > 1) {
      return (await Promise.all(ids.map((id) => describe(ctx, key, [id], issues)))).flat();
    }
    if (!isNotFound(error)) {
      issues.push(readIssue('elasticloadbalancing:DescribeTargetGroups', error, { type: TYPE, physicalIds: ids }));
    }
    return [];
  }
}

function batches(key: Key, ids: readonly string[]): Array<[Key, string[]]> {
  const out: Array<[Key, string[]]> = [];
  for (let start = 0; start < ids.length; start += BATCH) out.push([key, ids.slice(start, start + BATCH)]);
  return out;
}

/**
 * Ids are ARNs or names. A name cannot be turned into an ARN without a call
 * (the ARN ends in a random suffix), so names are described by name and the
 * result's `aliases` tie them to the ARN.
 */
export const elbv2TargetGroupHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const listed = await takeDescribed(ctx.described, LISTED, [...new Set(physicalIds)]);
    const unique = listed.missing;
    const calls = [
      ...batches('TargetGroupArns', unique.filter(isArn)),
      ...batches(
        'Names',
        unique.filter((id) => !isArn(id)),
      ),
    ];
    const described = [
      ...listed.found.values(),
      ...(await Promise.all(calls.map(([key, ids]) => describe(ctx, key, ids, issues)))).flat(),
    ];
    // A group asked for by both name and ARN comes back twice.
    const byArn = new Map(described.map((tg) => [tg.TargetGroupArn!, tg]));
    const tagged = await readElbv2Tags(ctx, TYPE, [...byArn.keys()], issues);
    const resources: DiscoveredResource[] = [];
    for (const [arn, tg] of byArn) {
      if (tagged.gone.has(arn)) continue;
      const tags = tagged.tags.get(arn);
      const resource = toResource(tg, tags ?? {});
      resources.push(tags ? resource : { ...resource, unknown: true });
    }
    return { resources, issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const groups = allPages(
      ctx,
      (marker) => ctx.clients.elbv2.send(new DescribeTargetGroupsCommand({ PageSize: 400, Marker: marker })),
      (page) => page.NextMarker,
    ).then((pages) => pages.flatMap((page) => page.TargetGroups ?? []));
    const described = ctx.described?.fill(LISTED, groups, (tg) => [tg.TargetGroupArn!, tg.TargetGroupName!]) ?? groups;
    return (await described).map((tg) => ({ physicalId: tg.TargetGroupArn!, name: tg.TargetGroupName! }));
  },
};
