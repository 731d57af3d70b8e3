import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';

export interface FolderFile {
  /** Relative to the folder. */
  readonly path: string;
  readonly content: string;
}

/**
 * Writes generated files into a folder, refusing (before writing any) when a
 * file there already holds something else: a hand-edited template or CDK app
 * is not to be lost to a second export. The same content again is no change,
 * so a re-run is allowed; `force` overwrites.
 */
export async function writeFolder(folder: string, files: readonly FolderFile[], force = false): Promise<void> {
  if (!force) {
    const changed: string[] = [];
    for (const file of files) {
      const existing = await readFile(join(folder, file.path), 'utf8').catch(() => undefined);
      if (existing !== undefined && existing !== file.content) changed.push(file.path);
    }
    if (changed.length > 0) {
      throw new UserError(
        'OUT_NOT_EMPTY',
        `${folder} already holds ${changed.length === 1 ? 'a file' : 'files'} this would overwrite with other content: ${changed.join(', ')}. Nothing was written.`,
        ['Export into a new folder, or pass --force to overwrite them.'],
      );
    }
  }
  for (const file of files) {
    const path = join(folder, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content, 'utf8');
  }
}
