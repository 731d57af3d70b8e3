/**
 * `reclaim inventory`: an account and region read once (`readAccountView`),
 * grouped into the app stacks reclaim would discover by name
 * (`group-stacks.ts`). One target at a time (`inventoryOf`); several targets
 * (regions, accounts) are read by the caller, each with its own clients, and
 * combined with `buildInventory`. Read-only.
 */
import type { AwsClients } from '../aws/clients.js';
import {
  INVENTORY_SCHEMA_VERSION,
  type Inventory,
  type InventoryIssue,
  type InventoryStack,
  type InventoryTarget,
  type SharedResource,
  type UnownedResource,
} from '../model/inventory.js';
import type { CallStats } from '../model/snapshot.js';
import { readAccountView, type AccountViewOptions } from './account-view.js';
import { groupStacks, summarizeGrouping } from './group-stacks.js';

/** One account and region's share of an inventory. */
export interface InventoryPart {
  readonly target: InventoryTarget;
  readonly stacks: readonly InventoryStack[];
  readonly shared: readonly SharedResource[];
  readonly unowned: readonly UnownedResource[];
  readonly issues: readonly InventoryIssue[];
  readonly stats: CallStats;
}

export interface InventoryOptions extends Pick<AccountViewOptions, 'concurrency' | 'bulkIam' | 'onRead'> {
  /** The role assumed to get `clients`, recorded in the target. */
  readonly roleArn?: string;
}

/** Reads one account and region (the clients') and groups it into stacks. */
export async function inventoryOf(clients: AwsClients, options: InventoryOptions = {}): Promise<InventoryPart> {
  const view = await readAccountView(clients, options);
  const { stacks, shared, unowned } = summarizeGrouping(groupStacks(view, view.listings));
  const where = { account: view.account, region: view.region };
  return {
    target: { ...where, ...(options.roleArn ? { roleArn: options.roleArn } : {}), listings: view.listings },
    stacks,
    shared,
    unowned,
    issues: view.issues.map((issue) => ({ ...issue, ...where })),
    stats: view.stats,
  };
}

/**
 * The inventory of several parts, in a stable order. A stack name is only
 * unique within its account and region: the same app in two regions is two
 * entries. Stats add up across parts (each part's clients count their own
 * calls); the duration is the longest part's, as parts are read side by side.
 */
export function buildInventory(parts: readonly InventoryPart[], capturedAt = new Date()): Inventory {
  const byWhere = <T extends { account: string; region: string }>(a: T, b: T) =>
    a.account.localeCompare(b.account) || a.region.localeCompare(b.region);
  const callsByOperation: Record<string, number> = {};
  for (const part of parts) {
    for (const [operation, count] of Object.entries(part.stats.callsByOperation)) {
      callsByOperation[operation] = (callsByOperation[operation] ?? 0) + count;
    }
  }
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    capturedAt: capturedAt.toISOString(),
    targets: parts.map((part) => part.target).sort(byWhere),
    stacks: parts.flatMap((part) => part.stacks).sort((a, b) => byWhere(a, b) || a.name.localeCompare(b.name)),
    shared: parts
      .flatMap((part) => part.shared)
      .sort((a, b) => byWhere(a, b) || a.physicalId.localeCompare(b.physicalId)),
    unowned: parts
      .flatMap((part) => part.unowned)
      .sort((a, b) => byWhere(a, b) || a.type.localeCompare(b.type) || a.physicalId.localeCompare(b.physicalId)),
    issues: parts.flatMap((part) => part.issues),
    stats: {
      apiCalls: parts.reduce((sum, part) => sum + part.stats.apiCalls, 0),
      retries: parts.reduce((sum, part) => sum + part.stats.retries, 0),
      callsByOperation: Object.fromEntries(Object.entries(callsByOperation).sort(([a], [b]) => a.localeCompare(b))),
      durationMs: Math.max(0, ...parts.map((part) => part.stats.durationMs)),
    },
  };
}

/** Reads one target and returns its inventory: the single-region case. */
export async function readInventory(clients: AwsClients, options: InventoryOptions = {}): Promise<Inventory> {
  return buildInventory([await inventoryOf(clients, options)]);
}
