import type { CallStats } from '../model/snapshot.js';

/**
 * Counts every SDK command and every retry attempt of one run, shared by all
 * the clients the factory builds. The counts land in the snapshot's `stats`.
 */
export class CallCounter {
  private readonly byOperation = new Map<string, number>();
  private calls = 0;
  private attempts = 0;
  private readonly startedAt = performance.now();

  recordCall(operation: string): void {
    this.calls += 1;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  recordAttempt(): void {
    this.attempts += 1;
  }

  /** How many times this exact operation has been sent so far. */
  count(operation: string): number {
    return this.byOperation.get(operation) ?? 0;
  }

  /** The counts so far, cheaply (for a progress line redrawn many times a second). */
  totals(): { readonly apiCalls: number; readonly retries: number } {
    return { apiCalls: this.calls, retries: Math.max(0, this.attempts - this.calls) };
  }

  snapshot(): CallStats {
    const callsByOperation = Object.fromEntries([...this.byOperation.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return {
      apiCalls: this.calls,
      retries: Math.max(0, this.attempts - this.calls),
      callsByOperation,
      durationMs: Math.round(performance.now() - this.startedAt),
    };
  }
}
