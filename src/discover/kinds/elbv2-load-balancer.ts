import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isNotFound, readIssue } from '../aws-errors.js';
import type {
  DiscoveredResource,
  DiscoveryContext,
  KindHandler,
  ListedResource,
  ReadResult,
  Reference,
} from '../kind-handler.js';
import { allPages } from '../paginate.js';
import type { ResourceType } from '../../model/resource-type.js';
import type { ReadIssue } from '../../model/snapshot.js';
import { describeInBatches } from '../batched-describe.js';
import { targetId } from './cloudflare/dns-zone.js';
import { describedKey, takeDescribed } from '../described.js';
import { listenersOf } from './elbv2-listener.js';

const TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer' as const;

/** DescribeLoadBalancers and DescribeTags both take at most 20 ARNs per call. */
const BATCH = 20;

/** The listing describes every load balancer whole: reads by ARN take them from there. */
const LISTED = describedKey<LoadBalancer>(TYPE);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Tags of ELBv2 resources (load balancers, target groups, listeners) by ARN. */
export interface Elbv2Tags {
  /** ARNs whose tags were read. An ARN in neither set could not be read: its resource is `unknown`. */
  readonly tags: Map<string, Record<string, string>>;
  /** ARNs that vanished between the describe and the tag read: absent, like any not-found. */
  readonly gone: Set<string>;
}

/**
 * DescribeTags, 20 ARNs a call. One deleted ARN fails the whole batch on AWS
 * (moto answers with empty tags instead), so a not-found batch is asked again
 * ARN by ARN to tell the gone from the present. Shared with the target group handler.
 */
export async function readElbv2Tags(
  ctx: DiscoveryContext,
  type: ResourceType,
  arns: readonly string[],
  issues: ReadIssue[],
): Promise<Elbv2Tags> {
  const result: Elbv2Tags = { tags: new Map(), gone: new Set() };
  const readBatch = async (batch: readonly string[]): Promise<void> => {
    try {
      const output = await ctx.limit(() =>
        ctx.clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: [...batch] })),
      );
      for (const description of output.TagDescriptions ?? []) {
        const tags = Object.fromEntries((description.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? '']));
        result.tags.set(description.ResourceArn!, tags);
      }
    } catch (error) {
      if (isNotFound(error) && batch.length > 1) {
        await Promise.all(batch.map((arn) => readBatch([arn])));
      } else if (isNotFound(error)) {
        result.gone.add(batch[0]!);
      } else {
        issues.push(readIssue('elasticloadbalancing:DescribeTags', error, { type, physicalIds: batch }));
      }
    }
  };
  await Promise.all(chunks(arns, BATCH).map(readBatch));
  return result;
}

/**
 * The ARNs of a load balancer's listeners, or `undefined` when they could not
 * be read. The call describes them whole and is shared with the listener
 * handler's read (`listenersOf`), which then makes no call of its own.
 */
async function listenerArnsOf(ctx: DiscoveryContext, arn: string, issues: ReadIssue[]): Promise<string[] | undefined> {
  try {
    return (await listenersOf(ctx, arn)).map((listener) => listener.ListenerArn!).sort();
  } catch (error) {
    // Deleted since it was described: it has no listeners left to find.
    if (isNotFound(error)) return [];
    issues.push(readIssue('elasticloadbalancing:DescribeListeners', error, { type: TYPE, physicalIds: [arn] }));
    return undefined;
  }
}

function toResource(
  lb: LoadBalancer,
  tags: Record<string, string>,
  listenerArns: readonly string[],
): DiscoveredResource {
  const subnets = (lb.AvailabilityZones ?? []).flatMap((zone) => (zone.SubnetId ? [zone.SubnetId] : [])).sort();
  const securityGroups = lb.SecurityGroups ? [...lb.SecurityGroups].sort() : undefined;
  const references: Reference[] = [
    ...subnets.map((id, i): Reference => ({ type: 'AWS::EC2::Subnet', id, via: `Subnets.${i}`, kind: 'reference' })),
    ...(securityGroups ?? []).map((id, i): Reference => ({
      type: 'AWS::EC2::SecurityGroup',
      id,
      via: `SecurityGroups.${i}`,
      kind: 'reference',
    })),
    ...listenerArns.map((id): Reference => ({
      type: 'AWS::ElasticLoadBalancingV2::Listener',
      id,
      via: 'Listeners',
      kind: 'contains',
    })),
    // The front door: the Cloudflare zones whose records point at this DNS name (each record references it back).
    ...(lb.DNSName
      ? [{ type: 'Cloudflare::DNS::Zone', id: targetId(lb.DNSName), via: 'DNSName', kind: 'contains' } as const]
      : []),
  ];
  return {
    type: TYPE,
    physicalId: lb.LoadBalancerArn!,
    name: lb.LoadBalancerName!,
    // A DNS record names its load balancer by DNS name.
    ...(lb.DNSName ? { aliases: [lb.DNSName.toLowerCase()] } : {}),
    properties: {
      Name: lb.LoadBalancerName,
      ...(lb.Scheme ? { Scheme: lb.Scheme } : {}),
      ...(lb.Type ? { Type: lb.Type } : {}),
      ...(lb.IpAddressType ? { IpAddressType: lb.IpAddressType } : {}),
      Subnets: subnets,
      ...(securityGroups ? { SecurityGroups: securityGroups } : {}),
    },
    attributes: {
      ...(lb.DNSName ? { DNSName: lb.DNSName } : {}),
      // CloudFormation spells the attribute `CanonicalHostedZoneID`; the API, `CanonicalHostedZoneId`.
      ...(lb.CanonicalHostedZoneId ? { CanonicalHostedZoneID: lb.CanonicalHostedZoneId } : {}),
      ...(lb.State?.Code ? { State: lb.State.Code } : {}),
      ...(lb.VpcId ? { VpcId: lb.VpcId } : {}),
    },
    tags,
    references,
  };
}

/**
 * A DNS record (Cloudflare's CNAME) names a load balancer by its DNS name,
 * which no describe call takes: the account's load balancers are listed and
 * matched. Only when a record points at a load balancer the walk has not read.
 */
async function arnsByDnsName(ctx: DiscoveryContext, names: readonly string[], issues: ReadIssue[]): Promise<string[]> {
  if (names.length === 0) return [];
  try {
    const pages = await allPages(
      ctx,
      (marker) => ctx.clients.elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 400, Marker: marker })),
      (page) => page.NextMarker,
    );
    const wanted = new Set(names.map((name) => name.toLowerCase()));
    return pages
      .flatMap((page) => page.LoadBalancers ?? [])
      .filter((lb) => lb.DNSName && wanted.has(lb.DNSName.toLowerCase()))
      .map((lb) => lb.LoadBalancerArn!);
  } catch (error) {
    issues.push(readIssue('elasticloadbalancing:DescribeLoadBalancers', error, { type: TYPE, physicalIds: names }));
    return [];
  }
}

export const elbv2LoadBalancerHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const byDnsName = physicalIds.filter((id) => !id.startsWith('arn:'));
    const arns = [
      ...new Set([
        ...physicalIds.filter((id) => id.startsWith('arn:')),
        ...(await arnsByDnsName(ctx, byDnsName, issues)),
      ]),
    ];
    const listed = await takeDescribed(ctx.described, LISTED, arns);
    // One missing ARN (LoadBalancerNotFound) fails the whole batch.
    const fresh = await describeInBatches(
      ctx,
      listed.missing,
      {
        batchSize: BATCH,
        operation: 'elasticloadbalancing:DescribeLoadBalancers',
        type: TYPE,
        describe: async (LoadBalancerArns) =>
          (await ctx.clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns }))).LoadBalancers ?? [],
      },
      issues,
    );
    const described = [...listed.found.values(), ...fresh];
    const [tagged, listeners] = await Promise.all([
      readElbv2Tags(
        ctx,
        TYPE,
        described.map((lb) => lb.LoadBalancerArn!),
        issues,
      ),
      Promise.all(described.map((lb) => listenerArnsOf(ctx, lb.LoadBalancerArn!, issues))),
    ]);
    const resources: DiscoveredResource[] = [];
    described.forEach((lb, i) => {
      const arn = lb.LoadBalancerArn!;
      if (tagged.gone.has(arn)) return;
      const tags = tagged.tags.get(arn);
      const listenerArns = listeners[i];
      const resource = toResource(lb, tags ?? {}, listenerArns ?? []);
      resources.push(tags && listenerArns ? resource : { ...resource, unknown: true });
    });
    return { resources, issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const balancers = allPages(
      ctx,
      (marker) => ctx.clients.elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 400, Marker: marker })),
      (page) => page.NextMarker,
    ).then((pages) => pages.flatMap((page) => page.LoadBalancers ?? []));
    const described = ctx.described?.fill(LISTED, balancers, (lb) => [lb.LoadBalancerArn!]) ?? balancers;
    return (await described).map((lb) => ({ physicalId: lb.LoadBalancerArn!, name: lb.LoadBalancerName! }));
  },
};
