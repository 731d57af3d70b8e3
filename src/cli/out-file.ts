import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';

/**
 * Refuses an `--out` that cannot be written, before any AWS call: a discovery
 * that reads a whole stack only to fail on a folder that does not exist wastes
 * the user's time and the account's rate limits.
 */
export async function assertOutWritable(file: string | undefined, flag = '--out'): Promise<void> {
  if (file === undefined) return;
  const folder = dirname(resolve(file));
  const isFolder = await stat(folder).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isFolder) {
    throw new UserError(
      'OUT_FOLDER_MISSING',
      `${flag} ${file}: the folder ${folder} does not exist; nothing was read.`,
      [`Create it first (mkdir -p ${folder}), or write elsewhere with ${flag}.`],
    );
  }
  const writable = await access(folder, constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!writable) {
    throw new UserError(
      'OUT_FOLDER_NOT_WRITABLE',
      `${flag} ${file}: the folder ${folder} is not writable; nothing was read.`,
      [`Write elsewhere with ${flag}.`],
    );
  }
}

/** Refuses to overwrite an existing `--out` without `--force`, before any AWS call. */
export async function refuseOverwrite(
  file: string,
  force: boolean | undefined,
  also: readonly string[] = [],
): Promise<void> {
  if (force) return;
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) return;
  throw new UserError('FILE_EXISTS', `${file} already exists; reclaim will not overwrite it.`, [
    'Pass --force to overwrite it, or --out to write elsewhere.',
    ...also,
  ]);
}
