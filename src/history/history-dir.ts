/**
 * The drift history on disk: one JSON file per run in a directory, named by
 * the run's time in a form every file system accepts (`2026-12-02T03-17-00.123Z.json`:
 * no colons), holding the drift report and the time it ran.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DriftReport } from '../model/drift.js';
import { UserError } from '../errors.js';
import type { HistoryRun } from './drift-history.js';

/** Enough runs to say "since when" for a nightly job's year; older files stay, unread. */
const MAX_RUNS_READ = 400;
const RUN_FILE = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(\.\d{3})?Z\.json$/;

export function runFileName(ranAt: Date): string {
  return `${ranAt.toISOString().replace(/:/g, '-')}.json`;
}

/** The runs kept in `dir`, newest last; none when the directory does not exist yet. */
export async function readHistory(dir: string): Promise<HistoryRun[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const runs = names
    .filter((name) => RUN_FILE.test(name))
    .sort()
    .slice(-MAX_RUNS_READ);
  return Promise.all(
    runs.map(async (name) => {
      const file = join(dir, name);
      try {
        const saved = JSON.parse(await readFile(file, 'utf8')) as DriftReport & { ranAt?: string };
        const { ranAt, ...report } = saved;
        return { ranAt: ranAt ?? saved.capturedAt, report };
      } catch (error) {
        throw new UserError('BAD_HISTORY_FILE', `reading drift history ${file}: ${(error as Error).message}`, [
          `Move ${file} out of the history directory.`,
        ]);
      }
    }),
  );
}

/** Keeps this run's report in `dir` (made if missing); returns the file written. */
export async function saveRun(dir: string, ranAt: Date, report: DriftReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, runFileName(ranAt));
  await writeFile(file, `${JSON.stringify({ ranAt: ranAt.toISOString(), ...report }, null, 2)}\n`, 'utf8');
  return file;
}
