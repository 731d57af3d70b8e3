import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import Doctor from '../../src/commands/doctor.js';
import { BROKEN_REPO, EXAMPLE_SNAPSHOT, SOUND_REPO } from './support/doctor-fixtures.js';

// The command end to end through oclif, on the bundled example: no AWS needed.

const ROOT = new URL('../../', import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reclaim-doctor-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** Runs `reclaim doctor ARGS`, returning stdout, stderr and the exit code it set. */
async function doctor(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  // oclif's log and logToStderr go through console.
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  try {
    await Doctor.run(args, ROOT);
  } finally {
    vi.restoreAllMocks();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { stdout, stderr, exitCode };
}

describe('reclaim doctor', () => {
  it('exits 0 on the sound repository checked alone', async () => {
    const { stdout, exitCode } = await doctor('--repo', SOUND_REPO);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('0 error(s), 0 warning(s), 0 hardening — exit 0');
  });

  it("exits 2 on the example with the guide's mistakes, checked offline against the saved stack", async () => {
    const { stdout, exitCode } = await doctor('--snapshot', EXAMPLE_SNAPSHOT, '--repo', BROKEN_REPO);
    expect(exitCode).toBe(2);
    for (const code of ['RC001', 'RC005', 'RC006', 'RC007', 'RC008', 'RC021']) expect(stdout).toContain(code);
  });

  it('writes SARIF to --out and keeps stdout clean', async () => {
    const out = join(dir, 'doctor.sarif');
    const { stdout, stderr, exitCode } = await doctor(
      '--snapshot',
      EXAMPLE_SNAPSHOT,
      '--repo',
      BROKEN_REPO,
      '--format',
      'sarif',
      '--out',
      out,
    );
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Wrote ${out}`);
    const log = JSON.parse(await readFile(out, 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(log.version).toBe('2.1.0');
    // 5 file findings and 3 on live resources: every finding is a result.
    expect(log.runs[0]!.results).toHaveLength(8);
  });

  it('returns the report under --json', async () => {
    const { stdout, exitCode } = await doctor('--repo', BROKEN_REPO, '--json');
    expect(exitCode).toBe(2);
    const report = JSON.parse(stdout) as { version: number; summary: { error: number }; exitCode: number };
    expect(report).toMatchObject({ version: 1, summary: { error: 5 }, exitCode: 2 });
  });

  it('exits 1 with a usable message when there is nothing to check or the repository is missing', async () => {
    const none = await doctor();
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('Give --stack (or --snapshot), --repo, or both.');
    const missing = await doctor('--repo', join(dir, 'nope'));
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('is not a directory');
  });
});
