import type { AwsClients } from '../aws/clients.js';
import { AwsError, ReclaimError } from '../errors.js';
import type { RecordedListings } from '../model/inventory.js';
import type { ResourceType } from '../model/resource-type.js';
import type { ReadIssue } from '../model/snapshot.js';
import type { Limiter } from '../util/limiter.js';
import { errorCode, readIssue } from './aws-errors.js';
import type { DiscoveryContext, ListedResource } from './kind-handler.js';
import { listedRoles, type BulkRoles } from './kinds/iam-role-bulk.js';
import { clusterNameFrom } from './kinds/ecs-cluster.js';
import { listServicesInCluster } from './kinds/ecs-service.js';
import { DescribedCache } from './described.js';
import { HANDLERS } from './registry.js';

/** Each modelled type's listing, made at most once per run and shared by whoever asks. */
export interface Listings {
  /** Where listings file the full descriptions they return, for the reads to take (`described.ts`). */
  readonly described: DescribedCache;
  list(type: ResourceType): Promise<ListedResource[]>;
  /** Starts the listing of every listable type for which `want` holds, without waiting for any. */
  startAll(want?: (type: ResourceType) => boolean): void;
  /**
   * The ARNs of one cluster's services (ecs:ListServices), made once per cluster.
   * Throws what the listing threw: callers report it against the service type.
   */
  services(ctx: DiscoveryContext, cluster: string): Promise<string[]>;
  /** Every listing that completed without an issue, to be saved and replayed (`recorded`). */
  record(): Promise<RecordedListings>;
}

export type { RecordedListings };

export interface ListingsOptions {
  /**
   * Listings made earlier (by `reclaim inventory` of the same account and
   * region): answered from here without a call. What is not recorded (a type
   * whose listing failed then) is listed as usual.
   */
  readonly recorded?: RecordedListings;
  /** A limiter per type's listing (its service's share, `createServiceLimiters`); the shared one otherwise. */
  readonly limitFor?: (type: ResourceType) => Limiter;
  /** Listings already under way by other means (the IAM bulk read lists roles itself). */
  readonly started?: ReadonlyMap<ResourceType, Promise<ListedResource[]>>;
}

/**
 * Listings need no account, so they can start while STS is asked who we are:
 * one round trip off the critical path. A listing that fails is a `ReadIssue`
 * pushed onto `issues` and an empty list, never a thrown error.
 */
export function createListings(
  clients: AwsClients,
  limit: Limiter,
  issues: ReadIssue[],
  options: ListingsOptions = {},
): Listings {
  const described = new DescribedCache();
  const listContext = (type: ResourceType): DiscoveryContext => ({
    clients,
    region: clients.region,
    limit: options.limitFor?.(type) ?? limit,
    described,
    get account(): string {
      throw new Error('a listing ran before the caller identity was known: list() must not use ctx.account');
    },
  });
  const made = new Map<ResourceType, Promise<ListedResource[]>>();
  /** Listings that failed: an empty answer then, and never recorded as if the type had nothing. */
  const failed = new Set<ResourceType>();
  const list = (type: ResourceType): Promise<ListedResource[]> => {
    const cached = made.get(type);
    if (cached) return cached;
    const recorded = options.recorded?.resources[type];
    const source = recorded
      ? Promise.resolve([...recorded])
      : (options.started?.get(type) ?? HANDLERS.get(type)?.list?.(listContext(type)) ?? Promise.resolve([]));
    const listing = source.catch((error: unknown) => {
      failed.add(type);
      issues.push(readIssue(`list ${type}`, error, { type }));
      return [];
    });
    made.set(type, listing);
    return listing;
  };
  const services = new Map<string, Promise<string[]>>();
  const servicesOf = (ctx: DiscoveryContext, cluster: string): Promise<string[]> => {
    const name = clusterNameFrom(cluster);
    const cached = services.get(name);
    if (cached) return cached;
    const recorded = options.recorded?.services[name];
    const listing = recorded ? Promise.resolve([...recorded]) : listServicesInCluster(ctx, name);
    services.set(name, listing);
    return listing;
  };
  return {
    described,
    list,
    startAll(want = () => true) {
      for (const handler of HANDLERS.values()) if (handler.list && want(handler.type)) void list(handler.type);
    },
    services: servicesOf,
    async record() {
      const resources: Partial<Record<ResourceType, readonly ListedResource[]>> = {};
      for (const [type, listing] of made) {
        const listed = await listing;
        if (!failed.has(type)) resources[type] = listed;
      }
      const byCluster: Record<string, readonly string[]> = {};
      for (const [cluster, listing] of services) {
        const arns = await listing.catch(() => undefined);
        if (arns) byCluster[cluster] = arns;
      }
      return { resources, services: byCluster };
    },
  };
}

/** The account the credentials act in; a failure here is the caller's credentials or endpoint, said plainly. */
export async function callerAccount(clients: AwsClients): Promise<string> {
  try {
    const identity = await clients.callerIdentity();
    return identity.Account!;
  } catch (error) {
    // An endpoint that cannot be reached is already said plainly; it is not a credentials problem.
    if (error instanceof ReclaimError) throw error;
    throw new AwsError(
      'NO_CREDENTIALS',
      `reading the caller identity (sts:GetCallerIdentity) in ${clients.region}: ${errorCode(error)}: ${(error as Error).message}`,
      [
        'Check your credentials: `aws sts get-caller-identity`',
        'Pick a profile with --profile, or an endpoint with --endpoint-url.',
      ],
      { cause: error },
    );
  }
}

/** Issues without repeats, in a stable order (they arrive in whatever order calls complete). */
export function dedupeIssues(issues: readonly ReadIssue[]): ReadIssue[] {
  const seen = new Map<string, ReadIssue>();
  for (const issue of issues) seen.set(JSON.stringify(issue), issue);
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, issue]) => issue);
}

/** The IAM bulk read's ListRoles is the role listing: started listings for `createListings`, none made twice. */
export function listingsStartedBy(bulk: BulkRoles): ReadonlyMap<ResourceType, Promise<ListedResource[]>> {
  return new Map([['AWS::IAM::Role', bulk.roles.then(listedRoles)]]);
}

/**
 * What handlers read with once the caller's account is known: the run's
 * limiter, what listings described, and the roles a bulk IAM read prefetched.
 */
export function readContext(
  clients: AwsClients,
  account: string,
  limit: Limiter,
  listings: Listings,
  bulk: BulkRoles | undefined,
): DiscoveryContext {
  return {
    clients,
    account,
    region: clients.region,
    limit,
    described: listings.described,
    ...(bulk ? { prefetched: { iamRoles: bulk.details } } : {}),
  };
}
