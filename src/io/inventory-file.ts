import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { checkInventoryDocument } from '../inventory/inventory-document.js';
import type { InventorySource } from '../inventory/merge.js';

/** Reads an inventory written by `reclaim inventory --json --out FILE`, naming the file in every error. */
export async function readInventoryFile(file: string): Promise<InventorySource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError('INVENTORY_UNREADABLE', `reading inventory ${file}: ${(error as Error).message}`, [
      'Check the path: each shard writes its own file with `reclaim inventory --json --out FILE`.',
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError('NOT_AN_INVENTORY', `${file} is not JSON: ${(error as Error).message}`, [
      'Was the shard cut short? Run it again.',
    ]);
  }
  return { name: file, inventory: checkInventoryDocument(file, data) };
}
