/**
 * `npm run bench:inventory`: what reading a whole account costs as it grows.
 *
 * For accounts of 1, 10 and 30 console-built stacks it reads the inventory
 * through a loopback proxy that adds 50 ms to every request, and prints the
 * API calls (total and per stack), the wall time (straight to the emulator,
 * which serves one request at a time, and at 50 ms a call) and the process's
 * peak resident memory. Calls should grow with resources, not with stacks ×
 * listings; the goal is ~26 stacks in under 10 s at 50 ms a call.
 */
import { AwsClients } from '../src/aws/clients.js';
import { readInventory } from '../src/inventory/inventory.js';
import { recordCodeStarConnections } from '../test/support/codestar-recorded.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../test/support/moto.js';
import { buildConsoleStack, type ScenarioFacts } from '../test/support/scenario.js';

const SIZES = (process.env.BENCH_INVENTORY_SIZES ?? '1,10,30').split(',').map(Number);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const credentials = async () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' });

/** Adds stacks until the account has `stacks`; moto serves one request at a time, so a few at a time. */
async function seedUpTo(moto: Moto, built: ScenarioFacts[], stacks: number): Promise<void> {
  const clients = moto.clients();
  while (built.length < stacks) {
    const names = Array.from({ length: Math.min(4, stacks - built.length) }, (_, index) => {
      const n = built.length + index;
      return `app${String(n).padStart(2, '0')}-svc`;
    });
    built.push(...(await Promise.all(names.map((name) => buildConsoleStack(clients, { name })))));
  }
}

async function main(): Promise<void> {
  const moto = await startMoto();
  const built: ScenarioFacts[] = [];
  const rows: string[] = [];
  try {
    for (const size of SIZES) {
      const seedStarted = performance.now();
      await seedUpTo(moto, built, size);
      const seedSeconds = ((performance.now() - seedStarted) / 1000).toFixed(1);
      const connections = built.map((facts) => facts.connection!);
      const proxy = await startFaultProxy(moto.endpoint, { latencyMs: LATENCY_MS });
      const stops = [moto.endpoint, proxy.endpoint].map((endpoint) => recordCodeStarConnections(endpoint, connections));
      try {
        // Once straight to the emulator (its own cost: it serves one request at a time), once at 50 ms a call.
        const timed = async (endpoint: string) => {
          const clients = new AwsClients({ region: TEST_REGION, endpointUrl: endpoint, credentials, maxAttempts: 3 });
          const started = performance.now();
          const read = await readInventory(clients, { concurrency: CONCURRENCY });
          return { read, wallMs: performance.now() - started };
        };
        const direct = await timed(moto.endpoint);
        const { read: inventory, wallMs } = await timed(proxy.endpoint);
        const peakRssMb = process.resourceUsage().maxRSS / 1024;
        const resources = inventory.stacks.reduce(
          (sum, stack) => sum + Object.values(stack.resourceCounts).reduce((a, b) => a + (b ?? 0), 0),
          0,
        );
        const { apiCalls, callsByOperation } = inventory.stats;
        console.log(`\n== account with ${size} stack(s) (seeded in ${seedSeconds} s) ==`);
        console.log(
          `stacks named: ${inventory.stacks.length}, resources in stacks: ${resources}, issues: ${inventory.issues.length}`,
        );
        console.log(`API calls: ${apiCalls} (${(apiCalls / size).toFixed(1)} a stack)`);
        console.log(`calls by operation: ${JSON.stringify(callsByOperation)}`);
        console.log(
          `wall time: ${direct.wallMs.toFixed(0)} ms straight to the emulator, ${wallMs.toFixed(0)} ms at ${LATENCY_MS} ms per request; peak RSS ${peakRssMb.toFixed(0)} MB`,
        );
        rows.push(
          `| ${size} | ${inventory.stacks.length} | ${resources} | ${apiCalls} | ${(apiCalls / size).toFixed(1)} | ${direct.wallMs.toFixed(0)} | ${wallMs.toFixed(0)} | ${peakRssMb.toFixed(0)} |`,
        );
      } finally {
        for (const stop of stops) stop();
        await proxy.stop();
      }
    }
  } finally {
    await moto.stop();
  }
  console.log(
    '\n| stacks in account | stacks named | resources | API calls | calls a stack | wall ms | wall ms @50ms | peak RSS MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

await main();
