import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Discover from '../../src/commands/discover.js';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import { DENY_ECR, startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import type { FaultProxy } from '../support/fault-proxy.js';
import { TEST_REGION } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { KNOWN_SECRET_VALUE } from '../support/scenario.js';

// CodeStar Connections is recorded HTTP: the emulator lacks the service.
let stack: EmulatedStack;
let deniedEcr: FaultProxy;
let dir: string;

beforeAll(async () => {
  stack = await startEmulatedStack();
  dir = stack.dir;
  deniedEcr = await stack.proxy(DENY_ECR);
});

afterAll(async () => {
  await stack?.stop();
});

const aws = () => stack.awsFlags();

describe('reclaim discover', () => {
  it('prints a summary of the stack with its orphans marked, and exits 0', async () => {
    const result = await runCommand(Discover, ['--stack', 'bash-dog', ...aws()]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Stack bash-dog in 123456789012 / us-east-2');
    expect(result.stdout).toMatch(/AWS::ECS::Service \(1\)/);
    expect(result.stdout).toMatch(/bash-dog-tg-stale\/\S+\s+\[orphan\]/);
    expect(result.stderr).toContain('Reading bash-dog in account 123456789012, us-east-2');
    expect(result.stdout + result.stderr).not.toContain(KNOWN_SECRET_VALUE);
  });

  it('writes a snapshot that matches the schema with --out, and prints it with --json', async () => {
    const out = join(dir, 'live.json');
    const written = await runCommand(Discover, ['--stack', 'bash-dog', '--out', out, ...aws()]);
    expect(written.exitCode).toBe(0);
    const snapshot = JSON.parse(await readFile(out, 'utf8'));
    const validate = schemaValidator('snapshot');
    expect(validate(snapshot), describeSchemaErrors(validate.errors).join('\n')).toBe(true);

    const printed = await runCommand(Discover, ['--stack', 'bash-dog', '--json', ...aws()]);
    expect(printed.exitCode).toBe(0);
    const fromStdout = JSON.parse(printed.stdout);
    expect(fromStdout.resources.map((r: { id: string }) => r.id)).toEqual(
      snapshot.resources.map((r: { id: string }) => r.id),
    );
    expect(printed.stderr).toBe('');
  });

  it('summarizes a saved snapshot without AWS', async () => {
    const out = join(dir, 'saved.json');
    await runCommand(Discover, ['--stack', 'bash-dog', '--out', out, ...aws()]);
    const result = await runCommand(Discover, ['--snapshot', out]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Stack bash-dog in 123456789012 / us-east-2');
  });

  it('exits 1 after writing what it has when part of the stack cannot be read', async () => {
    const out = join(dir, 'partial.json');
    const result = await runCommand(Discover, [
      '--stack',
      'bash-dog',
      '--out',
      out,
      '--region',
      TEST_REGION,
      '--endpoint-url',
      deniedEcr.endpoint,
    ]);
    expect(result.exitCode).toBe(1);
    const snapshot = JSON.parse(await readFile(out, 'utf8'));
    expect(snapshot.issues.length).toBeGreaterThan(0);
    expect(snapshot.resources.filter((r: { status: string }) => r.status === 'unknown').length).toBeGreaterThan(0);
  });

  it.each([
    [['--stack', 'bash-dog', '--concurrency', '0'], /Expected an integer greater than or equal to 1|concurrency/i],
    [[], /Exactly one of the following must be provided: --snapshot, --stack|--stack/],
    [['--stack', 'bash-dog', '--tag', 'no-equals-sign', '--region', 'us-east-2'], /KEY=VALUE/],
    [['--snapshot', '/no/such/file.json'], /reading snapshot \/no\/such\/file.json/],
  ])('exits 1 with a message that says what to do for %j', async (argv, message) => {
    const result = await runCommand(Discover, argv as string[]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Try this:/);
  });

  it('gives errors as JSON under --json', async () => {
    const result = await runCommand(Discover, ['--snapshot', '/no/such/file.json', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('SNAPSHOT_UNREADABLE');
  });
});
