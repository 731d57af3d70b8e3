import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort, runCli } from '../support/run-cli.js';

// These spawn bin/run.js, so they test the compiled CLI: run `npm run build` first.

/** Proves "fails fast", not a timing benchmark: the old behaviour took 67–87 s. */
const WELL_UNDER_TEN_SECONDS = 10_000;

describe('an endpoint that cannot be reached', () => {
  it('--endpoint-url on a closed port: exit 1 within seconds, naming the endpoint, not blaming credentials', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCli([
      'discover',
      '--stack',
      'bash-dog',
      '--region',
      'us-east-2',
      '--endpoint-url',
      endpoint,
    ]);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.elapsedMs).toBeLessThan(WELL_UNDER_TEN_SECONDS);
    expect(result.stderr).toContain(`cannot reach ${endpoint}`);
    expect(result.stderr).toMatch(/connection refused \(ECONNREFUSED\)/);
    expect(result.stderr).toContain('--endpoint-url or AWS_ENDPOINT_URL');
    expect(result.stderr).not.toMatch(/credentials/i);
  }, 30_000);

  it('AWS_ENDPOINT_URL on a closed port: import fails as fast, and writes no file', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const out = join(await mkdtemp(join(tmpdir(), 'reclaim-unreachable-')), 'reclaim.yaml');
    const result = await runCli(['import', '--stack', 'bash-dog', '--region', 'us-east-2', '--out', out], {
      AWS_ENDPOINT_URL: endpoint,
    });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.elapsedMs).toBeLessThan(WELL_UNDER_TEN_SECONDS);
    expect(result.stderr).toContain(`cannot reach ${endpoint}`);
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it('a region that does not exist: exit 1 within seconds, naming the host it could not find and --region', async () => {
    const result = await runCli(['discover', '--stack', 'bash-dog', '--region', 'us-east-9']);
    expect(result.exitCode, result.stderr).toBe(1);
    // A name lookup per service, on a loaded machine: a looser bound, still far from the old 67 s.
    expect(result.elapsedMs).toBeLessThan(2 * WELL_UNDER_TEN_SECONDS);
    expect(result.stderr).toContain('sts.us-east-9.amazonaws.com');
    expect(result.stderr).toContain('Check --region (us-east-9)');
    expect(result.stderr).not.toMatch(/credentials/i);
  }, 30_000);

  it('a region name of the wrong shape is refused before any call', async () => {
    const result = await runCli(['discover', '--stack', 'bash-dog', '--region', 'us-east2']);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain('--region "us-east2" is not an AWS region name.');
  }, 30_000);
});

describe('a command line reclaim does not understand', () => {
  it('an unknown command exits 1 (not 2, which means drift) with the nearest command', async () => {
    const result = await runCli(['dicover', '--stack', 'bash-dog']);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain('`dicover` is not a reclaim command.');
    expect(result.stderr).toContain('Did you mean `reclaim discover`?');
  }, 30_000);

  it('an extra argument after a command exits 1 and names it', async () => {
    const extraFirst = await runCli(['drift', 'extra']);
    expect(extraFirst.exitCode, extraFirst.stderr).toBe(1);
    expect(extraFirst.stderr).toContain('Unexpected argument: extra');

    const extraLast = await runCli(['discover', '--stack', 'bash-dog', 'extra']);
    expect(extraLast.exitCode, extraLast.stderr).toBe(1);
    expect(extraLast.stderr).toContain('Unexpected argument: extra');
  }, 30_000);
});
