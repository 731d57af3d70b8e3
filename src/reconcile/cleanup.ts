import { describeUnmodelled, isFailedOrStuck, unmodelledLive } from '../discover/kinds/cloudformation-stack.js';
import { UserError } from '../errors.js';
import type { DeleteChange } from '../model/plan.js';
import type { LogicalId, Resource } from '../model/resource.js';
import type { Snapshot } from '../model/snapshot.js';
import { familyOf, liveRevisions, revisionLabel, revisionOf } from '../model/task-definition-revisions.js';
import {
  assertCompleteRead,
  deletePlan,
  finding,
  resumedReason,
  outsideUsesById,
  ownedBy,
  usedOutside,
  usersOf,
  usesOf,
  type DeletePlanResult,
  type Finding,
  type OutsideUse,
  type PlannedDelete,
} from './delete-plan.js';
import { snapshotOutsideUses } from './teardown.js';

export interface CleanupOptions {
  /** Hand the stacks that own live resources over to reclaim: DeletionPolicy Retain on everything, then delete the stack. */
  readonly detach?: boolean;
  /** Task definition revisions to keep per family, the live one included (default 2: the live one and the one before). */
  readonly keepRevisions?: number;
  /** Deletes of an earlier run that stopped, for resources added to the snapshot from its journal. */
  readonly unfinished?: ReadonlyMap<LogicalId, DeleteChange>;
  /** Which run the journal is from, for people: `from a run 3 days ago (…)`. */
  readonly unfinishedOrigin?: string;
  /**
   * What uses the stack's resources from outside its graph (`findAccountUses`):
   * debris that something else uses is not debris, and is left alone. Debris
   * is what nothing *in the graph* uses; another stack may still run an old
   * revision, or log to a leftover group.
   */
  readonly outsideUses?: readonly OutsideUse[];
  /** When the plan is made (ISO 8601); now by default. */
  readonly createdAt?: string;
}

export const DEFAULT_KEEP_REVISIONS = 2;

const ids = (resources: readonly Resource[]) =>
  resources
    .map((resource) => resource.id as string)
    .sort()
    .join(', ');

/** Everything cleanup decides, as it goes. */
class Decisions {
  readonly debris = new Map<LogicalId, string>();
  readonly detached = new Map<LogicalId, string>();
  readonly kept = new Map<LogicalId, Finding>();

  constructor(readonly byId: ReadonlyMap<LogicalId, Resource>) {}

  keep(resource: Resource, kind: Finding['kind'], why: string): void {
    this.keepFinding(finding(resource, kind, why));
  }

  keepFinding(kept: Finding): void {
    this.debris.delete(kept.id);
    this.detached.delete(kept.id);
    this.kept.set(kept.id, kept);
  }

  remove(resource: Resource, why: string): void {
    if (!this.kept.has(resource.id) && !this.debris.has(resource.id)) this.debris.set(resource.id, why);
  }
}

/**
 * Leftover CloudFormation stacks: an orphan stack owns nothing the running
 * stack uses (classification makes a stack live when it owns anything live),
 * so it goes, and what it still owns goes with it, each as a change of its
 * own. A stack that owns live resources stays (or is detached), whatever its
 * status; so does one that owns a resource of a type reclaim does not model
 * which AWS does not say is gone (deleting the stack would delete it unseen).
 */
function planStacks(snapshot: Snapshot, d: Decisions, owned: Map<LogicalId, LogicalId[]>, detach: boolean): void {
  for (const stack of snapshot.resources.filter((r) => r.type === 'AWS::CloudFormation::Stack' && !r.external)) {
    const resources = (owned.get(stack.id) ?? []).map((id) => d.byId.get(id)!);
    const status = String(stack.attributes.StackStatus ?? '');
    const unseen = unmodelledLive(stack.attributes);
    if (!stack.orphan || unseen.length > 0) {
      const live = resources.filter((resource) => !resource.orphan && !resource.external);
      const what = [
        ...(live.length > 0 ? [`live ${ids(live)}`] : []),
        ...(unseen.length > 0
          ? [`${describeUnmodelled(unseen)}, of a type reclaim does not model, which AWS does not say is gone`]
          : []),
      ].join('; and ');
      if (detach) {
        d.detached.set(
          stack.id,
          `owns ${what}: detached (DeletionPolicy Retain on every resource), then deleted; they stay`,
        );
      } else {
        d.keep(stack, 'owns-live', `owns ${what}: deleting it would delete them. --detach hands them to reclaim`);
      }
      continue;
    }
    if (status.endsWith('_IN_PROGRESS')) {
      d.keep(stack, 'busy', `CloudFormation is busy with it (${status}); run cleanup again when it settles`);
      continue;
    }
    const why = isFailedOrStuck(status)
      ? `left in ${status} by a failed attempt`
      : resources.length === 0
        ? 'a leftover stack that owns nothing that still exists'
        : `a leftover stack that owns only leftovers (${ids(resources)})`;
    d.remove(stack, why);
    for (const resource of resources) {
      if (!resource.external) d.remove(resource, `owned by leftover stack ${stack.physicalId}; deleted before it`);
    }
  }
}

/** Orphan target groups that no load balancer uses. */
function planTargetGroups(snapshot: Snapshot, d: Decisions): void {
  for (const group of snapshot.resources.filter((r) => r.type === 'AWS::ElasticLoadBalancingV2::TargetGroup')) {
    if (!group.orphan || d.debris.has(group.id)) continue;
    const balancers = Array.isArray(group.attributes.LoadBalancerArns) ? group.attributes.LoadBalancerArns : [];
    if (balancers.length === 0) d.remove(group, 'a leftover target group attached to no load balancer');
    else d.keep(group, 'not-debris', `a leftover target group still attached to ${balancers.join(', ')}`);
  }
}

/**
 * Orphan CodeDeploy applications whose deployment groups deploy to no service
 * that exists, or only to services ECS now deploys itself (deployment
 * controller ECS: CodeDeploy cannot deploy to them, what a migration to
 * ECS-native blue/green leaves behind); their groups go first.
 */
function planCodeDeploy(
  snapshot: Snapshot,
  d: Decisions,
  users: Map<LogicalId, LogicalId[]>,
  uses: Map<LogicalId, LogicalId[]>,
): void {
  for (const app of snapshot.resources.filter((r) => r.type === 'AWS::CodeDeploy::Application')) {
    if (!app.orphan || d.debris.has(app.id)) continue;
    const groups = (users.get(app.id) ?? [])
      .map((id) => d.byId.get(id)!)
      .filter((resource) => resource.type === 'AWS::CodeDeploy::DeploymentGroup');
    const services = groups.flatMap((group) =>
      (uses.get(group.id) ?? []).map((id) => d.byId.get(id)!).filter((r) => r.type === 'AWS::ECS::Service'),
    );
    const migrated = services.filter((service) => controllerOf(service) === 'ECS');
    if (services.length > 0 && migrated.length === services.length) {
      const why = `its service ${ids(migrated)} is deployed by ECS itself now (deployment controller ECS), which CodeDeploy cannot deploy to`;
      d.remove(app, `a leftover CodeDeploy application: ${why}`);
      for (const group of groups) d.remove(group, `in leftover application ${app.physicalId}: ${why}`);
      continue;
    }
    if (services.length > 0) {
      d.keep(app, 'not-debris', `a leftover CodeDeploy application whose group still deploys to ${ids(services)}`);
      continue;
    }
    const named = groups.flatMap((group) =>
      ((group.properties.ECSServices ?? []) as Array<{ ClusterName?: string; ServiceName?: string }>).map(
        (service) => `${service.ClusterName}/${service.ServiceName}`,
      ),
    );
    const gone = named.length > 0 ? `its service ${named.join(', ')} is gone` : 'it deploys to no service';
    d.remove(app, `a leftover CodeDeploy application: ${gone}`);
    for (const group of groups) d.remove(group, `in leftover application ${app.physicalId}: ${gone}`);
  }
}

/** The controller discovery read; absent (never read) is not taken for ECS, so such a service keeps its application. */
const controllerOf = (service: Resource): unknown =>
  (service.properties.DeploymentController as { Type?: unknown } | undefined)?.Type;

/**
 * Task definition revisions older than the live one, per family, beyond the
 * `keep` newest (the live one counts). Revisions newer than the live one may
 * be a deployment about to happen; families with no live revision are not
 * cleanup's to judge.
 */
function planRevisions(snapshot: Snapshot, d: Decisions, keep: number): void {
  const live = liveRevisions(snapshot.resources);
  const families = new Map<string, Resource[]>();
  for (const revision of snapshot.resources.filter((r) => r.type === 'AWS::ECS::TaskDefinition')) {
    families.set(familyOf(revision), [...(families.get(familyOf(revision)) ?? []), revision]);
  }
  for (const [family, revisions] of families) {
    const liveRevision = live.get(family);
    if (liveRevision === undefined) continue;
    const older = revisions
      .filter((revision) => revision.orphan && revisionOf(revision) < liveRevision)
      .sort((a, b) => revisionOf(b) - revisionOf(a));
    older.forEach((revision, index) => {
      const label = revisionLabel(revision, live);
      if (index < keep - 1) d.keep(revision, 'revision-kept', `${label}, kept for rollback (--keep-revisions ${keep})`);
      else d.remove(revision, label);
    });
    for (const revision of revisions.filter((r) => r.orphan && revisionOf(r) > liveRevision)) {
      d.keep(revision, 'revision-kept', `${revisionLabel(revision, live)}: a deployment may be about to use it`);
    }
  }
}

/**
 * Until nothing changes: orphan log groups that only debris uses join the
 * debris; debris that something staying still uses leaves it (deleting it
 * would break what stays); a leftover stack that owns something staying is
 * kept (or detached), since deleting it would delete that too.
 */
function settle(
  snapshot: Snapshot,
  d: Decisions,
  users: Map<LogicalId, LogicalId[]>,
  owned: Map<LogicalId, LogicalId[]>,
  detach: boolean,
): void {
  const blocked = new Set<LogicalId>();
  const owners = new Map([...owned].flatMap(([stack, resources]) => resources.map((id) => [id, stack] as const)));
  for (let changed = true; changed;) {
    changed = false;
    for (const group of snapshot.resources.filter((r) => r.type === 'AWS::Logs::LogGroup' && r.orphan)) {
      const by = users.get(group.id) ?? [];
      if (d.debris.has(group.id) || blocked.has(group.id) || d.kept.has(group.id) || by.length === 0) continue;
      if (by.every((id) => d.debris.has(id))) {
        d.remove(group, `a leftover log group used only by leftovers (${by.join(', ')})`);
        changed = true;
      }
    }
    for (const id of [...d.debris.keys()]) {
      const staying = (users.get(id) ?? []).filter((user) => !d.debris.has(user));
      const owner = owners.get(id);
      const ownerStays = owner !== undefined && !d.debris.has(owner) && !d.detached.has(owner);
      if (staying.length === 0 && !ownerStays) continue;
      blocked.add(id);
      const why = ownerStays ? `owned by stack ${owner}, which stays` : `used by ${staying.join(', ')}, which stays`;
      d.keep(d.byId.get(id)!, 'used-by-kept', why);
      changed = true;
    }
    for (const id of [...d.debris.keys()]) {
      const stack = d.byId.get(id)!;
      if (stack.type !== 'AWS::CloudFormation::Stack') continue;
      const staying = (owned.get(id) ?? []).filter((resource) => !d.debris.has(resource));
      if (staying.length === 0) continue;
      if (detach) {
        d.debris.delete(id);
        d.detached.set(id, `owns ${staying.join(', ')}, which stays: detached (DeletionPolicy Retain), then deleted`);
      } else {
        d.keep(
          stack,
          'used-by-kept',
          `owns ${staying.join(', ')}, which stays; --detach deletes the stack and keeps them`,
        );
      }
      changed = true;
    }
  }
}

/**
 * Plans the removal of a stack's debris: what failed console attempts left
 * behind. Pure: a snapshot in, a cleanup plan and the list of what is left
 * alone (and why) out. Refuses a snapshot that could not be read completely.
 */
export function planCleanup(snapshot: Snapshot, options: CleanupOptions = {}): DeletePlanResult {
  assertCompleteRead(snapshot);
  const keepRevisions = options.keepRevisions ?? DEFAULT_KEEP_REVISIONS;
  if (!Number.isInteger(keepRevisions) || keepRevisions < 1) {
    throw new UserError(
      'BAD_KEEP_REVISIONS',
      `--keep-revisions must be a whole number of at least 1, got ${keepRevisions}.`,
      ['1 keeps only the live revision; 2 (the default) also keeps the one before it.'],
    );
  }
  const detach = options.detach === true;
  const d = new Decisions(new Map(snapshot.resources.map((resource) => [resource.id, resource])));
  const [users, uses, owned] = [usersOf(snapshot.edges), usesOf(snapshot.edges), ownedBy(snapshot.edges)];

  for (const [id, change] of options.unfinished ?? []) {
    if (change.detach) d.detached.set(id, resumedReason(change, options.unfinishedOrigin));
    else d.remove(d.byId.get(id)!, resumedReason(change, options.unfinishedOrigin));
  }
  planStacks(snapshot, d, owned, detach);
  planTargetGroups(snapshot, d);
  planCodeDeploy(snapshot, d, users, uses);
  planRevisions(snapshot, d, keepRevisions);
  // Whatever something outside the graph uses stays; `settle` then keeps what it uses and the stack that owns it.
  for (const [id, used] of outsideUsesById([...(options.outsideUses ?? []), ...snapshotOutsideUses(snapshot)])) {
    if (d.debris.has(id) || d.detached.has(id)) d.keepFinding(usedOutside(d.byId.get(id)!, used));
  }
  settle(snapshot, d, users, owned, detach);

  for (const resource of snapshot.resources) {
    if (!resource.orphan || resource.external || d.debris.has(resource.id) || d.kept.has(resource.id)) continue;
    if (d.detached.has(resource.id)) continue;
    d.keep(
      resource,
      'not-debris',
      'a leftover that cleanup does not remove; `reclaim teardown` does, or delete it yourself',
    );
  }

  const deletes: PlannedDelete[] = [
    ...[...d.debris].map(([id, reason]) => ({ resource: d.byId.get(id)!, reason })),
    ...[...d.detached].map(([id, reason]) => ({ resource: d.byId.get(id)!, reason, detach: true })),
  ];
  return {
    plan: deletePlan(snapshot, 'cleanup', deletes, options),
    kept: [...d.kept.values()].sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id)),
  };
}
