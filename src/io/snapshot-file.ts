import { readFile, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { describeSchemaErrors, schemaValidator } from './schemas.js';

/** Reads a snapshot written by `reclaim discover --out`, and checks it against the schema. */
export async function readSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError('SNAPSHOT_UNREADABLE', `reading snapshot ${file}: ${(error as Error).message}`, [
      'Write one with `reclaim discover --stack NAME --out live.json`.',
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError('SNAPSHOT_INVALID', `${file} is not JSON: ${(error as Error).message}`, [
      'Write it again with `reclaim discover --stack NAME --out live.json`.',
    ]);
  }
  const validate = schemaValidator('snapshot');
  if (!validate(data)) {
    const problems = describeSchemaErrors(validate.errors).slice(0, 20);
    throw new UserError('SNAPSHOT_INVALID', `${file} is not a reclaim snapshot:\n  ${problems.join('\n  ')}`, [
      'Write it again with `reclaim discover --stack NAME --out live.json`.',
    ]);
  }
  return data as Snapshot;
}

export async function writeSnapshot(file: string, snapshot: Snapshot): Promise<void> {
  await writeFile(file, `${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
}
