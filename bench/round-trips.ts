/**
 * Effective round trips of one discovery: (wall at L ms a request − wall at
 * 0 ms) / L, from runs made in turn (0, L, 0, L, …) so that a machine busy
 * with something else slows both alike; medians of each. With latency as the
 * only cost that grows, this is how many calls deep the run is in effect:
 * dependencies, plus whatever the concurrency limit makes wait.
 */
import { AwsClients } from '../src/aws/clients.js';
import { discover } from '../src/discover/discover.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { TEST_REGION } from '../test/support/moto.js';

const credentials = async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' });

export interface RoundTrips {
  readonly latencyMs: number;
  readonly wallMs: { readonly zero: number; readonly delayed: number };
  readonly effective: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export async function measureRoundTrips(
  motoEndpoint: string,
  stack: string,
  options: {
    latencyMs?: number;
    runs?: number;
    concurrency?: number;
    /** Sets up recorded HTTP for an endpoint (what the emulator lacks); returns its undo. */
    record?: (endpoint: string) => () => void;
  } = {},
): Promise<RoundTrips> {
  const latencyMs = options.latencyMs ?? 200;
  const runs = options.runs ?? 3;
  const zero = await startFaultProxy(motoEndpoint, { latencyMs: 0 });
  const delayed = await startFaultProxy(motoEndpoint, { latencyMs });
  const stops = [zero, delayed].map((proxy) => options.record?.(proxy.endpoint));
  const once = async (endpoint: string): Promise<number> => {
    const clients = new AwsClients({ region: TEST_REGION, endpointUrl: endpoint, credentials, maxAttempts: 3 });
    const started = performance.now();
    await discover(clients, {
      stack,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    });
    return performance.now() - started;
  };
  try {
    await once(zero.endpoint); // warm-up
    const walls = { zero: [] as number[], delayed: [] as number[] };
    for (let run = 0; run < runs; run++) {
      walls.zero.push(await once(zero.endpoint));
      walls.delayed.push(await once(delayed.endpoint));
    }
    const wallMs = { zero: median(walls.zero), delayed: median(walls.delayed) };
    return { latencyMs, wallMs, effective: (wallMs.delayed - wallMs.zero) / latencyMs };
  } finally {
    for (const stop of stops) stop?.();
    await zero.stop();
    await delayed.stop();
  }
}
