import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AwsClients } from '../../src/aws/clients.js';
import type { CloudflareOptions } from '../../src/cloudflare/client.js';

/**
 * A moto_server the tests start themselves on a free loopback port. Each test
 * file starts its own, so files run in parallel without seeing each other's
 * resources; `reset()` clears it between tests of one file.
 */
export interface Moto {
  readonly endpoint: string;
  readonly port: number;
  /** Clients pointed at this server, with one attempt only: an unimplemented operation answers 500, and retrying that looks like a hang. */
  clients(
    region?: string,
    options?: {
      maxAttempts?: number;
      endpoint?: string;
      retryBackoffMs?: (attempt: number) => number;
      /** The Cloudflare side (the fake of ./cloudflare-fake.ts); without it the Cloudflare kinds are skipped. */
      cloudflare?: CloudflareOptions;
    },
  ): AwsClients;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_REGION = 'us-east-2';
export const TEST_ACCOUNT = '123456789012';

const INSTALL_HINT =
  'moto_server was not found. Install the AWS emulator with: pip install "moto[server]" (it provides moto_server on PATH).';

/** `moto_server` on PATH, found without running it (its `--help` alone imports all of moto: ~0.7 s a file). */
function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

let command: { command: string; args: string[] } | undefined;

function motoCommand(): { command: string; args: string[] } {
  if (command) return command;
  if (onPath('moto_server')) return (command = { command: 'moto_server', args: [] });
  if (spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0) {
    return (command = { command: 'python3', args: ['-m', 'moto.server'] });
  }
  throw new Error(INSTALL_HINT);
}

/**
 * The port moto_server was told to pick (`-p 0`), from the line it logs once
 * it listens. Asking the kernel for a free port and handing it over would
 * race another worker's server for it; moto binding port 0 itself cannot.
 */
async function listeningPort(child: ChildProcess, timeoutMs = 20_000): Promise<number> {
  const stderr = child.stderr!;
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => fail(new Error(`moto_server did not say where it listens within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) done(() => resolve(Number(match[1])));
    };
    const onExit = (code: number | null) =>
      fail(new Error(`moto_server exited with code ${code} before it listened: ${seen.trim().slice(-500)}`));
    const done = (settle: () => void) => {
      clearTimeout(timer);
      stderr.off('data', onData);
      child.off('exit', onExit);
      // It logs every request to stderr from here on: read and dropped, so the pipe never fills.
      stderr.resume();
      settle();
    };
    const fail = (error: Error) => done(() => reject(error));
    stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode} before it answered`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`moto_server did not answer at ${endpoint} within ${timeoutMs} ms`);
}

export async function startMoto(): Promise<Moto> {
  const { command, args } = motoCommand();
  const child = spawn(command, [...args, '-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
  });
  const port = await listeningPort(child);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(endpoint, child);
  // Dummy credentials: the emulator signs nothing, but the SDK insists on having some.
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';

  return {
    endpoint,
    port,
    clients: (region = TEST_REGION, options = {}) =>
      new AwsClients({
        region,
        endpointUrl: options.endpoint ?? endpoint,
        maxAttempts: options.maxAttempts ?? 1,
        ...(options.retryBackoffMs ? { retryBackoffMs: options.retryBackoffMs } : {}),
        ...(options.cloudflare ? { cloudflare: { maxRetries: 0, ...options.cloudflare } } : {}),
        credentials: async () => ({ accessKeyId: 'testing', secretAccessKey: 'testing' }),
      }),
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
