import type { AwsClients } from '../aws/clients.js';
import { errorCode } from '../discover/aws-errors.js';
import { ReclaimError } from '../errors.js';
import type { Change, ChangeAction, ChangeOutcome, Plan } from '../model/plan.js';
import {
  DEFAULT_WAIT,
  type KindWriter,
  type WaitSettings,
  type WriterContext,
  type WriterOptions,
} from './kind-writer.js';
import { recordingWrites } from './record-writes.js';
import { resolvePending, type CreatedResource } from './resolve-pending.js';
import { WRITERS, type WriterRegistry } from './writers/registry.js';

export interface ApplyOptions {
  /** Delete secrets at once instead of with a recovery window. */
  readonly forceDeleteSecrets?: boolean;
  /** Let writers change which keys a secret has (never its values). */
  readonly allowSecretWrites?: boolean;
  /** How long writers wait for AWS to finish (tests shorten it). */
  readonly wait?: Partial<WaitSettings>;
  /** The writers to use; the registry by default. */
  readonly writers?: WriterRegistry;
  readonly onProgress?: (event: ApplyProgress) => void;
}

/** What the executor reports as it goes. `index` counts from 1. */
export type ApplyProgress =
  | { readonly phase: 'start'; readonly index: number; readonly total: number; readonly change: Change }
  | { readonly phase: 'note'; readonly index: number; readonly change: Change; readonly message: string }
  | { readonly phase: 'finish'; readonly index: number; readonly total: number; readonly outcome: ChangeOutcome };

const VERB: Record<ChangeAction, string> = {
  create: 'creating',
  update: 'updating',
  replace: 'replacing',
  delete: 'deleting',
};

/**
 * Runs one change through its writer, whatever the action: the executor
 * knows no type and no action by heart. `refusalOf` has checked the writer
 * has the action.
 */
async function run(writer: KindWriter, ctx: WriterContext, change: Change): Promise<ChangeOutcome> {
  const base = { id: change.id, action: change.action };
  switch (change.action) {
    case 'delete': {
      const result = await writer.delete!(ctx, change);
      return result === 'already-gone' ? { ...base, status: 'already-done' } : { ...base, status: 'done' };
    }
    case 'create': {
      const { physicalId } = await writer.create!(ctx, change);
      return { ...base, status: 'done', physicalId };
    }
    case 'replace': {
      const { physicalId } = await writer.replace!(ctx, change);
      return { ...base, status: 'done', physicalId };
    }
    case 'update': {
      await writer.update!(ctx, change);
      return { ...base, status: 'done' };
    }
  }
}

/** Why `change` cannot run at all: no writer for its type and action, or the writer refuses it (a flag the run lacks). */
function refusalOf(writer: KindWriter | undefined, change: Change, options: WriterOptions): string | undefined {
  if (!writer?.[change.action]) {
    return change.action === 'replace'
      ? `${change.replacedBecause.join(', ')} cannot change in place, and reclaim does not delete and recreate a resource on its own: do it by hand, or change the file back`
      : `reclaim cannot ${change.action} this type`;
  }
  return writer.refuses?.(change, options);
}

/** One change the run would refuse, said as the executor would fail it. */
export interface Refusal {
  readonly id: Change['id'];
  readonly action: ChangeAction;
  /** Why, for people: `the run does not allow secret writes: …`. */
  readonly reason: string;
  /** The same as the executor fails the change: `updating AWS::SecretsManager::Secret (Secret): …`. */
  readonly error: string;
}

const writerOptions = (options: ApplyOptions): WriterOptions => ({
  forceDeleteSecrets: options.forceDeleteSecrets === true,
  allowSecretWrites: options.allowSecretWrites === true,
});

/**
 * Every change of `plan` that the run would refuse under `options`, whatever
 * live holds: the one answer to "can this plan run to the end", which the
 * executor checks before its first write and `plan` shows beside the change.
 */
export function refusalsOf(
  plan: Pick<Plan, 'changes'>,
  options: Pick<ApplyOptions, 'allowSecretWrites' | 'forceDeleteSecrets' | 'writers'> = {},
): Refusal[] {
  const writers = options.writers ?? WRITERS;
  return plan.changes.flatMap((change) => {
    const why = refusalOf(writers.get(change.type), change, writerOptions(options));
    return why === undefined
      ? []
      : [
          {
            id: change.id,
            action: change.action,
            reason: why,
            error: `${VERB[change.action]} ${change.type} (${change.id}): ${why}`,
          },
        ];
  });
}

const physicalIdOf = (change: Change): string => ('physicalId' in change ? change.physicalId : change.id);

/**
 * Executes a plan: exactly its changes, in its order, each through the
 * writer for its type and action. A plan with a change the run would refuse
 * (`refusalsOf`) fails whole, before any write. Otherwise it stops at the
 * first failure: that change is `partial` (with the writes AWS confirmed) or
 * `failed` (none), and the changes after it are `not-run`, so the run can be
 * repeated once the cause is fixed (writers are idempotent: a delete of
 * something already gone is `already-done`). Never prints: progress comes
 * out as typed events.
 *
 * The caller checks the target account and region first (`assertTarget`).
 */
export async function applyPlan(clients: AwsClients, plan: Plan, options: ApplyOptions = {}): Promise<ChangeOutcome[]> {
  const writers = options.writers ?? WRITERS;
  const deleting = new Set(
    plan.changes.filter((change) => change.action === 'delete').map((change) => `${change.type}|${change.physicalId}`),
  );
  const refusals = refusalsOf(plan, options);
  if (refusals.length > 0) {
    const refused = new Map(refusals.map((refusal) => [refusal.id, refusal]));
    return plan.changes.map((change): ChangeOutcome => {
      const refusal = refused.get(change.id);
      return refusal
        ? { id: change.id, action: change.action, status: 'failed', error: refusal.error }
        : { id: change.id, action: change.action, status: 'not-run' };
    });
  }
  const outcomes: ChangeOutcome[] = [];
  const created = new Map<string, CreatedResource>();
  const total = plan.changes.length;
  let failed = false;
  for (const [position, change] of plan.changes.entries()) {
    const index = position + 1;
    if (failed) {
      outcomes.push({ id: change.id, action: change.action, status: 'not-run' });
      continue;
    }
    options.onProgress?.({ phase: 'start', index, total, change });
    const steps: string[] = [];
    const ctx: WriterContext = {
      clients: recordingWrites(clients, (step) => steps.push(step)),
      account: plan.account,
      region: plan.region,
      options: writerOptions(options),
      wait: { ...DEFAULT_WAIT, ...options.wait },
      willDelete: (type, physicalId) => deleting.has(`${type}|${physicalId}`),
      note: (message) => options.onProgress?.({ phase: 'note', index, change, message }),
    };
    let outcome: ChangeOutcome;
    try {
      outcome = await run(writers.get(change.type)!, ctx, resolvePending(change, created, plan));
      if (outcome.status === 'done' && outcome.physicalId)
        created.set(change.id, { type: change.type, physicalId: outcome.physicalId });
    } catch (error) {
      const message = ((error as Error)?.message ?? String(error)).split('\n')[0]!.slice(0, 1000);
      // reclaim's own refusals carry a stable code; AWS errors carry AWS's.
      const code = error instanceof ReclaimError ? error.code : errorCode(error);
      const base = { id: change.id, action: change.action };
      const text = `${VERB[change.action]} ${change.type} (${physicalIdOf(change)}): ${code === 'Error' ? '' : `${code}: `}${message}`;
      outcome =
        steps.length > 0
          ? { ...base, status: 'partial', error: text, steps: [...steps] }
          : { ...base, status: 'failed', error: text };
      failed = true;
    }
    outcomes.push(outcome);
    options.onProgress?.({ phase: 'finish', index, total, outcome });
  }
  return outcomes;
}
