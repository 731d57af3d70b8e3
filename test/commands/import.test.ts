import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Drift from '../../src/commands/drift.js';
import Import from '../../src/commands/import.js';
import { loadDesiredState } from '../../src/desired/load.js';
import { discover } from '../../src/discover/discover.js';
import { writeSnapshot } from '../../src/io/snapshot-file.js';
import { DENY_ECR, startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import type { FaultProxy } from '../support/fault-proxy.js';
import type { Moto } from '../support/moto.js';
import { runCommand, type CommandResult } from '../support/run-command.js';
import { DEFAULT_SECRET_VALUES, type ScenarioFacts } from '../support/scenario.js';

// `reclaim import` in-process against the emulator. CodeStar Connections is recorded HTTP: the emulator lacks the service.
let stack: EmulatedStack;
let moto: Moto;
let facts: ScenarioFacts;
let deniedEcr: FaultProxy;
let dir: string;
const outputs: string[] = [];

beforeAll(async () => {
  stack = await startEmulatedStack();
  ({ moto, facts, dir } = stack);
  // One service denied: every ECR operation answers AccessDenied.
  deniedEcr = await stack.proxy(DENY_ECR);
});

afterAll(async () => {
  await stack?.stop();
});

const aws = (endpoint?: string) => stack.awsFlags(endpoint);
async function run(command: typeof Import | typeof Drift, ...argv: string[]): Promise<CommandResult> {
  const result = await runCommand(command, argv);
  outputs.push(result.stdout, result.stderr);
  return result;
}
const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
/** The file without its first comment line, which carries the time live was read. */
const body = (text: string) => text.slice(text.indexOf('\n') + 1);

describe('reclaim import', () => {
  let file: string;
  let written: string;

  beforeAll(async () => {
    file = join(dir, 'reclaim.yaml');
  });

  it('writes a desired-state file, says what it wrote, and points at the debris', async () => {
    const result = await run(Import, '--stack', 'bash-dog', '--out', file, ...aws());
    expect(result.exitCode).toBe(0);
    written = await readFile(file, 'utf8');
    const { state } = await loadDesiredState(file);
    const declared = Object.keys(state.resources).length;
    expect(declared).toBe(facts.live.length);
    expect(state.debris).toHaveLength(facts.debris.length);
    expect(result.stderr).toContain(
      `Wrote ${file}: ${declared} resources declared, ${facts.debris.length} leftovers listed as debris.`,
    );
    expect(result.stderr).toContain('See them with: reclaim cleanup --stack bash-dog');
    expect(written).toContain(
      '# Leftovers found at import: not managed and not drift. `reclaim cleanup --stack bash-dog`',
    );
    expect(result.stdout).toBe('');
  });

  it('declares the secret by its keys, never its values', () => {
    expect(written).toMatch(/SecretKeys:\n\s+- API_TOKEN\n\s+- DB_PASSWORD\n/);
    for (const value of Object.values(DEFAULT_SECRET_VALUES)) expect(written).not.toContain(value);
  });

  it('writes a file that drifts clean against the same live stack (exit 0)', async () => {
    const result = await run(Drift, '--desired', file, ...aws());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('In sync: live matches the declared state.');
  });

  it('refuses to overwrite an existing file without --force, leaving it as it was', async () => {
    const mine = join(dir, 'mine.yaml');
    await writeFile(mine, '# my own edits\n', 'utf8');
    const result = await run(Import, '--stack', 'bash-dog', '--out', mine, ...aws());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`Error: ${mine} already exists; reclaim will not overwrite it.`);
    expect(result.stderr).toContain('Pass --force to overwrite it');
    expect(await readFile(mine, 'utf8')).toBe('# my own edits\n');

    const forced = await run(Import, '--stack', 'bash-dog', '--out', mine, '--force', ...aws());
    expect(forced.exitCode).toBe(0);
    expect(body(await readFile(mine, 'utf8'))).toBe(body(written));
  });

  it('imports from a saved snapshot the same file it imports from AWS', async () => {
    const snapshot = join(dir, 'live.json');
    await writeSnapshot(snapshot, await discover(moto.clients(), { stack: 'bash-dog' }));
    const out = join(dir, 'from-snapshot.yaml');
    const result = await run(Import, '--snapshot', snapshot, '--out', out);
    expect(result.exitCode).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(body(text)).toBe(body(written));
    expect((await run(Drift, '--desired', out, '--snapshot', snapshot)).exitCode).toBe(0);
  });

  it('refuses to import from a partial read: exit 1, no file written', async () => {
    const out = join(dir, 'partial.yaml');
    const result = await run(Import, '--stack', 'bash-dog', '--out', out, ...aws(deniedEcr.endpoint));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Part of bash-dog could not be read, so no file was written:');
    expect(result.stderr).toContain('ecr:DescribeRepositories: AccessDeniedException');
    expect(result.stderr).toContain('Grant the missing read permissions');
    expect(deniedEcr.counts.denied).toBeGreaterThan(0);
    expect(await exists(out)).toBe(false);
  });

  it('needs exactly one of --stack and --snapshot', async () => {
    const result = await run(Import, '--out', join(dir, 'none.yaml'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/--snapshot|--stack/);
    expect(await exists(join(dir, 'none.yaml'))).toBe(false);
  });

  it('never prints a secret value', () => {
    for (const value of Object.values(DEFAULT_SECRET_VALUES)) {
      for (const output of outputs) expect(output).not.toContain(value);
    }
  });
});
