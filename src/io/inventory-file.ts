import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { checkInventoryDocument } from '../inventory/inventory-document.js';
import type { InventorySource } from '../inventory/merge.js';
import type { Inventory } from '../model/inventory.js';
import { describeSchemaErrors, schemaValidator } from './schemas.js';

const WRITE_ONE = 'Write one with `reclaim inventory --format json --out inv.json`.';

/**
 * Reads an inventory written by `reclaim inventory --format json` (or
 * `--json`), naming the file in every error: first what it is if not an
 * inventory (a snapshot, a drift report, another schema version), then the
 * schema's complaints.
 */
export async function readInventoryFile(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError('INVENTORY_UNREADABLE', `reading inventory ${file}: ${(error as Error).message}`, [WRITE_ONE]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError('NOT_AN_INVENTORY', `${file} is not JSON: ${(error as Error).message}`, [
      'Was the run cut short? Run it again.',
    ]);
  }
  const inventory = checkInventoryDocument(file, data);
  const validate = schemaValidator('inventory');
  if (!validate(data)) {
    const problems = describeSchemaErrors(validate.errors).slice(0, 20);
    throw new UserError('INVENTORY_INVALID', `${file} is not a reclaim inventory:\n  ${problems.join('\n  ')}`, [
      WRITE_ONE,
    ]);
  }
  return inventory;
}

/** An inventory with the file it came from, for merge's errors. */
export async function readInventorySource(file: string): Promise<InventorySource> {
  return { name: file, inventory: await readInventoryFile(file) };
}
