/**
 * `npm run bench:diff`: how long `computeDrift` takes, and how much memory it
 * needs, as stacks grow to 50,000 resources, each figure printed beside its
 * goal (10,000 resources ≤ 1 s, 50,000 ≤ 5 s, both ≤ 300 MB).
 *
 * For each size it builds a synthetic stack (bench/synthetic-stack.ts: roles
 * with policy documents, security groups with rules, task definitions with
 * containers, services, blue/green target groups, references as edges and
 * intrinsics), the desired state `reclaim import` writes for it, and live
 * with 1% of the resources changed by hand; then it times computeDrift (the
 * median of up to BENCH_DIFF_RUNS runs, fewer when one run takes long) and
 * reads the process's peak RSS. Each size runs in a child process of its own
 * with --expose-gc, so the peak is that size's alone, and runs as the CLI
 * ships: bundled by esbuild and started with plain node, not through the
 * TypeScript loader (tsx), whose own ~30 MB is not reclaim's.
 *
 *   BENCH_DIFF_SIZES=1000,10000 BENCH_DIFF_RUNS=5 npm run bench:diff
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { computeDrift } from '../src/reconcile/diff/drift.js';
import { checkDesired, syntheticDesired, syntheticSnapshot, withDrift } from './synthetic-stack.js';

const SIZES = (process.env.BENCH_DIFF_SIZES ?? '1000,10000,50000').split(',').map(Number);
/** Issue 11's goals: wall time by size, and peak memory for any size. */
const GOAL_MS: Readonly<Record<number, number>> = { 10000: 1000, 50000: 5000 };
const GOAL_PEAK_MB = 300;
const RUNS = Number(process.env.BENCH_DIFF_RUNS ?? 5);
/** Stop repeating a size once its runs have taken this long (a slow size still runs once). */
const BUDGET_MS = Number(process.env.BENCH_DIFF_BUDGET_MS ?? 60_000);
const DRIFT_SHARE = 0.01;
const MB = 1024 * 1024;

interface SizeResult {
  readonly resources: number;
  readonly edges: number;
  readonly changed: number;
  readonly drifts: number;
  readonly runsMs: number[];
  /** CPU time (user + system) of each run: steadier than wall time on a shared machine. */
  readonly cpuMs: number[];
  readonly baseRssMb: number;
  readonly peakRssMb: number;
  readonly heapBeforeMb: number;
  readonly heapAfterRunMb: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** In the child: one size, measured. */
function measure(resources: number): SizeResult {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const units = Math.max(1, Math.ceil((resources - 6) / 10));
  const snapshot = syntheticSnapshot(units);
  const desired = syntheticDesired(units);
  const { snapshot: live, changed } = withDrift(snapshot, DRIFT_SHARE);
  gc();
  const baseRssMb = process.memoryUsage().rss / MB;
  const heapBeforeMb = process.memoryUsage().heapUsed / MB;
  const runsMs: number[] = [];
  const cpuMs: number[] = [];
  let heapAfterRunMb = 0;
  let drifts = 0;
  const started = performance.now();
  while (runsMs.length < RUNS && (runsMs.length === 0 || performance.now() - started < BUDGET_MS)) {
    const begin = performance.now();
    const cpu = process.cpuUsage();
    const report = computeDrift(desired, live);
    runsMs.push(performance.now() - begin);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    // Sampled before collecting: what the run allocated and had not yet freed.
    heapAfterRunMb = Math.max(heapAfterRunMb, process.memoryUsage().heapUsed / MB);
    drifts = report.drifts.length;
    gc();
  }
  return {
    resources: snapshot.resources.length,
    edges: snapshot.edges.length,
    changed,
    drifts,
    runsMs,
    cpuMs,
    baseRssMb,
    // The kernel's high-water mark for this process: the true peak, input included.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapBeforeMb,
    heapAfterRunMb,
  };
}

/** This file as one ESM bundle, the way scripts/bundle.ts builds the CLI; returns its path. */
function bundled(folder: string): string {
  const outfile = join(folder, 'diff.mjs');
  buildSync({
    entryPoints: [fileURLToPath(import.meta.url)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // Bundled CommonJS dependencies call require: give the ESM bundle one.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

function main(): void {
  // The copies the benchmark diffs must be what import writes: checked on a stack small enough to import.
  checkDesired(20);
  const folder = mkdtempSync(join(tmpdir(), 'reclaim-bench-diff-'));
  try {
    report(bundled(folder));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function report(bundle: string): void {
  const rows: string[] = [];
  for (const size of SIZES) {
    const child = spawnSync(process.execPath, ['--expose-gc', bundle, '--size', String(size)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * MB,
    });
    if (child.status !== 0) throw new Error(`the benchmark for ${size} resources failed (exit ${child.status})`);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as SizeResult;
    const ms = median(result.runsMs);
    console.log(
      `\n== ${result.resources} resources, ${result.edges} references, ${result.changed} changed by hand (${DRIFT_SHARE * 100}%) ==`,
    );
    console.log(`drifts reported: ${result.drifts}`);
    console.log(
      `computeDrift: median ${ms.toFixed(0)} ms wall, ${median(result.cpuMs).toFixed(0)} ms CPU, over ${result.runsMs.length} run(s) [${result.runsMs.map((run) => run.toFixed(0)).join(', ')}]`,
    );
    console.log(
      `memory: peak RSS ${result.peakRssMb.toFixed(0)} MB (${result.baseRssMb.toFixed(0)} MB with the input built); heap ${result.heapBeforeMb.toFixed(0)} MB before, ${result.heapAfterRunMb.toFixed(0)} MB at the end of a run`,
    );
    const goalMs = GOAL_MS[size];
    if (goalMs !== undefined) {
      console.log(`goal: ${size} resources ≤ ${goalMs} ms: ${ms.toFixed(0)} ms ${ms <= goalMs ? 'met' : 'MISSED'}`);
      console.log(
        `goal: peak RSS ≤ ${GOAL_PEAK_MB} MB: ${result.peakRssMb.toFixed(0)} MB ${result.peakRssMb <= GOAL_PEAK_MB ? 'met' : 'MISSED'}`,
      );
    }
    rows.push(
      `| ${result.resources} | ${result.drifts} | ${ms.toFixed(0)} | ${median(result.cpuMs).toFixed(0)} | ${result.runsMs.length} | ${result.peakRssMb.toFixed(0)} | ${(result.peakRssMb - result.baseRssMb).toFixed(0)} |`,
    );
  }
  console.log(
    '\n| resources | drifts | computeDrift median ms (wall) | median ms (CPU) | runs | peak RSS MB | RSS growth during diff MB |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

const sizeFlag = process.argv.indexOf('--size');
if (sizeFlag >= 0) console.log(JSON.stringify(measure(Number(process.argv[sizeFlag + 1]))));
else main();
