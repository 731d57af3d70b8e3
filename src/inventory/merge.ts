import { UserError } from '../errors.js';
import {
  INVENTORY_SCHEMA_VERSION,
  type Inventory,
  type InventoryIssue,
  type InventoryTarget,
  type SharedResource,
  type StackUse,
  type UnownedResource,
} from '../model/inventory.js';
import { sumStats } from './sum-stats.js';

/** One inventory to merge, and the name (a file) that errors call it by. */
export interface InventorySource {
  readonly name: string;
  readonly inventory: Inventory;
}

const targetKey = (target: { account: string; region: string }) => `${target.account} in ${target.region}`;
const resourceKey = (resource: { type: string; physicalId: string; account: string; region: string }) =>
  `${resource.account}|${resource.region}|${resource.type}|${resource.physicalId}`;
const byTarget = (a: { account: string; region: string }, b: { account: string; region: string }) =>
  a.account.localeCompare(b.account) || a.region.localeCompare(b.region);

/**
 * Several inventories (the shards of one run, or one run's per-target parts)
 * as one. Pure. The result does not depend on the order of the sources:
 * everything is sorted by account, region, then name or id.
 *
 * - `targets`: a target listed twice in one source counts once; a target that
 *   two sources both read is refused, naming both: its stacks would count twice,
 *   and one of the two reads is stale.
 * - `shared`: one entry per (type, physicalId, account, region), its `usedBy`
 *   the union of the sources' uses.
 * - `stacks`, `unowned`, `issues`: all of them, exact duplicates once.
 * - `stats`: summed (see `sumStats`); `capturedAt`: the latest.
 */
export function mergeInventories(sources: readonly InventorySource[]): Inventory {
  if (sources.length === 0) throw new UserError('NOTHING_TO_MERGE', 'No inventory to merge.');
  const targets = new Map<string, { target: InventoryTarget; from: string }>();
  for (const { name, inventory } of sources) {
    if (inventory.schemaVersion !== INVENTORY_SCHEMA_VERSION) throw schemaVersionError(name, inventory.schemaVersion);
    const own = new Set<string>();
    for (const target of inventory.targets) {
      const key = targetKey(target);
      const seen = targets.get(key);
      if (seen && !own.has(key)) {
        throw new UserError('TARGET_READ_TWICE', `${name} and ${seen.from} both read account ${key}.`, [
          'Merge each shard once, from one run: were two runs of a shard downloaded, or did two shards use different --shard counts?',
        ]);
      }
      own.add(key);
      if (!seen) targets.set(key, { target, from: name });
    }
  }

  const all = sources.map((source) => source.inventory);
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    capturedAt: latest(all.map((inventory) => inventory.capturedAt)),
    targets: [...targets.values()].map(({ target }) => target).sort(byTarget),
    stacks: unique(all.flatMap((inventory) => inventory.stacks)).sort(
      (a, b) => byTarget(a, b) || a.name.localeCompare(b.name),
    ),
    shared: mergeShared(all.flatMap((inventory) => inventory.shared)),
    unowned: unique(
      all.flatMap((inventory) => inventory.unowned),
      resourceKey,
    ).sort(byResource),
    issues: unique(all.flatMap((inventory) => inventory.issues)).sort(byIssue),
    stats: sumStats(all.map((inventory) => inventory.stats)),
  };
}

export function schemaVersionError(name: string, version: unknown): UserError {
  return new UserError(
    'INVENTORY_SCHEMA_VERSION',
    `${name} is an inventory of schema version ${JSON.stringify(version)}; this reclaim reads version ${INVENTORY_SCHEMA_VERSION}.`,
    ['Merge inventories written by the same reclaim version, or run the shards again with this one.'],
  );
}

function mergeShared(entries: readonly SharedResource[]): SharedResource[] {
  const merged = new Map<string, SharedResource>();
  for (const entry of entries) {
    const key = resourceKey(entry);
    const known = merged.get(key);
    merged.set(key, known ? { ...known, usedBy: [...known.usedBy, ...entry.usedBy] } : entry);
  }
  return [...merged.values()].map((entry) => ({ ...entry, usedBy: unique(entry.usedBy).sort(byUse) })).sort(byResource);
}

/** Keeps the first of each key (by default, of each identical value). */
function unique<T>(values: readonly T[], key: (value: T) => string = (value) => JSON.stringify(value)): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()];
}

function latest(timestamps: readonly string[]): string {
  return timestamps.reduce((a, b) => ((Date.parse(b) || 0) > (Date.parse(a) || 0) ? b : a));
}

function byResource(a: SharedResource | UnownedResource, b: SharedResource | UnownedResource): number {
  return byTarget(a, b) || a.type.localeCompare(b.type) || a.physicalId.localeCompare(b.physicalId);
}

function byUse(a: StackUse, b: StackUse): number {
  return a.stack.localeCompare(b.stack) || a.by.localeCompare(b.by) || a.via.localeCompare(b.via);
}

function byIssue(a: InventoryIssue, b: InventoryIssue): number {
  return byTarget(a, b) || a.operation.localeCompare(b.operation) || a.message.localeCompare(b.message);
}
