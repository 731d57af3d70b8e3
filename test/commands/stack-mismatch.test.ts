import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import Drift from '../../src/commands/drift.js';
import Plan from '../../src/commands/plan.js';
import { runCommand } from '../support/run-command.js';

// Offline: a desired file and a saved snapshot that disagree about which stack they describe.
const DESIRED = 'fixtures/bash-dog/reclaim.yaml';
const LIVE = 'fixtures/bash-dog/live.json';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reclaim-mismatch-'));
});

it('a desired file whose scope names another stack than its `stack` is refused, naming both, with file:line', async () => {
  const text = (await readFile(DESIRED, 'utf8')).replace(/^scope:\n {2}stack: bash-dog$/m, 'scope:\n  stack: cat-api');
  const file = join(dir, 'two-stacks.yaml');
  await writeFile(file, text, 'utf8');
  // The line of `  stack: cat-api`, wherever the file's header puts it.
  const line = text.split('\n').indexOf('  stack: cat-api') + 1;
  const result = await runCommand(Drift, ['--desired', file, '--snapshot', LIVE]);
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(
    new RegExp(`${file}:${line}:\\d+: error: scope.stack is "cat-api" but the file declares stack "bash-dog"`),
  );
});

it.each([
  ['drift', Drift],
  ['plan', Plan],
] as const)(
  '%s refuses a snapshot of another stack than the desired file, naming both',
  async (_name, CommandClass) => {
    const snapshot = JSON.parse(await readFile(LIVE, 'utf8')) as { stack: string };
    const other = join(dir, 'cat-api.json');
    await writeFile(other, JSON.stringify({ ...snapshot, stack: 'cat-api' }), 'utf8');
    const result = await runCommand(CommandClass, ['--desired', DESIRED, '--snapshot', other]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `${other} is a snapshot of stack "cat-api", but the desired state is of stack "bash-dog".`,
    );
  },
);
