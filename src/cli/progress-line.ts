/**
 * Progress of long work on stderr. On a terminal, one live line drawn by
 * `cli-progress` (what is being done, resources read, calls and retries, or
 * changes done of the total), with milestone lines printed above it. Off a
 * terminal (a pipe, a CI log), only the milestone lines, plain: no cursor
 * codes. Under `--json` the command makes none at all.
 */
import cliProgress from 'cli-progress';
import type { CallCounter } from '../aws/call-stats.js';

export interface ProgressValues {
  readonly task?: string;
  readonly resources?: number;
  readonly done?: number;
  readonly total?: number;
  /** What `done` and `total` count (default: changes). */
  readonly unit?: string;
}

const READING = '{task} | {resources} resources read, {calls} calls, {retries} retries';
const COUNTING = '{task} [{bar}] {value}/{total} {unit} | {calls} calls, {retries} retries';
/** How often the call counts are redrawn while nothing else happens. */
const REDRAW_MS = 200;

export class ProgressLine {
  private multibar?: cliProgress.MultiBar;
  private bar?: cliProgress.SingleBar;
  private format?: string;
  private readonly payload: Record<string, string | number> = {
    task: '',
    resources: 0,
    calls: 0,
    retries: 0,
    unit: 'changes',
  };
  private value = 0;
  private total = 0;
  private timer?: NodeJS.Timeout;
  private readonly counters = new Set<CallCounter>();

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {}

  /** Whether the live line is drawn (a terminal); off one, only `log` lines are written. */
  get live(): boolean {
    return this.enabled && this.stream.isTTY === true;
  }

  /** A line that stays: above the live line on a terminal, on its own elsewhere. */
  log(line: string): void {
    if (!this.enabled) return;
    if (this.multibar && this.bar) this.multibar.log(`${line}\n`);
    else this.stream.write(`${line}\n`);
  }

  /** Counts the calls (and retries) of these clients into the line, redrawn as they grow. */
  watch(counter: CallCounter): void {
    this.counters.add(counter);
    if (!this.live || this.timer) return;
    this.timer = setInterval(() => this.update({}), REDRAW_MS);
    this.timer.unref();
  }

  update(values: ProgressValues): void {
    if (!this.live) return;
    if (values.task !== undefined) this.payload.task = values.task;
    if (values.resources !== undefined) this.payload.resources = values.resources;
    if (values.unit !== undefined) this.payload.unit = values.unit;
    if (values.done !== undefined) this.value = values.done;
    if (values.total !== undefined) this.total = values.total;
    let calls = 0;
    let retries = 0;
    for (const counter of this.counters) {
      const totals = counter.totals();
      calls += totals.apiCalls;
      retries += totals.retries;
    }
    this.payload.calls = calls;
    this.payload.retries = retries;
    const format = this.total > 0 ? COUNTING : READING;
    if (!this.multibar || format !== this.format) {
      this.stopBar();
      this.format = format;
      this.multibar = new cliProgress.MultiBar(
        { stream: this.stream, format, hideCursor: true, clearOnComplete: true, barsize: 20, fps: 10 },
        cliProgress.Presets.shades_classic,
      );
      this.bar = this.multibar.create(this.total, this.value, this.payload);
    } else {
      this.bar!.setTotal(this.total);
      this.bar!.update(this.value, this.payload);
    }
  }

  /** Takes the live line away (the result is printed after it). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopBar();
  }

  private stopBar(): void {
    this.multibar?.stop();
    this.multibar = undefined;
    this.bar = undefined;
  }
}
