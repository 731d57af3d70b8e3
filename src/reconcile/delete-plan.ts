/** What cleanup and teardown planning share: findings, the completeness check, and delete changes. */
import { AwsError } from '../errors.js';
import { changesDigest, liveFingerprint } from '../model/fingerprint.js';
import { PLAN_SCHEMA_VERSION, type DeleteChange, type Plan, type PlanMode } from '../model/plan.js';
import type { Edge, LogicalId, Resource } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';
import type { Snapshot } from '../model/snapshot.js';
import { deleteOrder, isOwnership } from './order.js';

/** Why a resource that a plan could have touched is left alone. */
export type FindingKind =
  /** A CloudFormation stack owns resources the running stack uses; `--detach` hands them over. */
  | 'owns-live'
  /** Something outside the stack's graph uses it. */
  | 'used-outside'
  /** Something that stays uses it. */
  | 'used-by-kept'
  /** Asked for with `--keep TYPE`. */
  | 'kept-type'
  /** AWS manages it (a service-linked role). */
  | 'aws-managed'
  /** A task definition revision kept for rollback, or one newer than the live revision. */
  | 'revision-kept'
  /** CloudFormation is busy with the stack; run again when it settles. */
  | 'busy'
  /** Cloudflare: DNS records and rules without `--include-dns`; the zone and origin certificates always. */
  | 'front-door'
  /** A leftover that cleanup does not remove (teardown does). */
  | 'not-debris'
  /** A journal of an earlier run named it, but it was made again since: another resource under the same name. */
  | 'recreated';

export interface Finding {
  readonly id: LogicalId;
  readonly type: ResourceType;
  readonly physicalId: string;
  readonly kind: FindingKind;
  /** For people. */
  readonly why: string;
  /** For `used-outside`: who uses it, when reclaim read or listed the user. */
  readonly usedBy?: readonly OutsideUser[];
}

/** The result of planning a cleanup or a teardown: what to do, and what is left alone and why. */
export interface DeletePlanResult {
  readonly plan: Plan;
  readonly kept: readonly Finding[];
}

/** Something outside the stack's graph that uses one of its resources (found by `findAccountUses`). */
export interface OutsideUse {
  readonly id: LogicalId;
  /** Who uses it, for people: `beagle (task definition beagle:4, ExecutionRoleArn)`. */
  readonly by: string;
  /** The same, for machines, when the user is a resource reclaim read or listed. */
  readonly user?: OutsideUser;
}

/** A resource outside the stack's graph that uses one of the stack's resources. */
export interface OutsideUser {
  /** A CloudFormation type name; also types reclaim lists but does not model (`AWS::Lambda::Function`). */
  readonly type: string;
  readonly physicalId: string;
  /** The user's properties that carry the use (`ExecutionRoleArn`). */
  readonly via: readonly string[];
  /** The stack the user belongs to, when the account's grouping into stacks places it. */
  readonly stack?: string;
}

export const finding = (resource: Resource, kind: FindingKind, why: string): Finding => ({
  id: resource.id,
  type: resource.type,
  physicalId: resource.physicalId,
  kind,
  why,
});

/** The uses of each resource, in the order found. */
export function outsideUsesById(uses: readonly OutsideUse[]): Map<LogicalId, OutsideUse[]> {
  const byId = new Map<LogicalId, OutsideUse[]>();
  for (const use of uses) byId.set(use.id, [...(byId.get(use.id) ?? []), use]);
  return byId;
}

/** The finding for a resource something outside the graph uses: `used by beagle (…); …`, and who, for machines. */
export function usedOutside(resource: Resource, uses: readonly OutsideUse[]): Finding {
  const users = uses.flatMap((use) => (use.user ? [use.user] : []));
  return {
    ...finding(resource, 'used-outside', `used by ${uses.map((use) => use.by).join('; ')}`),
    ...(users.length > 0 ? { usedBy: users } : {}),
  };
}

/**
 * Refuses to plan deletions from a partial picture: a resource that could not
 * be read might be in use, and a reference that could not be followed might
 * protect something. Says what could not be read.
 */
export function assertCompleteRead(snapshot: Snapshot): void {
  const unknown = snapshot.resources.filter((resource) => resource.status === 'unknown');
  if (snapshot.issues.length === 0 && unknown.length === 0) return;
  const lines = snapshot.issues.map((issue) => {
    const about = issue.physicalIds?.length ? ` (${issue.physicalIds.join(', ')})` : '';
    return `${issue.operation}${about}: ${issue.code}: ${issue.message}`;
  });
  for (const resource of unknown) lines.push(`${resource.type} ${resource.physicalId}: only partly read`);
  throw new AwsError(
    'INCOMPLETE_READ',
    `Part of stack ${snapshot.stack} could not be read, so nothing was planned or changed:\n  ${lines.join('\n  ')}`,
    [
      'Grant the read permissions named above (or wait out the throttling) and run again.',
      '`reclaim discover --stack NAME` shows the same problems.',
    ],
  );
}

/** Who uses each resource (the `from` of every edge into it), ownership edges left out. */
export function usersOf(edges: readonly Edge[]): Map<LogicalId, LogicalId[]> {
  const users = new Map<LogicalId, LogicalId[]>();
  for (const edge of edges) {
    if (isOwnership(edge) || edge.from === edge.to) continue;
    users.set(edge.to, [...(users.get(edge.to) ?? []), edge.from]);
  }
  return users;
}

/** What each resource uses (the `to` of every edge out of it), ownership edges left out. */
export function usesOf(edges: readonly Edge[]): Map<LogicalId, LogicalId[]> {
  const uses = new Map<LogicalId, LogicalId[]>();
  for (const edge of edges) {
    if (isOwnership(edge) || edge.from === edge.to) continue;
    uses.set(edge.from, [...(uses.get(edge.from) ?? []), edge.to]);
  }
  return uses;
}

/** The resources each CloudFormation stack owns (its `Resources.<LogicalId>` edges). */
export function ownedBy(edges: readonly Edge[]): Map<LogicalId, LogicalId[]> {
  const owned = new Map<LogicalId, LogicalId[]>();
  for (const edge of edges) {
    if (isOwnership(edge)) owned.set(edge.from, [...(owned.get(edge.from) ?? []), edge.to]);
  }
  return owned;
}

export interface PlannedDelete {
  readonly resource: Resource;
  readonly reason: string;
  readonly detach?: boolean;
}

/** Why a change of an earlier, unfinished run is in the plan again; `origin` says which run (`from a run 3 days ago`). */
export const resumedReason = (change: DeleteChange, origin?: string): string =>
  `${change.reason} (unfinished by an earlier run${origin ? `, ${origin},` : ''} that stopped; out of discovery's sight now)`;

/**
 * The plan: the deletes in dependency order (every resource before what it
 * uses, stacks last). `unfinished` resources were added to the snapshot from
 * the journal, not read: the live fingerprint leaves them out.
 */
export function deletePlan(
  snapshot: Snapshot,
  mode: PlanMode,
  deletes: readonly PlannedDelete[],
  options: { createdAt?: string; unfinished?: ReadonlyMap<LogicalId, unknown> } = {},
): Plan {
  const createdAt = options.createdAt ?? new Date().toISOString();
  const read = snapshot.resources.filter((resource) => !options.unfinished?.has(resource.id));
  const byId = new Map(deletes.map((planned) => [planned.resource.id, planned]));
  const ordered = deleteOrder(
    deletes.map((planned) => planned.resource),
    snapshot.edges,
  );
  const changes: DeleteChange[] = ordered.map((resource) => {
    const planned = byId.get(resource.id)!;
    return {
      action: 'delete',
      id: resource.id,
      type: resource.type,
      physicalId: resource.physicalId,
      reason: planned.reason,
      properties: resource.properties,
      attributes: resource.attributes,
      ...(planned.detach ? { detach: true } : {}),
    };
  });
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    mode,
    account: snapshot.account,
    region: snapshot.region,
    stack: snapshot.stack,
    createdAt,
    liveFingerprint: liveFingerprint({ ...snapshot, resources: read }),
    changes,
    changesDigest: changesDigest(changes),
  };
}
