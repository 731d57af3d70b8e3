import { UserError } from '../errors.js';
import type { Inventory } from '../model/inventory.js';
import { schemaVersionError } from './merge.js';

const ARRAYS = ['targets', 'stacks', 'shared', 'unowned', 'issues'] as const;

/**
 * The parsed JSON of `name` as an inventory, or an error that says what it is
 * not. A shape check only: enough to tell an inventory from a snapshot, a
 * drift report or a file of another schema version, and to merge safely.
 * (The full JSON Schema, `schemas/inventory.schema.json`, can replace it.)
 */
export function checkInventoryDocument(name: string, data: unknown): Inventory {
  const hint = ['Give the files `reclaim inventory --json --out FILE` wrote.'];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError('NOT_AN_INVENTORY', `${name} is not a reclaim inventory: it is not a JSON object.`, hint);
  }
  const document = data as Record<string, unknown>;
  if (!('schemaVersion' in document) || !('targets' in document)) {
    const looksLike =
      'resources' in document
        ? ' (it looks like a snapshot)'
        : 'drifts' in document
          ? ' (it looks like a drift report)'
          : '';
    throw new UserError(
      'NOT_AN_INVENTORY',
      `${name} is not a reclaim inventory${looksLike}: it has no schemaVersion and targets.`,
      hint,
    );
  }
  if (document.schemaVersion !== 1) throw schemaVersionError(name, document.schemaVersion);
  for (const field of ARRAYS) {
    if (!Array.isArray(document[field])) {
      throw new UserError('NOT_AN_INVENTORY', `${name} is not a complete inventory: ${field} is not a list.`, hint);
    }
  }
  if (typeof document.capturedAt !== 'string' || typeof document.stats !== 'object' || document.stats === null) {
    throw new UserError(
      'NOT_AN_INVENTORY',
      `${name} is not a complete inventory: capturedAt or stats is missing.`,
      hint,
    );
  }
  for (const [index, target] of (document.targets as unknown[]).entries()) {
    const { account, region } = (target ?? {}) as Record<string, unknown>;
    if (typeof account !== 'string' || typeof region !== 'string') {
      throw new UserError('NOT_AN_INVENTORY', `${name}: targets[${index}] has no account and region.`, hint);
    }
  }
  return data as Inventory;
}
