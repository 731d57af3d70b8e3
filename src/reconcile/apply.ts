import type { AwsClients } from '../aws/clients.js';
import { errorCode } from '../discover/aws-errors.js';
import { ReclaimError } from '../errors.js';
import type { Change, ChangeAction, ChangeOutcome, Plan } from '../model/plan.js';
import { DEFAULT_WAIT, type KindWriter, type WaitSettings, type WriterContext } from './kind-writer.js';
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

/** Runs one change through its writer, whatever the action: the executor knows no type and no action by heart. */
async function run(writer: KindWriter | undefined, ctx: WriterContext, change: Change): Promise<ChangeOutcome> {
  const base = { id: change.id, action: change.action };
  switch (change.action) {
    case 'delete': {
      if (!writer?.delete) return missing(change);
      const result = await writer.delete(ctx, change);
      return result === 'already-gone' ? { ...base, status: 'already-done' } : { ...base, status: 'done' };
    }
    case 'create': {
      if (!writer?.create) return missing(change);
      const { physicalId } = await writer.create(ctx, change);
      return { ...base, status: 'done', physicalId };
    }
    case 'replace': {
      if (!writer?.replace) return missing(change);
      const { physicalId } = await writer.replace(ctx, change);
      return { ...base, status: 'done', physicalId };
    }
    case 'update': {
      if (!writer?.update) return missing(change);
      await writer.update(ctx, change);
      return { ...base, status: 'done' };
    }
  }
}

function missing(change: Change): ChangeOutcome {
  const why =
    change.action === 'replace'
      ? `${change.replacedBecause.join(', ')} cannot change in place, and reclaim does not delete and recreate a resource on its own: do it by hand, or change the file back`
      : `reclaim cannot ${change.action} this type`;
  return {
    id: change.id,
    action: change.action,
    status: 'failed',
    error: `${VERB[change.action]} ${change.type} (${change.id}): ${why}`,
  };
}

const canRun = (writer: KindWriter | undefined, change: Change): boolean => writer?.[change.action] !== undefined;

const physicalIdOf = (change: Change): string => ('physicalId' in change ? change.physicalId : change.id);

/**
 * Executes a plan: exactly its changes, in its order, each through the
 * writer for its type and action. Stops at the first failure; the changes
 * after it are reported `not-run`, so the run can be repeated once the cause
 * is fixed (writers are idempotent: a delete of something already gone is
 * `already-done`). Never prints: progress comes out as typed events.
 *
 * The caller checks the target account and region first (`assertTarget`).
 */
export async function applyPlan(clients: AwsClients, plan: Plan, options: ApplyOptions = {}): Promise<ChangeOutcome[]> {
  const writers = options.writers ?? WRITERS;
  const deleting = new Set(
    plan.changes.filter((change) => change.action === 'delete').map((change) => `${change.type}|${change.physicalId}`),
  );
  // A plan with a change no writer can make fails before anything runs, not half way through.
  if (plan.changes.some((change) => !canRun(writers.get(change.type), change))) {
    return plan.changes.map((change) =>
      canRun(writers.get(change.type), change)
        ? { id: change.id, action: change.action, status: 'not-run' }
        : missing(change),
    );
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
    const ctx: WriterContext = {
      clients,
      account: plan.account,
      region: plan.region,
      options: {
        forceDeleteSecrets: options.forceDeleteSecrets === true,
        allowSecretWrites: options.allowSecretWrites === true,
      },
      wait: { ...DEFAULT_WAIT, ...options.wait },
      willDelete: (type, physicalId) => deleting.has(`${type}|${physicalId}`),
      note: (message) => options.onProgress?.({ phase: 'note', index, change, message }),
    };
    let outcome: ChangeOutcome;
    try {
      outcome = await run(writers.get(change.type), ctx, resolvePending(change, created, plan));
      if (outcome.status === 'done' && outcome.physicalId)
        created.set(change.id, { type: change.type, physicalId: outcome.physicalId });
    } catch (error) {
      const message = ((error as Error)?.message ?? String(error)).split('\n')[0]!.slice(0, 1000);
      // reclaim's own refusals carry a stable code; AWS errors carry AWS's.
      const code = error instanceof ReclaimError ? error.code : errorCode(error);
      outcome = {
        id: change.id,
        action: change.action,
        status: 'failed',
        error: `${VERB[change.action]} ${change.type} (${physicalIdOf(change)}): ${code === 'Error' ? '' : `${code}: `}${message}`,
      };
    }
    if (outcome.status === 'failed') failed = true;
    outcomes.push(outcome);
    options.onProgress?.({ phase: 'finish', index, total, outcome });
  }
  return outcomes;
}
