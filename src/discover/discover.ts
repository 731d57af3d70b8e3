import type { AwsClients } from '../aws/clients.js';
import { UserError } from '../errors.js';
import { assignLogicalIds } from '../model/logical-ids.js';
import { NameMatcher } from '../model/names.js';
import { asPhysicalId, type Edge, type Resource } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';
import { SNAPSHOT_SCHEMA_VERSION, type ReadIssue, type Snapshot } from '../model/snapshot.js';
import { createServiceLimiters } from '../util/limiter.js';
import { readIssue } from './aws-errors.js';
import { classify } from './classify.js';
import { readDeclared, type DeclaredSeed } from './declared.js';
import type { DiscoveredResource, DiscoveryContext, ListedResource } from './kind-handler.js';
import {
  callerAccount,
  createListings,
  dedupeIssues,
  listingsStartedBy,
  readContext,
  type Listings,
  type RecordedListings,
} from './listings.js';
import { readRolesInBulk } from './kinds/iam-role-bulk.js';
import { isCloudflareType } from '../model/resource-type.js';
import { HANDLERS, handlersFor } from './registry.js';
import { resolveServiceRoots } from './service-roots.js';
import { nearestStackNames, StackNotFound } from './stack-names.js';
import { findTagged, type TagFilter } from './tagged.js';
import { resourceKey, Walker } from './walker.js';

export interface DiscoverOptions {
  /** The stack's name, matched by tokens against resource names. */
  readonly stack: string;
  /** Start only from these pipelines (names) instead of every pipeline carrying the stack's name. */
  readonly pipelines?: readonly string[];
  /** Start only from these services (`cluster/service`) instead of every service of the stack's clusters. */
  readonly services?: readonly string[];
  /** Also include what carries any of these tags. */
  readonly tags?: readonly TagFilter[];
  /** Concurrent AWS calls at most. */
  readonly concurrency?: number;
  /**
   * Throw `StackNotFound` (with the nearest names that exist) when nothing
   * carries the stack's name. For the commands that start from a name; drift
   * and plan leave it off, as a stack that is gone is all missing, not a typo.
   */
  readonly mustMatch?: boolean;
  /**
   * The resources a desired file declares (`declaredSeeds`): each is read by
   * its recorded physical id when the walk does not reach it, and kept, so a
   * declared resource that still exists is compared, not reported missing.
   */
  readonly declared?: readonly DeclaredSeed[];
  /**
   * The account's listings as `reclaim inventory` saved them: discovery then
   * lists nothing itself (no listing is made twice across a batch of imports).
   * The caller checks they are of this account and region, and fresh.
   */
  readonly recordedListings?: RecordedListings;
  readonly onProgress?: (event: DiscoveryProgress) => void;
}

export type DiscoveryProgress =
  | { readonly phase: 'identity'; readonly account: string; readonly region: string }
  | { readonly phase: 'roots'; readonly count: number }
  /** A resource was read; `resources` so far. */
  | { readonly phase: 'read'; readonly resources: number }
  | { readonly phase: 'done'; readonly resources: number; readonly apiCalls: number };

/**
 * Concurrent AWS calls at most, across all services. Accounts allow far more
 * concurrent reads than 10 across different services (each service, often
 * each API, has its own rate); at 10, a one-stack discovery of ~60 calls
 * waited on the limit rather than on its dependencies.
 */
export const DEFAULT_CONCURRENCY = 48;

/** Concurrent calls to any one service at most, so that one service throttling does not take every slot. */
export const PER_SERVICE_CONCURRENCY = 16;

/** The service a type's reads call: `AWS::ECS::Service` → `ECS` (the ELBv2 types share theirs). */
export const serviceOf = (type: ResourceType): string => type.split('::')[1]!;

/**
 * One-stack discovery reads the stack's roles from the account's
 * authorization details (`kinds/iam-role-bulk.ts`) when the account has at
 * most this many: one call in place of three or four a role (a console stack
 * has about five roles: 18 calls, three deep, become 1, beside ListRoles).
 * The details carry every role's policies, a few KB a role, so in a larger
 * account the one call outweighs the reads it saves, and roles are read one
 * by one as before. A caller refused the details reads them one by one too.
 */
export const BULK_IAM_ROLES_AT_MOST = 250;

/** The types whose named resources start the walk rather than being swept as leftovers. */
const ROOT_TYPES: ReadonlySet<ResourceType> = new Set(['AWS::CodePipeline::Pipeline', 'AWS::ECS::Cluster']);

/** True when `--pipeline` or `--service` name the roots instead of the stack's name. */
const hasExplicitRoots = (options: DiscoverOptions): boolean =>
  (options.pipelines?.length ?? 0) + (options.services?.length ?? 0) > 0;

/** With explicit roots, pipelines are neither roots by name nor swept: their listing is not needed. */
const isNarrowedRoot = (type: ResourceType, options: DiscoverOptions): boolean =>
  hasExplicitRoots(options) && type === 'AWS::CodePipeline::Pipeline';

/**
 * Discovers one console-built stack: reads it from its entry points (pipelines,
 * clusters and services carrying its name), follows every reference, sweeps
 * the account for leftovers carrying its name, reads by id whatever declared
 * resources (`options.declared`) none of that reached, and returns the typed
 * graph. Read-only: nothing here writes to AWS.
 */
export async function discover(clients: AwsClients, options: DiscoverOptions): Promise<Snapshot> {
  const matcher = new NameMatcher(options.stack);
  const limits = createServiceLimiters({
    overall: options.concurrency ?? DEFAULT_CONCURRENCY,
    perService: PER_SERVICE_CONCURRENCY,
  });
  const limit = limits.overall;
  const limitFor = (type: ResourceType) => limits.forService(serviceOf(type));
  const issues: ReadIssue[] = [];

  // With recorded listings the roles are listed already: reading them in bulk would list them again.
  const bulk = options.recordedListings
    ? undefined
    : readRolesInBulk(
        { clients, limit: limitFor('AWS::IAM::Role') },
        { detailsWhenRolesAtMost: BULK_IAM_ROLES_AT_MOST },
      );
  const listings = createListings(
    clients,
    limit,
    issues,
    options.recordedListings
      ? { recorded: options.recordedListings, limitFor }
      : { started: listingsStartedBy(bulk!), limitFor },
  );
  const listOnce = listings.list;
  listings.startAll((type) => !isNarrowedRoot(type, options));

  const account = await callerAccount(clients);
  const ctx = readContext(clients, account, limit, listings, bulk);
  options.onProgress?.({ phase: 'identity', account, region: ctx.region });
  // Each type's reads take its service's share; a handler that calls a second service (a stack's
  // Cloud Control reads) counts them against its own.
  const walker = new Walker(ctx, handlersFor(clients), {
    limitFor,
    onRead: (resources) => options.onProgress?.({ phase: 'read', resources }),
  });
  if (!clients.cloudflare) unreadableWithoutToken(walker, options.declared ?? [], issues);

  const rootRequests: Array<{ type: ResourceType; id: string }> = [];
  const requestRoot = (type: ResourceType, id: string) => {
    rootRequests.push({ type, id });
    walker.request(type, id);
  };
  const sweptRequests: Array<{ type: ResourceType; id: string }> = [];

  // Roots and the sweep run side by side: listings do not depend on the walk.
  await Promise.all([
    findRoots(ctx, options, matcher, listings, requestRoot, issues),
    sweep(matcher, listOnce, options, (type, id) => {
      sweptRequests.push({ type, id });
      walker.request(type, id);
    }),
  ]);
  options.onProgress?.({ phase: 'roots', count: rootRequests.length });
  await walker.settle();
  // After the walk, so that only what it did not reach costs a call.
  const declared = options.declared?.length ? await readDeclared(walker, options.declared) : new Set<string>();
  issues.push(...walker.issues);

  const keysOf = (requests: ReadonlyArray<{ type: ResourceType; id: string }>) =>
    new Set(requests.map((request) => walker.resolve(request.type, request.id)).filter((key) => key !== undefined));
  const roots = keysOf(rootRequests);
  if (hasExplicitRoots(options) && roots.size === 0) {
    throw new UserError(
      'ROOT_NOT_FOUND',
      `None of the given roots (--pipeline/--service) exists in ${account}/${ctx.region}.`,
      [
        'Check the names with `aws codepipeline list-pipelines` or `aws ecs list-services --cluster NAME`.',
        'A service is given as CLUSTER/SERVICE.',
      ],
    );
  }

  const swept = keysOf(sweptRequests);
  const { kept, live } = classify({
    resources: walker.resources,
    resolve: (reference) => walker.resolve(reference.type, reference.id),
    roots,
    swept,
    declared,
  });
  const snapshot = assemble(walker.resources, kept, live, matcher, (type, id) => walker.resolve(type, id));
  const foundNothing = !hasExplicitRoots(options) && roots.size === 0 && swept.size === 0;
  // An unreadable listing may hide the stack: then the read is incomplete (exit 1), not a wrong name.
  const nearest =
    options.mustMatch && foundNothing && issues.length === 0 ? await nearbyNames(ctx, options, listings) : undefined;
  const stats = clients.counter.snapshot();
  options.onProgress?.({ phase: 'done', resources: snapshot.resources.length, apiCalls: stats.apiCalls });
  const result: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    account,
    region: ctx.region,
    stack: options.stack,
    capturedAt: new Date().toISOString(),
    resources: snapshot.resources,
    edges: snapshot.edges,
    issues: dedupeIssues(issues),
    stats,
  };
  if (nearest) throw new StackNotFound(options.stack, result, nearest);
  return result;
}

/**
 * Without a Cloudflare token the Cloudflare kinds are not read (the command
 * says so in one line). A desired file that declares Cloudflare resources
 * cannot be checked then: they are `unknown`, with one issue for all of them,
 * never `missing`.
 */
function unreadableWithoutToken(walker: Walker, declared: readonly DeclaredSeed[], issues: ReadIssue[]): void {
  // Cloudflare ids are the provider's own, never left to a natural key: every such seed has one.
  const seeds = declared.filter(
    (seed): seed is Extract<DeclaredSeed, { physicalId: string }> =>
      'physicalId' in seed && isCloudflareType(seed.type),
  );
  if (seeds.length === 0) return;
  for (const seed of seeds) {
    walker.add({
      type: seed.type,
      physicalId: seed.physicalId,
      name: seed.physicalId,
      properties: {},
      tags: {},
      references: [],
      unknown: true,
    });
  }
  issues.push({
    operation: 'cloudflare:*',
    code: 'NoCredentials',
    message: `CLOUDFLARE_API_TOKEN is not set: ${seeds.length} declared Cloudflare resource(s) could not be read`,
    physicalIds: seeds.map((seed) => seed.physicalId),
  });
}

/** Names of the account's pipelines, clusters, services and CloudFormation stacks, ranked against the stack's name. */
async function nearbyNames(ctx: DiscoveryContext, options: DiscoverOptions, listings: Listings): Promise<string[]> {
  const [pipelines, clusters, stacks] = await Promise.all(
    (['AWS::CodePipeline::Pipeline', 'AWS::ECS::Cluster', 'AWS::CloudFormation::Stack'] as const).map(listings.list),
  );
  const services = await Promise.all(
    clusters!.map((cluster) => listings.services(ctx, cluster.physicalId).catch((): string[] => [])),
  );
  const serviceNames = services.flat().map((arn) => arn.slice(arn.lastIndexOf('/') + 1));
  const roots = [...clusters!, ...pipelines!].map((listed) => listed.name);
  return nearestStackNames(options.stack, [...roots, ...serviceNames, ...stacks!.map((stack) => stack.name)], roots);
}

async function findRoots(
  ctx: DiscoveryContext,
  options: DiscoverOptions,
  matcher: NameMatcher,
  listings: Listings,
  requestRoot: (type: ResourceType, id: string) => void,
  issues: ReadIssue[],
): Promise<void> {
  const listOnce = listings.list;
  const explicit = hasExplicitRoots(options);
  const clusters = (await listOnce('AWS::ECS::Cluster')).filter((cluster) => matcher.matches(cluster.name));
  if (explicit) {
    for (const pipeline of options.pipelines ?? []) requestRoot('AWS::CodePipeline::Pipeline', pipeline);
    const services = await resolveServiceRoots(ctx, options.services ?? [], () => listOnce('AWS::ECS::Cluster'));
    for (const service of services) requestRoot('AWS::ECS::Service', service);
  } else {
    for (const pipeline of await listOnce('AWS::CodePipeline::Pipeline')) {
      if (matcher.matches(pipeline.name)) requestRoot('AWS::CodePipeline::Pipeline', pipeline.physicalId);
    }
    await Promise.all(
      clusters.map(async (cluster) => {
        requestRoot('AWS::ECS::Cluster', cluster.physicalId);
        try {
          for (const service of await listings.services(ctx, cluster.physicalId))
            requestRoot('AWS::ECS::Service', service);
        } catch (error) {
          issues.push(readIssue('ecs:ListServices', error, { type: 'AWS::ECS::Service' }));
        }
      }),
    );
  }
  if (options.tags?.length) {
    const allClusters = (await listOnce('AWS::ECS::Cluster')).map((cluster) => cluster.physicalId);
    try {
      for (const tagged of await findTagged(ctx, options.tags, allClusters)) requestRoot(tagged.type, tagged.id);
    } catch (error) {
      issues.push(readIssue('tag:GetResources', error));
    }
  }
}

/** Lists every sweepable type and asks for whatever carries the stack's name. */
async function sweep(
  matcher: NameMatcher,
  listOnce: (type: ResourceType) => Promise<ListedResource[]>,
  options: DiscoverOptions,
  requestSwept: (type: ResourceType, id: string) => void,
): Promise<void> {
  const types = [...HANDLERS.values()].filter(
    (handler) => handler.list && !(hasExplicitRoots(options) && ROOT_TYPES.has(handler.type)),
  );
  await Promise.all(
    types.map(async (handler) => {
      for (const listed of await listOnce(handler.type)) {
        if (matcher.matches(listed.name)) requestSwept(handler.type, listed.physicalId);
      }
    }),
  );
}

function assemble(
  discovered: ReadonlyMap<string, DiscoveredResource>,
  kept: ReadonlySet<string>,
  live: ReadonlySet<string>,
  matcher: NameMatcher,
  resolve: (type: ResourceType, id: string) => string | undefined,
): { resources: Resource[]; edges: Edge[] } {
  const entries = [...kept].map((key) => [key, discovered.get(key)!] as const);
  const isOrphan = (key: string, resource: DiscoveredResource) => !live.has(key) && resource.external !== true;
  const ids = assignLogicalIds(
    entries.map(([key, resource]) => ({ ...resource, orphan: isOrphan(key, resource) })),
    matcher,
  );
  const idOf = (resource: DiscoveredResource) => ids.get(resourceKey(resource.type, resource.physicalId))!;

  const resources: Resource[] = entries.map(([key, resource]) => ({
    id: idOf(resource),
    type: resource.type,
    physicalId: asPhysicalId(resource.physicalId),
    properties: resource.properties,
    attributes: resource.attributes ?? {},
    tags: resource.tags,
    orphan: isOrphan(key, resource),
    external: resource.external === true,
    status: resource.unknown ? 'unknown' : 'read',
  }));

  const edges = new Map<string, Edge>();
  for (const [, resource] of entries) {
    for (const reference of resource.references) {
      if (reference.kind === 'contains') continue;
      const target = resolve(reference.type, reference.id);
      if (!target || !kept.has(target)) continue;
      const edge: Edge = { from: idOf(resource), to: idOf(discovered.get(target)!), via: reference.via };
      edges.set(`${edge.from}|${edge.to}|${edge.via}`, edge);
    }
  }
  return {
    resources: resources.sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id)),
    edges: [...edges.values()].sort(
      (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.via.localeCompare(b.via),
    ),
  };
}
