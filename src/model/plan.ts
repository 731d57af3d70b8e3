import type { LogicalId, Properties } from './resource.js';
import type { ResourceType } from './resource-type.js';

export const PLAN_SCHEMA_VERSION = 1;

/**
 * What a plan is for. `reconcile` brings live back to the desired file;
 * `cleanup` removes a stack's debris; `teardown` deletes the whole stack.
 * All three run through the same executor.
 */
export type PlanMode = 'reconcile' | 'cleanup' | 'teardown';

/** One property that differs, by CloudFormation property path (`HealthCheckGracePeriodSeconds`, `Policies.0.PolicyDocument`). */
export interface PropertyChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

interface ChangeBase {
  readonly id: LogicalId;
  readonly type: ResourceType;
  /** For people only: why this change is in the plan. Never used for decisions. */
  readonly reason: string;
}

export interface CreateChange extends ChangeBase {
  readonly action: 'create';
  /**
   * The desired properties. References to resources that already exist are
   * resolved to physical ids; references to resources this same plan creates
   * stay intrinsics (`{Ref: Id}`), resolved by the executor once those exist.
   */
  readonly properties: Properties;
}

/**
 * How a new task definition revision reaches the service that runs it. For a
 * service under the CODE_DEPLOY controller that is a CodeDeploy deployment
 * (UpdateService may not change its task definition); otherwise UpdateService.
 */
export type Rollout =
  | {
      readonly kind: 'codedeploy';
      readonly applicationName: string;
      readonly deploymentGroupName: string;
      readonly containerName: string;
      readonly containerPort: number;
    }
  | { readonly kind: 'ecs'; readonly cluster: string; readonly service: string };

export interface UpdateChange extends ChangeBase {
  readonly action: 'update';
  readonly physicalId: string;
  /** The desired managed properties, references resolved. */
  readonly properties: Properties;
  readonly changes: readonly PropertyChange[];
  /** For task definitions: how the new revision is rolled out to the services that run the family. */
  readonly rollouts?: readonly Rollout[];
}

export interface ReplaceChange extends ChangeBase {
  readonly action: 'replace';
  readonly physicalId: string;
  readonly properties: Properties;
  readonly changes: readonly PropertyChange[];
  /** The properties whose change forces a new resource. */
  readonly replacedBecause: readonly string[];
}

export interface DeleteChange extends ChangeBase {
  readonly action: 'delete';
  readonly physicalId: string;
  /** The resource as last read: deletion sometimes needs it (a role's policies, a stack's resources). */
  readonly properties: Properties;
  readonly attributes: Properties;
  /**
   * For CloudFormation stacks only: keep every resource the stack owns
   * (`DeletionPolicy: Retain` through a change set), then delete the stack.
   */
  readonly detach?: boolean;
}

/** A change, tagged by action. Apply executes exactly these, in order. */
export type Change = CreateChange | UpdateChange | ReplaceChange | DeleteChange;
export type ChangeAction = Change['action'];

export interface Plan {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  readonly mode: PlanMode;
  readonly account: string;
  readonly region: string;
  readonly stack: string;
  readonly createdAt: string;
  /** Fingerprint of the live snapshot the plan was made from; apply refuses when live has moved on. */
  readonly liveFingerprint: string;
  /** How to read live again (the discovery roots), so a saved plan can be checked for staleness. */
  readonly scope?: {
    readonly stack: string;
    readonly pipelines?: readonly string[];
    readonly services?: readonly string[];
    readonly tags?: Readonly<Record<string, string>>;
  };
  /** In execution order: creates and updates in dependency order, deletes in reverse. */
  readonly changes: readonly Change[];
}

/** The outcome of one change when a plan runs. */
export type ChangeOutcome =
  | { readonly id: LogicalId; readonly action: ChangeAction; readonly status: 'done'; readonly physicalId?: string }
  | { readonly id: LogicalId; readonly action: ChangeAction; readonly status: 'already-done' }
  | { readonly id: LogicalId; readonly action: ChangeAction; readonly status: 'failed'; readonly error: string }
  | { readonly id: LogicalId; readonly action: ChangeAction; readonly status: 'not-run' };

export function summarizeChanges(changes: readonly Change[]): Record<ChangeAction, number> {
  const counts: Record<ChangeAction, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const change of changes) counts[change.action] += 1;
  return counts;
}
