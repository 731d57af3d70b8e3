import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

/**
 * What `npm pack` ships runs as `npx reclaim`: the tarball of the built tree
 * (`npm run build` first; packing does not rebuild here), unpacked into a
 * project's node_modules as npm would install it, its bin linked. Of the
 * dependencies only @oclif/core is linked in: every other one is inside the
 * bundles, so a module the bundles failed to include fails here. No network:
 * npx runs --offline.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let project: string;
let tarball: string;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.error) throw result.error;
  return result;
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'reclaim-pack-'));
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  const [packed] = JSON.parse(pack.stdout) as [{ filename: string }];
  tarball = join(project, packed.filename);
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  expect(run('tar', ['-xzf', tarball, '-C', project], project).status).toBe(0);
  renameSync(join(project, 'package'), join(modules, 'reclaim'));
  symlinkSync(join(ROOT, 'node_modules', '@oclif'), join(modules, '@oclif'));
  symlinkSync('../reclaim/bin/run.js', join(modules, '.bin', 'reclaim'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-reclaim', private: true }));
}, 120_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

it('ships the manifest, the bundles and the schemas, and no sources', () => {
  const listing = run('tar', ['-tzf', tarball], project).stdout.split('\n');
  expect(listing).toContain('package/oclif.manifest.json');
  expect(listing).toContain('package/dist/commands/discover.js');
  expect(listing).toContain('package/schemas/snapshot.schema.json');
  expect(listing.filter((file) => file.startsWith('package/src/'))).toEqual([]);
});

it('answers `npx reclaim --version` and `npx reclaim discover --help`', () => {
  const version = run('npx', ['--offline', 'reclaim', '--version'], project);
  expect(version.status, version.stderr).toBe(0);
  expect(version.stdout).toMatch(/^reclaim\/0\.1\.0 /);
  const help = run('npx', ['--offline', 'reclaim', 'discover', '--help'], project);
  expect(help.status, help.stderr).toBe(0);
  expect(help.stdout).toContain('--stack');
});

it('runs a command from its bundle: a saved snapshot summarized', () => {
  const snapshot = join(ROOT, 'fixtures', 'bash-dog', 'live.json');
  const summary = run('npx', ['--offline', 'reclaim', 'discover', '--snapshot', snapshot], project);
  expect(summary.status, summary.stderr).toBe(0);
  expect(summary.stdout).toContain('Stack bash-dog');
});
