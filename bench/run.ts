/**
 * `npm run bench`: how discovery's cost grows with the account, and how close
 * its wall time comes to the latency floor.
 *
 * For accounts of 1, 10 and 50 console-built stacks it discovers one stack and
 * prints API calls (by operation) and wall time, then the same through a
 * loopback proxy that adds 50 ms to every request, against the floor: the
 * longest chain of dependent calls × 50 ms. For the one-stack account it
 * also measures the effective round trips at 200 ms a call
 * (`round-trips.ts`), and prints both figures beside issue 11's goals:
 * ≤ 65 calls, ≤ 4 effective round trips.
 */
import { AwsClients } from '../src/aws/clients.js';
import { discover } from '../src/discover/discover.js';
import type { Snapshot } from '../src/model/snapshot.js';
import { recordCodeStarConnections } from '../test/support/codestar-recorded.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../test/support/moto.js';
import { buildConsoleStack, type ScenarioFacts } from '../test/support/scenario.js';
import { CallDepthTracer } from './call-depth.js';
import { measureRoundTrips } from './round-trips.js';

const SIZES = (process.env.BENCH_SIZES ?? '1,10,50').split(',').map(Number);
const LATENCY_MS = 50;
const TARGET = 'bash-dog';
const GOAL_CALLS = 65;
const GOAL_ROUND_TRIPS = 4;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

const credentials = async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' });

async function seed(moto: Moto, stacks: number): Promise<ScenarioFacts> {
  await moto.reset();
  const clients = moto.clients();
  const target = await buildConsoleStack(clients, { name: TARGET });
  const others = Array.from({ length: stacks - 1 }, (_, index) => `app${String(index).padStart(2, '0')}-svc`);
  // A few at a time: moto serves one request at a time per connection anyway.
  for (let start = 0; start < others.length; start += 4) {
    await Promise.all(others.slice(start, start + 4).map((name) => buildConsoleStack(clients, { name })));
  }
  return target;
}

async function measure(endpoint: string, tracer: CallDepthTracer): Promise<{ snapshot: Snapshot; wallMs: number }> {
  const clients = new AwsClients({
    region: TEST_REGION,
    endpointUrl: endpoint,
    credentials,
    maxAttempts: 3,
    instrument: tracer.instrument,
  });
  const started = performance.now();
  const snapshot = await tracer.run(() => discover(clients, { stack: TARGET }));
  return { snapshot, wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  const moto = await startMoto();
  const rows: string[] = [];
  try {
    for (const size of SIZES) {
      const seedStarted = performance.now();
      const facts = await seed(moto, size);
      const seedSeconds = ((performance.now() - seedStarted) / 1000).toFixed(1);
      const stopRecording = recordCodeStarConnections(moto.endpoint, [facts.connection!]);
      const proxy = await startFaultProxy(moto.endpoint, { latencyMs: LATENCY_MS });
      const stopProxyRecording = recordCodeStarConnections(proxy.endpoint, [facts.connection!]);
      try {
        const tracer = new CallDepthTracer();
        await measure(moto.endpoint, tracer); // warm-up: moto builds its default VPC on first use
        const direct = await measure(moto.endpoint, tracer);
        const delayed = await measure(proxy.endpoint, tracer);
        const floorMs = tracer.maxDepth * LATENCY_MS;
        const { stats, resources, issues } = direct.snapshot;
        console.log(`\n== account with ${size} stack(s) (seeded in ${seedSeconds} s) ==`);
        console.log(`resources: ${resources.length}, issues: ${issues.length}, API calls: ${stats.apiCalls}`);
        console.log(`calls by operation: ${JSON.stringify(stats.callsByOperation)}`);
        console.log(`wall time, no added latency: ${direct.wallMs.toFixed(0)} ms`);
        console.log(
          `wall time, ${LATENCY_MS} ms per request: ${delayed.wallMs.toFixed(0)} ms; floor ${floorMs} ms (${tracer.maxDepth} dependent calls); ratio ${(delayed.wallMs / floorMs).toFixed(2)}`,
        );
        if (size === 1) {
          console.log(
            `goal: one stack ≤ ${GOAL_CALLS} calls: ${stats.apiCalls} ${verdict(stats.apiCalls <= GOAL_CALLS)}`,
          );
          const trips = await measureRoundTrips(moto.endpoint, TARGET, {
            runs: 5,
            record: (endpoint) => recordCodeStarConnections(endpoint, [facts.connection!]),
          });
          console.log(
            `goal: ≤ ${GOAL_ROUND_TRIPS} effective round trips: ${trips.effective.toFixed(1)} ${verdict(trips.effective <= GOAL_ROUND_TRIPS)} (median wall ${trips.wallMs.delayed.toFixed(0)} ms at ${trips.latencyMs} ms a call, ${trips.wallMs.zero.toFixed(0)} ms at 0 ms, runs interleaved)`,
          );
        }
        rows.push(
          `| ${size} | ${resources.length} | ${stats.apiCalls} | ${direct.wallMs.toFixed(0)} | ${delayed.wallMs.toFixed(0)} | ${floorMs} | ${(delayed.wallMs / floorMs).toFixed(2)} |`,
        );
      } finally {
        stopRecording();
        stopProxyRecording();
        await proxy.stop();
      }
    }
  } finally {
    await moto.stop();
  }
  console.log('\n| stacks in account | resources found | API calls | wall ms | wall ms @50ms | floor ms | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

await main();
