import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallCounter } from '../../src/aws/call-stats.js';
import { ProgressLine } from '../../src/cli/progress-line.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = '/usr/bin/script';
// eslint-disable-next-line no-control-regex
const CURSOR_CODES = /\x1b\[/;

/** A stream that is not a terminal, as a pipe or a CI log is. */
function pipe(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  const chunks: string[] = [];
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('the progress line', () => {
  it('off a terminal writes the milestone lines plain, and nothing for the live line', () => {
    const { stream, text } = pipe();
    const line = new ProgressLine(stream);
    line.watch(new CallCounter());
    line.update({ task: 'Reading bash-dog', resources: 3 });
    line.log('Reading bash-dog in account 123456789012, us-east-2…');
    line.update({ done: 1, total: 4 });
    line.stop();
    expect(text()).toBe('Reading bash-dog in account 123456789012, us-east-2…\n');
    expect(line.live).toBe(false);
  });

  it('under --json writes nothing at all', () => {
    const { stream, text } = pipe();
    const line = new ProgressLine(stream, false);
    line.log('anything');
    line.update({ task: 'x' });
    line.stop();
    expect(text()).toBe('');
  });
});

// The binary in a pseudo-terminal (util-linux `script`) and in a pipe, against the emulator.
describe.skipIf(!existsSync(SCRIPT))('reclaim discover on a terminal and in a pipe', () => {
  let stack: EmulatedStack;
  let endpoint: string;
  const env = () => ({
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_'))),
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    FORCE_COLOR: '0',
  });
  const argv = () => ['bin/run.js', 'discover', '--stack', 'bash-dog', ...stack.awsFlags(endpoint)];

  beforeAll(async () => {
    if (!existsSync(`${ROOT}dist/commands/discover.js`)) throw new Error('run `npm run build` first');
    stack = await startEmulatedStack();
    endpoint = await stack.childEndpoint();
  }, 120_000);
  afterAll(() => stack?.stop());

  it('draws a live line of resources read, calls and retries on a terminal', async () => {
    const command = [process.execPath, ...argv()].map((word) => `'${word}'`).join(' ');
    // `script` gives the command a terminal for stdin, stdout and stderr alike, and copies what it drew.
    const { stdout } = await promisify(execFile)(SCRIPT, ['-qec', `${command} >/dev/null`, '/dev/null'], {
      cwd: ROOT,
      env: env(),
      timeout: 100_000,
    }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(stdout).toMatch(CURSOR_CODES);
    expect(stdout).toMatch(/Reading bash-dog \| \d+ resources read, \d+ calls, \d+ retries/);
    expect(stdout).toContain('Reading bash-dog in account 123456789012');
  }, 120_000);

  it('writes plain lines to a pipe: no cursor codes; and with --json, only JSON on stdout', async () => {
    const run = (extra: string[]) =>
      new Promise<{ stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [...argv(), ...extra], { cwd: ROOT, env: env() });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', () => resolve({ stdout, stderr }));
      });
    const [plain, json] = await Promise.all([run([]), run(['--json'])]);
    expect(plain.stderr).toContain('Reading bash-dog in account 123456789012');
    expect(plain.stderr + plain.stdout).not.toMatch(CURSOR_CODES);
    const snapshot = JSON.parse(json.stdout) as { resources: Array<{ type: string }>; issues: unknown[] };
    // The stand-in answered CodeStar Connections for the child process: a whole read, the connection in it.
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.resources.map((resource) => resource.type)).toContain('AWS::CodeStarConnections::Connection');
    expect(json.stderr).not.toContain('Reading bash-dog');
  }, 120_000);
});
