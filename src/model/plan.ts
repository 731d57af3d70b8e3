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

/**
 * The flags that shaped a reconcile plan or decide what its changes do. A
 * saved plan records them, and `apply --plan` must be given the same ones.
 */
export interface PlanFlags {
  /** `--prune`: deletes of unmanaged resources are in the plan. */
  readonly prune: boolean;
  /** `--allow-secret-writes`: changes to a secret's keys may run. */
  readonly allowSecretWrites: boolean;
  /** `--force-delete-secrets`: a deleted secret goes at once, without a recovery window. */
  readonly forceDeleteSecrets: boolean;
}

export const PLAN_FLAG_NAMES: Readonly<Record<keyof PlanFlags, string>> = {
  prune: '--prune',
  allowSecretWrites: '--allow-secret-writes',
  forceDeleteSecrets: '--force-delete-secrets',
};

/** The plan-shaping flags of `options`, each said outright (a flag not given is off). */
export const planFlagsOf = (options: Partial<Record<keyof PlanFlags, boolean | undefined>>): PlanFlags => ({
  prune: options.prune === true,
  allowSecretWrites: options.allowSecretWrites === true,
  forceDeleteSecrets: options.forceDeleteSecrets === true,
});

/** The flags that are on, as a command line has them: ` --prune --allow-secret-writes`. */
export const planFlagsText = (flags: PlanFlags): string =>
  (Object.keys(PLAN_FLAG_NAMES) as Array<keyof PlanFlags>)
    .filter((flag) => flags[flag])
    .map((flag) => ` ${PLAN_FLAG_NAMES[flag]}`)
    .join('');

/** What a reconcile plan was made from, so that a saved one can be made again and compared before it runs. */
export interface PlanBasis {
  /** The desired-state file as named to `reclaim plan` (relative to where it ran). */
  readonly desiredFile: string;
  /** `sha256:` of the desired file's bytes. */
  readonly desiredDigest: string;
  readonly flags: PlanFlags;
}

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
  /**
   * `sha256:` of the canonical JSON of `changes` (`changesDigest`). Every plan
   * reclaim makes carries it; `apply --plan` refuses a plan whose changes no
   * longer match it, or that has none.
   */
  readonly changesDigest?: string;
  /** Reconcile plans: what the plan was made from. `apply --plan` refuses a plan without it. */
  readonly basis?: PlanBasis;
}

/**
 * The outcome of one change when a plan runs: `done`; `already-done` (a
 * delete of something already gone); `partial`, when it failed after some of
 * its writes went through (`steps`, in the order AWS confirmed them);
 * `failed`, when it failed before any write; `not-run` (skipped), when an
 * earlier change failed or the plan was refused before it started.
 */
export type ChangeOutcome =
  | { readonly id: LogicalId; readonly action: ChangeAction; readonly status: 'done'; readonly physicalId?: string }
  | { readonly id: LogicalId; readonly action: ChangeAction; readonly status: 'already-done' }
  | {
      readonly id: LogicalId;
      readonly action: ChangeAction;
      readonly status: 'partial';
      readonly error: string;
      readonly steps: readonly string[];
    }
  | { readonly id: LogicalId; readonly action: ChangeAction; readonly status: 'failed'; readonly error: string }
  | { readonly id: LogicalId; readonly action: ChangeAction; readonly status: 'not-run' };

/** True for an outcome that stopped the run: failed, whole or part way. */
export const isFailure = (outcome: ChangeOutcome): boolean =>
  outcome.status === 'failed' || outcome.status === 'partial';

export function summarizeChanges(changes: readonly Change[]): Record<ChangeAction, number> {
  const counts: Record<ChangeAction, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const change of changes) counts[change.action] += 1;
  return counts;
}
