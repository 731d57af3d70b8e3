/**
 * `reclaim cleanup` and `reclaim teardown` as library calls: read the stack,
 * plan, and (only when asked) check who is acting and run the plan. The
 * commands only parse flags and render what these return.
 */
import type { AwsClients } from '../aws/clients.js';
import { discover, type DiscoveryProgress } from '../discover/discover.js';
import { StackNotFound } from '../discover/stack-names.js';
import { UserError } from '../errors.js';
import { isFailure, type ChangeOutcome, type DeleteChange, type Plan } from '../model/plan.js';
import type { LogicalId } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';
import type { Snapshot } from '../model/snapshot.js';
import { assertAccountReadComplete, findAccountUses } from './account-uses.js';
import { applyPlan, type ApplyProgress } from './apply.js';
import { planCleanup } from './cleanup.js';
import { assertCompleteRead, type Finding } from './delete-plan.js';
import { assertTarget, type CallerIdentity } from './guard.js';
import { withUnfinished, type PlanJournal } from './journal.js';
import { journalOrigin, recheckUnfinished } from './journal-recheck.js';
import type { WaitSettings } from './kind-writer.js';
import { planTeardown } from './teardown.js';

/** What a cleanup or teardown did, or would do: the `--json` payload. */
export interface DestroyReport {
  /** False for a dry run: nothing was changed. */
  readonly acted: boolean;
  /** Who acted (only when acting, or when an account was asked for). */
  readonly identity?: CallerIdentity;
  readonly plan: Plan;
  /** What was left alone, and why. */
  readonly kept: readonly Finding[];
  /** One per change, in plan order (only when acting). */
  readonly outcomes?: readonly ChangeOutcome[];
}

export type DestroyProgress =
  | { readonly phase: 'reading'; readonly account: string; readonly region: string }
  | { readonly phase: 'acting'; readonly identity: CallerIdentity }
  | { readonly phase: 'change'; readonly event: ApplyProgress };

interface ActOptions {
  /** Act; without it, only plan (a dry run). */
  readonly yes?: boolean;
  /** The account the user expects to act in; refused (before any change) when the credentials are another's. */
  readonly account?: string;
  readonly forceDeleteSecrets?: boolean;
  readonly wait?: Partial<WaitSettings>;
  /**
   * Where a run keeps its plan until it has run to the end, so that the next
   * run finishes what a killed one left out of discovery's sight. None: no memory.
   */
  readonly journal?: PlanJournal;
  readonly onProgress?: (event: DestroyProgress) => void;
}

export interface CleanupStackOptions extends ActOptions {
  readonly stack: string;
  readonly detach?: boolean;
  readonly keepRevisions?: number;
}

export interface TeardownStackOptions extends ActOptions {
  readonly stack: string;
  /** Must repeat `stack` exactly. */
  readonly confirm: string;
  readonly keep?: readonly ResourceType[];
  /** Also delete the stack's Cloudflare DNS records and configuration rules. */
  readonly includeDns?: boolean;
}

/** 0 when done or nothing to do, 2 when a dry run found something to do, 1 when a change failed (whole or part way). */
export function exitCodeOf(report: DestroyReport): 0 | 1 | 2 {
  if (!report.acted) return report.plan.changes.length > 0 ? 2 : 0;
  return report.outcomes?.some(isFailure) ? 1 : 0;
}

interface Resumed {
  readonly snapshot: Snapshot;
  readonly unfinished: Map<LogicalId, DeleteChange>;
  /** `from a run 3 days ago (…)`, when a journal was found. */
  readonly origin?: string;
  /** Journaled resources left alone without planning (recreated since). */
  readonly stale: readonly Finding[];
}

/**
 * The snapshot with what an unfinished earlier run of `mode` still had to
 * delete, each of those resources read again (`recheckUnfinished`): the
 * journal may be of an earlier incarnation of the stack.
 */
async function resume(
  clients: AwsClients,
  snapshot: Snapshot,
  mode: Plan['mode'],
  options: ActOptions,
): Promise<Resumed> {
  const saved = await options.journal?.load({
    mode,
    account: snapshot.account,
    region: snapshot.region,
    stack: snapshot.stack,
  });
  const added = withUnfinished(snapshot, saved);
  if (!saved) return { ...added, stale: [] };
  const rechecked = await recheckUnfinished(clients, added.snapshot, added.unfinished, saved.createdAt);
  assertCompleteRead(rechecked.snapshot);
  return { ...rechecked, origin: journalOrigin(saved.createdAt) };
}

/** Findings about journaled resources say which run the journal is from. */
function withOrigin(kept: readonly Finding[], resumed: Resumed): Finding[] {
  const all = [...kept, ...resumed.stale];
  return all
    .map((finding) =>
      resumed.origin && resumed.unfinished.has(finding.id) && finding.kind !== 'recreated'
        ? { ...finding, why: `${finding.why} (journaled ${resumed.origin})` }
        : finding,
    )
    .sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
}

/**
 * Reads the stack. A name that matches nothing is refused (a typo must not
 * read as "nothing to delete"), unless an earlier run of `mode` left work
 * unfinished for it: then the empty read is the truth, and the journal says the rest.
 */
async function read(clients: AwsClients, stack: string, mode: Plan['mode'], options: ActOptions): Promise<Snapshot> {
  let snapshot: Snapshot;
  try {
    snapshot = await discover(clients, {
      stack,
      mustMatch: true,
      onProgress: (event: DiscoveryProgress) => {
        if (event.phase === 'identity') {
          options.onProgress?.({ phase: 'reading', account: event.account, region: event.region });
        }
      },
    });
  } catch (error) {
    if (!(error instanceof StackNotFound)) throw error;
    const { account, region } = error.snapshot;
    if (!(await options.journal?.load({ mode, account, region, stack }))) throw error;
    snapshot = error.snapshot;
  }
  assertCompleteRead(snapshot);
  return snapshot;
}

async function act(
  clients: AwsClients,
  plan: Plan,
  kept: readonly Finding[],
  options: ActOptions,
): Promise<DestroyReport> {
  if (!options.yes && options.account === undefined) return { acted: false, plan, kept };
  const identity = await assertTarget(clients, { account: options.account ?? plan.account, region: plan.region });
  if (!options.yes) return { acted: false, identity, plan, kept };
  options.onProgress?.({ phase: 'acting', identity });
  if (plan.changes.length > 0) await options.journal?.save(plan);
  const outcomes = await applyPlan(clients, plan, {
    forceDeleteSecrets: options.forceDeleteSecrets,
    ...(options.wait ? { wait: options.wait } : {}),
    onProgress: (event) => options.onProgress?.({ phase: 'change', event }),
  });
  if (!outcomes.some(isFailure)) await options.journal?.clear(plan);
  return { acted: true, identity, plan, kept, outcomes };
}

/**
 * Finds the stack's debris and, with `yes`, removes it. Refuses (changing
 * nothing) when part of the stack could not be read, or the credentials
 * belong to another account than `account`.
 */
export async function cleanupStack(clients: AwsClients, options: CleanupStackOptions): Promise<DestroyReport> {
  const resumed = await resume(clients, await read(clients, options.stack, 'cleanup', options), 'cleanup', options);
  // Debris is what nothing in the stack's graph uses; the account may still use it (an old revision another service runs).
  const outside = await findAccountUses(clients, resumed.snapshot);
  assertAccountReadComplete(resumed.snapshot, outside.issues);
  const { plan, kept } = planCleanup(resumed.snapshot, {
    detach: options.detach,
    keepRevisions: options.keepRevisions,
    unfinished: resumed.unfinished,
    ...(resumed.origin ? { unfinishedOrigin: resumed.origin } : {}),
    outsideUses: outside.uses,
  });
  return act(clients, plan, withOrigin(kept, resumed), options);
}

/**
 * Plans the deletion of the stack's whole graph and, with `yes`, deletes it.
 * Refuses (changing nothing) unless `confirm` repeats the stack's name, when
 * part of the stack (or of the account, which might use it) could not be read, or
 * when the credentials belong to another account than `account`.
 */
export async function teardownStack(clients: AwsClients, options: TeardownStackOptions): Promise<DestroyReport> {
  if (options.confirm !== options.stack) {
    throw new UserError(
      'CONFIRM_MISMATCH',
      `--confirm "${options.confirm}" does not repeat the stack name "${options.stack}": nothing was changed.`,
      [`Type the stack's name exactly: --confirm ${options.stack}`],
    );
  }
  const resumed = await resume(clients, await read(clients, options.stack, 'teardown', options), 'teardown', options);
  const outside = await findAccountUses(clients, resumed.snapshot);
  assertAccountReadComplete(resumed.snapshot, outside.issues);
  const { plan, kept } = planTeardown(resumed.snapshot, {
    keep: options.keep,
    ...(options.includeDns ? { includeDns: true } : {}),
    outsideUses: outside.uses,
    unfinished: resumed.unfinished,
    ...(resumed.origin ? { unfinishedOrigin: resumed.origin } : {}),
  });
  return act(clients, plan, withOrigin(kept, resumed), options);
}
