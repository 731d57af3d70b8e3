import type { AwsClients } from '../aws/clients.js';
import { readIssue } from '../discover/aws-errors.js';
import { INVENTORY_SCHEMA_VERSION, type Inventory, type InventoryTarget } from '../model/inventory.js';
import { createLimiter } from '../util/limiter.js';
import { mergeInventories } from './merge.js';
import { sumStats } from './sum-stats.js';
import { resolveTargets, type PlannedTarget, type ResolvedTargets, type TargetsOptions } from './targets.js';

/** A target ready to read: its account and region, and clients signed in to it. */
export interface ReadTarget extends InventoryTarget {
  readonly clients: AwsClients;
}

/**
 * What reading one target yields: an inventory without the run's envelope.
 * No stats: every call goes through `target.clients`, whose counter is read.
 */
export type TargetInventory = Pick<Inventory, 'stacks' | 'shared' | 'unowned' | 'issues'> &
  Pick<InventoryTarget, 'listings'>;

/**
 * The per-target read, plugged in by the inventory command (account view,
 * then grouping into stacks). It may throw: that target becomes an issue and
 * the others are still read. Its issues should name `target.account` and
 * `target.region`.
 */
export type TargetReader = (target: ReadTarget) => Promise<TargetInventory>;

/** Told after each target, so a command can show progress; the library never prints. */
export interface TargetDone {
  readonly target: InventoryTarget;
  readonly done: number;
  readonly total: number;
  readonly failed: boolean;
}

export interface ReadTargetsOptions {
  /** Targets read at once. Each target's reader bounds its own calls. */
  readonly concurrency?: number;
  readonly onTargetDone?: (event: TargetDone) => void;
}

/** A few accounts or regions at once: each target's read is itself concurrent, and they share rate limits per account. */
export const READ_TARGETS_CONCURRENCY = 4;

/** The operation named by the issue of a target whose read threw (the error's own message names the call). */
export const READ_TARGET_OPERATION = 'reclaim:ReadTarget';

/**
 * Reads every resolved target with `read`, a bounded number at once, and
 * joins them into one inventory with the resolution's issues. A target whose
 * read throws is an issue of its own and is left out of `targets`, which lists
 * only what was read. Each target's clients are destroyed once it is read.
 */
export async function readTargets(
  resolved: ResolvedTargets,
  read: TargetReader,
  options: ReadTargetsOptions = {},
): Promise<Inventory> {
  const started = performance.now();
  const capturedAt = new Date().toISOString();
  const limit = createLimiter(options.concurrency ?? READ_TARGETS_CONCURRENCY);
  let done = 0;
  const parts = await Promise.all(
    resolved.targets.map((planned) =>
      limit(async (): Promise<Inventory> => {
        const part = await readOne(planned, read, capturedAt);
        done += 1;
        options.onTargetDone?.({
          target: describe(planned),
          done,
          total: resolved.targets.length,
          failed: part.targets.length === 0,
        });
        return part;
      }),
    ),
  );
  const envelope: Inventory = { ...emptyInventory(capturedAt), issues: resolved.issues, stats: resolved.stats() };
  const merged = mergeInventories([
    { name: 'target resolution', inventory: envelope },
    ...parts.map((inventory, index) => ({ name: describeTarget(resolved.targets[index]!), inventory })),
  ]);
  return { ...merged, capturedAt, stats: sumStats([merged.stats], Math.round(performance.now() - started)) };
}

/**
 * Resolves the targets, reads them all, and closes every client: the one call
 * the inventory command makes for many regions and accounts.
 */
export async function readInventoryOfTargets(
  targets: TargetsOptions,
  read: TargetReader,
  options: ReadTargetsOptions = {},
): Promise<Inventory> {
  const resolved = await resolveTargets(targets);
  try {
    return await readTargets(resolved, read, options);
  } finally {
    resolved.close();
  }
}

async function readOne(planned: PlannedTarget, read: TargetReader, capturedAt: string): Promise<Inventory> {
  const clients = planned.connect();
  try {
    const { listings, ...part } = await read({ ...describe(planned), clients });
    return {
      ...emptyInventory(capturedAt),
      ...part,
      // The listings ride with their target, for `discover --inventory`.
      targets: [{ ...describe(planned), ...(listings ? { listings } : {}) }],
      stats: clients.counter.snapshot(),
    };
  } catch (error) {
    const issue = readIssue(READ_TARGET_OPERATION, error);
    return {
      ...emptyInventory(capturedAt),
      issues: [
        {
          ...issue,
          message: `reading ${describeTarget(planned)}: ${issue.message}`,
          account: planned.account,
          region: planned.region,
        },
      ],
      stats: clients.counter.snapshot(),
    };
  } finally {
    clients.destroy();
  }
}

function describe(planned: PlannedTarget): InventoryTarget {
  return { account: planned.account, region: planned.region, ...(planned.roleArn ? { roleArn: planned.roleArn } : {}) };
}

function describeTarget(target: InventoryTarget): string {
  return `account ${target.account} in ${target.region}`;
}

function emptyInventory(capturedAt: string): Inventory {
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    capturedAt,
    targets: [],
    stacks: [],
    shared: [],
    unowned: [],
    issues: [],
    stats: { apiCalls: 0, retries: 0, callsByOperation: {}, durationMs: 0 },
  };
}
