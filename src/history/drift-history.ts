/**
 * What is new since the last run: a drift report compared with the runs kept
 * before it (`reclaim drift --history DIR`). Pure: reports in, marks out. A
 * drift is the same drift across runs when its resource's logical id and its
 * property path are the same (the values may have moved on).
 */
import type { Drift, DriftReport } from '../model/drift.js';

/** One earlier run, as `history-dir.ts` reads it back. */
export interface HistoryRun {
  /** When the run was made (not when its live was read: a saved snapshot can be old). */
  readonly ranAt: string;
  readonly report: DriftReport;
}

/** - `new`: the last run did not have it (or there was no last run). - `still`: the last run had it too, and every run since `since`. */
export type DriftMark = { readonly status: 'new' } | { readonly status: 'still'; readonly since: string };

export interface DriftHistory {
  /** When the last kept run was made; absent on the first run. */
  readonly previousAt?: string;
  /** One mark per drift of the current report, in its order. */
  readonly marks: readonly DriftMark[];
  /** Drifts the last run had that this one does not: fixed (or ignored) since. */
  readonly fixed: readonly Drift[];
  readonly counts: { readonly new: number; readonly still: number; readonly fixed: number };
}

export const driftKey = (drift: Pick<Drift, 'id' | 'path'>): string => `${drift.id}\u0000${drift.path}`;

/**
 * Marks each drift of `current` against `runs` (any order; sorted here by
 * `ranAt`): new, or still there since the first of the unbroken series of
 * runs that had it; and lists what the last run had that `current` lacks.
 */
export function compareWithHistory(current: DriftReport, runs: readonly HistoryRun[]): DriftHistory {
  const newestFirst = [...runs].sort((a, b) => b.ranAt.localeCompare(a.ranAt));
  const keysOf = newestFirst.map((run) => new Set(run.report.drifts.map(driftKey)));
  const marks = current.drifts.map((drift): DriftMark => {
    const key = driftKey(drift);
    let streak = 0;
    while (streak < keysOf.length && keysOf[streak]!.has(key)) streak += 1;
    return streak === 0 ? { status: 'new' } : { status: 'still', since: newestFirst[streak - 1]!.ranAt };
  });
  const now = new Set(current.drifts.map(driftKey));
  const fixed = newestFirst[0]?.report.drifts.filter((drift) => !now.has(driftKey(drift))) ?? [];
  const fresh = marks.filter((mark) => mark.status === 'new').length;
  return {
    ...(newestFirst[0] ? { previousAt: newestFirst[0].ranAt } : {}),
    marks,
    fixed,
    counts: { new: fresh, still: marks.length - fresh, fixed: fixed.length },
  };
}

/** `new`, or `still there since 2026-12-01T03:17:00Z`: for the renderers. */
export function describeMark(mark: DriftMark): string {
  return mark.status === 'new' ? 'new' : `still there since ${mark.since}`;
}

/** The history's line under the summary: what changed since the last run. */
export function historyLine(history: DriftHistory): string {
  if (!history.previousAt) return 'First run kept in the history: every drift is new.';
  const { new: fresh, still, fixed } = history.counts;
  return `Since the last run (${history.previousAt}): ${fresh} new, ${still} still there, ${fixed} fixed.`;
}
