import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Finding } from '../../../src/doctor/finding.js';
import type { LiveFacts } from '../../../src/doctor/live/live-facts.js';
import type { DoctorReport } from '../../../src/doctor/report.js';
import { readRepo } from '../../../src/doctor/repo/read-repo.js';
import type { RepoFiles } from '../../../src/doctor/repo/repo-files.js';
import { runDoctor } from '../../../src/doctor/run-doctor.js';
import { readSnapshot } from '../../../src/io/snapshot-file.js';
import type { Resource } from '../../../src/model/resource.js';
import type { Snapshot } from '../../../src/model/snapshot.js';

const FIXTURES = new URL('../../../fixtures/', import.meta.url).pathname;
export const EXAMPLE_SNAPSHOT = join(FIXTURES, 'example-repo-live/bash-dog.json');
export const SOUND_REPO = join(FIXTURES, 'example-repo-sound');
export const BROKEN_REPO = join(FIXTURES, 'example-repo');

let snapshot: Promise<Snapshot> | undefined;
/** The bundled example snapshot (read once; tests get deep copies to mutate). */
export async function exampleSnapshot(): Promise<Snapshot> {
  snapshot ??= readSnapshot(EXAMPLE_SNAPSHOT);
  return structuredClone(await snapshot);
}

/** The moment the example was captured: its certificate is checked as of then, so tests do not age. */
export const exampleNow = (s: Snapshot) => new Date(s.capturedAt);

export function resourceOf(s: Snapshot, id: string): Resource & { properties: Record<string, unknown> } {
  const found = s.resources.find((r) => r.id === id);
  if (!found) throw new Error(`no resource ${id} in the snapshot (has ${s.resources.map((r) => r.id).join(', ')})`);
  return found as Resource & { properties: Record<string, unknown> };
}

/**
 * A copy of a fixture repository in a temporary directory, with `edits` applied
 * (path → new content, or a function of the old content; null deletes).
 */
export async function repoVariant(
  edits: Record<string, string | null | ((old: string) => string)> = {},
  from = SOUND_REPO,
): Promise<{ root: string; repo: RepoFiles; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'reclaim-doctor-'));
  await cp(from, root, { recursive: true });
  for (const [path, edit] of Object.entries(edits)) {
    const file = join(root, path);
    if (edit === null) await rm(file);
    else if (typeof edit === 'function') await writeFile(file, edit(await readFile(file, 'utf8')));
    else await writeFile(file, edit);
  }
  return { root, repo: await readRepo(root), cleanup: () => rm(root, { recursive: true, force: true }) };
}

export function run(input: {
  snapshot?: Snapshot;
  repo?: RepoFiles;
  facts?: LiveFacts;
  hosts?: string[];
  branch?: string;
}): DoctorReport {
  return runDoctor({
    ...input,
    ...(input.snapshot ? { now: exampleNow(input.snapshot) } : {}),
  });
}

const key = (f: Finding) => JSON.stringify([f.code, f.severity, f.location, f.what]);

/**
 * The findings of `report` that `baseline` does not have, asserting that they
 * all come from check `code` (a broken variant must make its check fire, and
 * only it) and that no check became undecided.
 */
export function onlyNew(report: DoctorReport, baseline: DoctorReport, code: string): Finding[] {
  const known = new Set(baseline.findings.map(key));
  const added = report.findings.filter((f) => !known.has(key(f)));
  expect(
    added.filter((f) => f.code !== code).map((f) => `${f.code} ${f.what}`),
    `only ${code} may fire`,
  ).toEqual([]);
  expect(added.length, `${code} fires`).toBeGreaterThan(0);
  expect(report.checks.filter((c) => c.status === 'unknown' || c.status === 'crashed')).toEqual([]);
  return added;
}

/** Errors and warnings: what a sound stack must not have (hardening is the guide's known debt). */
export const problems = (report: DoctorReport) => report.findings.filter((f) => f.severity !== 'hardening');
