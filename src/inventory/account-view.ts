import type { AwsClients } from '../aws/clients.js';
import { readIssue } from '../discover/aws-errors.js';
import type { DiscoveredResource, Reference } from '../discover/kind-handler.js';
import { readRolesInBulk } from '../discover/kinds/iam-role-bulk.js';
import { callerAccount, createListings, dedupeIssues, listingsStartedBy, readContext } from '../discover/listings.js';
import { HANDLERS, handlersFor } from '../discover/registry.js';
import { resourceKey, Walker } from '../discover/walker.js';
import type { RecordedListings } from '../model/inventory.js';
import type { ResourceType } from '../model/resource-type.js';
import type { CallStats, ReadIssue } from '../model/snapshot.js';
import { createLimiter } from '../util/limiter.js';

/**
 * Every resource of the modelled types in one account and region, read once,
 * with every reference between them. The ground truth that inventory groups
 * into stacks and that guards ask "who else uses this?".
 */
export interface AccountView {
  readonly account: string;
  readonly region: string;
  /** Every resource read, by walker key (`type|physicalId`). */
  readonly resources: ReadonlyMap<string, DiscoveredResource>;
  /** The key of the resource a reference names, or undefined when it names nothing read. */
  resolve(type: ResourceType, id: string): string | undefined;
  /** The listings the view was read from (those that completed), for grouping and for reuse. */
  readonly listings: RecordedListings;
  /** What could not be read: a view with issues may be missing users. */
  readonly issues: readonly ReadIssue[];
  readonly stats: CallStats;
}

/** One resource's use of another, seen from the target's side. */
export interface Use {
  /** Key of the resource that holds the reference. */
  readonly user: string;
  /** The user's property path that carries it (`ContainerDefinitions.0.Secrets.1.ValueFrom`). */
  readonly via: string;
  readonly kind: Reference['kind'];
}

export interface AccountViewOptions {
  readonly concurrency?: number;
  /**
   * Read IAM roles in bulk (ListRoles with GetAccountAuthorizationDetails),
   * falling back to per-role reads when refused. Default true; false reads
   * every role one by one, as discovery of one stack does.
   */
  readonly bulkIam?: boolean;
  /** Told each time a resource is read, with how many have been so far (for a progress line). */
  readonly onRead?: (resources: number) => void;
}

export const ACCOUNT_VIEW_CONCURRENCY = 16;

/**
 * Lists every listable type, reads every resource listed (and every
 * cluster's services), and follows references to what listings do not
 * reach (listeners, deployment groups, subnets). Each type is read in
 * batches by its handler, so calls grow with resources, not with stacks.
 * Read-only.
 */
export async function readAccountView(clients: AwsClients, options: AccountViewOptions = {}): Promise<AccountView> {
  const limit = createLimiter(options.concurrency ?? ACCOUNT_VIEW_CONCURRENCY);
  const issues: ReadIssue[] = [];
  const bulk = options.bulkIam === false ? undefined : readRolesInBulk({ clients, limit });
  const listings = createListings(clients, limit, issues, bulk ? { started: listingsStartedBy(bulk) } : {});
  listings.startAll();
  const account = await callerAccount(clients);
  const ctx = readContext(clients, account, limit, listings, bulk);
  const walker = new Walker(ctx, handlersFor(clients), options.onRead ? { onRead: options.onRead } : {});

  await Promise.all(
    [...HANDLERS.values()]
      .filter((handler) => handler.list)
      .map(async (handler) => {
        for (const listed of await listings.list(handler.type)) walker.request(handler.type, listed.physicalId);
        if (handler.type !== 'AWS::ECS::Cluster') return;
        await Promise.all(
          (await listings.list(handler.type)).map(async (cluster) => {
            try {
              for (const service of await listings.services(ctx, cluster.physicalId))
                walker.request('AWS::ECS::Service', service);
            } catch (error) {
              issues.push(readIssue('ecs:ListServices', error, { type: 'AWS::ECS::Service' }));
            }
          }),
        );
      }),
  );
  await walker.settle();
  issues.push(...walker.issues);
  return {
    account,
    region: ctx.region,
    resources: walker.resources,
    resolve: (type, id) => walker.resolve(type, id),
    listings: await listings.record(),
    issues: dedupeIssues(issues),
    stats: clients.counter.snapshot(),
  };
}

/** Reverse references: for every resource key, who points at it and through which property. */
export function usesIndex(view: Pick<AccountView, 'resources' | 'resolve'>): ReadonlyMap<string, readonly Use[]> {
  const index = new Map<string, Use[]>();
  for (const [user, resource] of view.resources) {
    for (const reference of resource.references) {
      const target = view.resolve(reference.type, reference.id);
      if (!target || target === user) continue;
      let uses = index.get(target);
      if (!uses) index.set(target, (uses = []));
      uses.push({ user, via: reference.via, kind: reference.kind });
    }
  }
  return index;
}

export { resourceKey };
