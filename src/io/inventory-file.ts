import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { Inventory } from '../model/inventory.js';
import { describeSchemaErrors, schemaValidator } from './schemas.js';

const WRITE_ONE = 'Write one with `reclaim inventory --format json --out inv.json`.';

/** Reads an inventory written by `reclaim inventory --format json` (or `--json`), and checks it against the schema. */
export async function readInventoryFile(file: string): Promise<Inventory> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError('INVENTORY_UNREADABLE', `reading inventory ${file}: ${(error as Error).message}`, [WRITE_ONE]);
  }
  const validate = schemaValidator('inventory');
  if (!validate(data)) {
    const problems = describeSchemaErrors(validate.errors).slice(0, 20);
    throw new UserError('INVENTORY_INVALID', `${file} is not a reclaim inventory:\n  ${problems.join('\n  ')}`, [
      WRITE_ONE,
    ]);
  }
  return data as Inventory;
}
