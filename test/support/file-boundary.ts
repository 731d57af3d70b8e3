import { afterAll, vi } from 'vitest';

/**
 * Test files share a worker process (`isolate: false` in vitest.config.ts:
 * loading the AWS SDK once per worker, not once per file, saves about a
 * second a file). What a file changes of the process is put back when it
 * ends, so the next file starts as if in a process of its own: the
 * environment (a Cloudflare token, a state directory), spies, and the exit
 * code a command set.
 */
const environment = { ...process.env };

afterAll(() => {
  vi.restoreAllMocks();
  for (const key of Object.keys(process.env)) if (!(key in environment)) delete process.env[key];
  Object.assign(process.env, environment);
  process.exitCode = undefined;
});
