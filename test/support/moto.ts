import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
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

function motoCommand(): { command: string; args: string[] } {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0) {
    return { command: 'moto_server', args: [] };
  }
  if (spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0) {
    return { command: 'python3', args: ['-m', 'moto.server'] };
  }
  throw new Error(INSTALL_HINT);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
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
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not answer at ${endpoint} within ${timeoutMs} ms`);
}

export async function startMoto(): Promise<Moto> {
  const { command, args } = motoCommand();
  const port = await freePort();
  const child = spawn(command, [...args, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
  });
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
