import type { CallStats } from '../model/snapshot.js';

/**
 * Several reads' call counts as one: calls, retries and calls by operation
 * add up. `durationMs` is the longest of them, not the sum: the reads ran side
 * by side (targets concurrently, shards on machines of their own), so the
 * whole took as long as its slowest part; a caller that timed the whole passes
 * its own wall time instead.
 */
export function sumStats(parts: readonly CallStats[], durationMs?: number): CallStats {
  const callsByOperation: Record<string, number> = {};
  for (const part of parts) {
    for (const [operation, count] of Object.entries(part.callsByOperation)) {
      callsByOperation[operation] = (callsByOperation[operation] ?? 0) + count;
    }
  }
  return {
    apiCalls: parts.reduce((sum, part) => sum + part.apiCalls, 0),
    retries: parts.reduce((sum, part) => sum + part.retries, 0),
    callsByOperation: Object.fromEntries(Object.entries(callsByOperation).sort(([a], [b]) => a.localeCompare(b))),
    durationMs: durationMs ?? parts.reduce((longest, part) => Math.max(longest, part.durationMs), 0),
  };
}
