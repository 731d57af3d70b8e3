/**
 * `npm run bench:startup`: how soon the built CLI answers, as a user runs it.
 *
 * - `reclaim --version` and `reclaim --help`: wall time from spawn to exit
 *   (the median of BENCH_STARTUP_RUNS runs) and peak RSS, read from
 *   `/usr/bin/time -v` ("Maximum resident set size") where it exists.
 * - `reclaim discover`: the time from spawn to its first AWS request, as seen
 *   by a loopback endpoint given with --endpoint-url that records when the
 *   first request arrives; the process is then ended (what follows is the
 *   discovery's cost, which bench/run.ts measures).
 *
 * It runs bin/run.js over dist/ and oclif.manifest.json: run `npm run build`
 * first. Figures are printed beside the goals of issue 11; on a shared
 * machine quote the medians.
 *
 *   BENCH_STARTUP_RUNS=20 npm run bench:startup
 *   BENCH_STARTUP_ROOT=/path/to/other/build node --import tsx bench/startup.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The tree to measure: this one, or another build given as BENCH_STARTUP_ROOT (to compare before and after). */
const ROOT = process.env.BENCH_STARTUP_ROOT
  ? `${process.env.BENCH_STARTUP_ROOT.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 10);
const TIME = '/usr/bin/time';

/** Dummy credentials and no profile: nothing on this machine changes what the CLI loads. */
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_'))),
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Wall milliseconds from spawn to exit of `reclaim ...argv`. */
function wallMs(argv: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/run.js', ...argv], { cwd: ROOT, env: ENV, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`reclaim ${argv.join(' ')} exited ${code}`));
    });
  });
}

interface Accounted {
  readonly peakMiB: number;
  readonly cpuSeconds: number;
}

/** Peak resident set and CPU time of `reclaim ...argv`, as the kernel accounted them; undefined without /usr/bin/time. */
function accounted(argv: readonly string[]): Accounted | undefined {
  if (!existsSync(TIME)) return undefined;
  const run = spawnSync(TIME, ['-v', process.execPath, 'bin/run.js', ...argv], {
    cwd: ROOT,
    env: ENV,
    encoding: 'utf8',
  });
  const field = (label: string) =>
    Number(
      run.stderr
        .split('\n')
        .find((line) => line.trim().startsWith(label))
        ?.split(': ')[1],
    );
  const peakMiB = field('Maximum resident set size (kbytes)') / 1024;
  const cpuSeconds = field('User time (seconds)') + field('System time (seconds)');
  return Number.isNaN(peakMiB + cpuSeconds) ? undefined : { peakMiB, cpuSeconds };
}

/** Clock ticks a second in /proc/<pid>/stat: 100 on Linux everywhere it runs. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the process has used so far, where /proc says; undefined elsewhere. */
function cpuSecondsSoFar(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

interface FirstCall {
  /** Seconds from spawn to the first request reaching the endpoint. */
  readonly wall: number;
  /** CPU seconds the CLI had used by then: what the machine's load does not stretch. */
  readonly cpu: number | undefined;
}

/** When `reclaim discover` sends its first request, measured at a loopback endpoint. */
async function firstCall(): Promise<FirstCall> {
  let arrived: (at: FirstCall) => void = () => undefined;
  const firstRequest = new Promise<FirstCall>((resolve) => (arrived = resolve));
  const cli: { started: number; pid?: number } = { started: 0 };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    arrived({ wall: (performance.now() - cli.started) / 1000, cpu: cpuSecondsSoFar(cli.pid) });
    request.resume();
    response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const argv = ['discover', '--stack', 'bench', '--region', 'us-east-2', '--endpoint-url', `http://127.0.0.1:${port}`];
  cli.started = performance.now();
  const child = spawn(process.execPath, ['bin/run.js', ...argv], { cwd: ROOT, env: ENV, stdio: 'ignore' });
  cli.pid = child.pid;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    return await Promise.race([
      firstRequest,
      exited.then(() => Promise.reject(new Error('discover exited before any AWS request'))),
    ]);
  } finally {
    child.kill('SIGKILL');
    await exited;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function repeat<T>(runs: number, once: () => Promise<T>): Promise<T[]> {
  await once(); // warm-up: the file system cache, not the CLI, is what a first run measures
  const values: T[] = [];
  for (let run = 0; run < runs; run += 1) values.push(await once());
  return values;
}

/** One figure: its median, the goal beside it (if it has one), and the spread. */
function row(figure: string, values: readonly number[] | undefined, unit: string, goal?: number): string {
  if (values === undefined || values.length === 0) return `${figure.padEnd(38)} (not measured here)`;
  const value = median(values);
  const spread =
    values.length > 1 ? `  (min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)})` : '';
  const target =
    goal === undefined ? ''.padEnd(20) : `goal ≤ ${goal} ${unit}`.padEnd(14) + (value <= goal ? 'met   ' : 'MISSED');
  return `${figure.padEnd(38)} ${value.toFixed(2).padStart(7)} ${unit.padEnd(4)} ${target}${spread}`;
}

async function main(): Promise<void> {
  if (!existsSync(`${ROOT}dist/commands/discover.js`))
    throw new Error(`${ROOT}dist/ is missing: run \`npm run build\` first`);
  if (!existsSync(`${ROOT}oclif.manifest.json`))
    console.log(`(no oclif.manifest.json in ${ROOT}: oclif loads every command)`);
  const seconds = (ms: number[]) => ms.map((value) => value / 1000);
  const version = seconds(await repeat(RUNS, () => wallMs(['--version'])));
  const help = seconds(await repeat(RUNS, () => wallMs(['--help'])));
  const calls = await repeat(RUNS, firstCall);
  const account = (argv: string[]) =>
    Array.from({ length: RUNS }, () => accounted(argv)).filter((run): run is Accounted => run !== undefined);
  const [versionRuns, helpRuns] = [account(['--version']), account(['--help'])];
  const callCpu = calls.flatMap((call) => (call.cpu === undefined ? [] : [call.cpu]));
  console.log(`\n== start-up, ${RUNS} runs each after a warm-up (median) ==`);
  console.log(row('reclaim --version, wall', version, 's', 0.3));
  console.log(row('reclaim --help, wall', help, 's', 0.3));
  console.log(
    row(
      'reclaim --version, peak RSS',
      versionRuns.map((run) => run.peakMiB),
      'MiB',
      70,
    ),
  );
  console.log(
    row(
      'reclaim --help, peak RSS',
      helpRuns.map((run) => run.peakMiB),
      'MiB',
      70,
    ),
  );
  console.log(
    row(
      'discover: first AWS call after spawn',
      calls.map((call) => call.wall),
      's',
      0.5,
    ),
  );
  // CPU time is what a loaded machine does not stretch: read beside the walls when they spread.
  console.log(
    row(
      'reclaim --version, CPU (user + sys)',
      versionRuns.map((run) => run.cpuSeconds),
      's',
    ),
  );
  console.log(
    row(
      'reclaim --help, CPU (user + sys)',
      helpRuns.map((run) => run.cpuSeconds),
      's',
    ),
  );
  console.log(row('discover: CPU before its first call', callCpu, 's'));
}

await main();
