import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Cleanup from '../../src/commands/cleanup.js';
import Discover from '../../src/commands/discover.js';
import Doctor from '../../src/commands/doctor.js';
import Import from '../../src/commands/import.js';
import Teardown from '../../src/commands/teardown.js';
import { nearestStackNames } from '../../src/discover/stack-names.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';

let stack: EmulatedStack;

beforeAll(async () => {
  stack = await startEmulatedStack('bash-dog');
  process.env.RECLAIM_STATE_DIR = stack.dir;
});

afterAll(async () => {
  await stack?.stop();
});

describe('a stack name that matches nothing', () => {
  it.each([
    ['discover', Discover, ['--stack', 'bash-dgo']],
    ['doctor', Doctor, ['--stack', 'bash-dgo']],
    ['cleanup', Cleanup, ['--stack', 'bash-dgo']],
    ['teardown', Teardown, ['--stack', 'bash-dgo', '--confirm', 'bash-dgo', '--yes']],
  ] as const)('%s exits 1 with the nearest name that exists', async (_name, CommandClass, argv) => {
    const result = await runCommand(CommandClass, [...argv, ...stack.awsFlags()]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toContain('account 123456789012, us-east-2 carries the name "bash-dgo"');
    expect(result.stderr).toContain('Did you mean --stack bash-dog?');
    expect(result.stdout).not.toMatch(/nothing to (delete|clean)|in sync/i);
  });

  it('import exits 1, writes no file, and says so as JSON under --json', async () => {
    const out = join(stack.dir, 'reclaim.yaml');
    const result = await runCommand(Import, ['--stack', 'bash-dgo', '--out', out, '--json', ...stack.awsFlags()]);
    expect(result.exitCode, result.stderr).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; suggestions: string[] } };
    expect(error.code).toBe('STACK_NOT_FOUND');
    expect(error.suggestions[0]).toBe('Did you mean --stack bash-dog?');
    expect(existsSync(out)).toBe(false);
  });

  it('the real name still reads (the check costs nothing when something matches)', async () => {
    const result = await runCommand(Discover, ['--stack', 'bash-dog', '--json', ...stack.awsFlags()]);
    expect(result.exitCode, result.stderr).toBe(0);
  });
});

describe('nearestStackNames', () => {
  const names = ['bash-dog-pipeline', 'bash-dog', 'ECS-Console-V2-Service-bash-dog-bash-dog-1a2b3c4d', 'cat-api'];

  it('finds the misspelt stack inside longer resource names', () => {
    expect(nearestStackNames('bash-dgo', names)).toEqual(['bash-dog']);
    expect(nearestStackNames('cat-apu', names)).toEqual(['cat-api']);
  });

  it('offers the clusters and pipelines when nothing is close', () => {
    expect(nearestStackNames('zebra', names, ['bash-dog', 'cat-api'])).toEqual(['bash-dog', 'cat-api']);
  });
});
