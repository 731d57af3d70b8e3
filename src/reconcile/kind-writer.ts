import type { AwsClients } from '../aws/clients.js';
import type { Change, CreateChange, DeleteChange, ReplaceChange, UpdateChange } from '../model/plan.js';
import type { ManagedType, ResourceType } from '../model/resource-type.js';

/** What a delete found: it removed the resource, or the resource was already gone (which is success too). */
export type DeleteResult = 'deleted' | 'already-gone';

/**
 * How long and how often writers poll while AWS finishes something (a stack
 * deleting, a service draining, a load balancer releasing its network
 * interfaces). The same shape as the SDK waiters' options, in seconds.
 */
export interface WaitSettings {
  readonly minDelay: number;
  readonly maxDelay: number;
  /** Give up (and fail the change) after this long. */
  readonly maxWaitTime: number;
}

export const DEFAULT_WAIT: WaitSettings = { minDelay: 5, maxDelay: 30, maxWaitTime: 3600 };

export interface WriterOptions {
  /** Delete secrets at once (`ForceDeleteWithoutRecovery`) instead of scheduling them with a recovery window. */
  readonly forceDeleteSecrets: boolean;
  /** Let writers add (empty-valued) or remove a secret's keys; without it they refuse. Values are never read out. */
  readonly allowSecretWrites?: boolean;
}

/** Everything a writer may use while one plan runs. */
export interface WriterContext {
  readonly clients: AwsClients;
  readonly account: string;
  readonly region: string;
  readonly options: WriterOptions;
  readonly wait: WaitSettings;
  /**
   * True when the running plan deletes that resource too. A writer may clear
   * references between resources that go together (two security groups that
   * allow each other), and must never touch anything for which this is false.
   */
  willDelete(type: ResourceType, physicalId: string): boolean;
  /** Tells people about a long wait or a step worth knowing; never a secret. */
  note(message: string): void;
}

/**
 * How reclaim changes one CloudFormation resource type: the write side of a
 * discovery handler. One file per type under `writers/` (the same names as
 * `discover/kinds/`), listed in `writers/registry.ts`. Every method is
 * optional: the executor fails a change whose type has no writer for its
 * action, before touching anything of that change.
 *
 * Contract:
 * - Writers read what they need fresh from AWS; the change's `properties` and
 *   `attributes` are what discovery saw, which may be stale.
 * - Writers wait where AWS is eventually consistent, so that the next change
 *   of the plan finds the world as this one left it (a deleted service is
 *   INACTIVE, a deleted stack is DELETE_COMPLETE), within `ctx.wait`.
 * - Writers never read, log or return a secret value.
 * - A thrown error fails the change; the executor names the action and the
 *   resource around the message, so writers throw AWS's error as it came.
 *   The executor records each write AWS confirmed, so a change that fails
 *   after some of them is reported `partial` with those steps.
 * - What a writer would refuse of a change whatever live holds (a flag the
 *   run lacks), it says in `refuses`: the executor asks before the first
 *   change of the plan runs, so such a plan fails whole, not half way.
 */
export interface KindWriter {
  readonly type: ManagedType;
  /**
   * Why this writer will not make `change` under `options`, or undefined when
   * it may. Pure: no call to AWS. Said as the end of a sentence that starts
   * with the action and resource (`updating AWS::SecretsManager::Secret (X): …`).
   */
  refuses?(change: Change, options: WriterOptions): string | undefined;
  /** Creates the resource, or leaves nothing behind when it fails. Returns the new physical id. */
  create?(ctx: WriterContext, change: CreateChange): Promise<{ physicalId: string }>;
  /** Brings the resource's managed properties to `change.properties`; properties it does not declare stay as they are. */
  update?(ctx: WriterContext, change: UpdateChange): Promise<void>;
  /** Makes a new resource and retires the old one, in whichever order the type needs. Returns the new physical id. */
  replace?(ctx: WriterContext, change: ReplaceChange): Promise<{ physicalId: string }>;
  /**
   * Deletes the resource and waits until AWS reports it gone. Deleting
   * something that is already gone succeeds with `'already-gone'`: a killed
   * run finishes when it is run again. What the resource holds goes with it
   * (a repository's images, a bucket's objects, a role's policies); what it
   * merely points at does not.
   */
  delete?(ctx: WriterContext, change: DeleteChange): Promise<DeleteResult>;
}
