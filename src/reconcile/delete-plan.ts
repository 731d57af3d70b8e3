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
}

/** The result of planning a cleanup or a teardown: what to do, and what is left alone and why. */
export interface DeletePlanResult {
  readonly plan: Plan;
  readonly kept: readonly Finding[];
}

export const finding = (resource: Resource, kind: FindingKind, why: string): Finding => ({
  id: resource.id,
  type: resource.type,
  physicalId: resource.physicalId,
  kind,
  why,
});

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
