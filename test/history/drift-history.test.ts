import { describe, expect, it } from 'vitest';
import { compareWithHistory, historyLine, type HistoryRun } from '../../src/history/drift-history.js';
import type { Drift, DriftReport } from '../../src/model/drift.js';

const drift = (id: string, path: string): Drift => ({
  kind: 'modified',
  id,
  type: 'AWS::Logs::LogGroup',
  physicalId: `/ecs/${id}`,
  path,
  desired: 30,
  actual: 90,
});

const report = (...drifts: Drift[]): DriftReport => ({
  schemaVersion: 1,
  stack: 'bash-dog',
  account: '123456789012',
  region: 'us-east-2',
  capturedAt: '2026-12-01T00:00:00.000Z',
  inSync: drifts.length === 0,
  summary: { missing: 0, modified: drifts.length, unmanaged: 0, unknown: 0, ignored: 0 },
  drifts,
});

describe('drift history', () => {
  it('on the first run, every drift is new and nothing is fixed', () => {
    const history = compareWithHistory(report(drift('A', 'RetentionInDays')), []);
    expect(history.marks).toEqual([{ status: 'new' }]);
    expect(history.fixed).toEqual([]);
    expect(history.previousAt).toBeUndefined();
    expect(historyLine(history)).toMatch(/First run/);
  });

  it('across two runs: one drift fixed, one new, one still there since the first', () => {
    // Given a run with drifts on A and B
    const runs: HistoryRun[] = [
      { ranAt: '2026-12-01T03:17:00.000Z', report: report(drift('A', 'RetentionInDays'), drift('B', 'Tags')) },
    ];
    // When the next run has B (with another value) and a new drift on C, and A is fixed
    const next = report({ ...drift('B', 'Tags'), actual: 7 }, drift('C', 'RetentionInDays'));
    const history = compareWithHistory(next, runs);
    // Then
    expect(history.marks).toEqual([{ status: 'still', since: '2026-12-01T03:17:00.000Z' }, { status: 'new' }]);
    expect(history.fixed.map((fixed) => fixed.id)).toEqual(['A']);
    expect(history.counts).toEqual({ new: 1, still: 1, fixed: 1 });
    expect(historyLine(history)).toBe('Since the last run (2026-12-01T03:17:00.000Z): 1 new, 1 still there, 1 fixed.');
  });

  it('counts "since" from the first run of the unbroken series, not from a drift that came back', () => {
    const runs: HistoryRun[] = [
      { ranAt: '2026-12-03T00:00:00.000Z', report: report(drift('A', 'X')) },
      { ranAt: '2026-12-01T00:00:00.000Z', report: report(drift('A', 'X')) },
      { ranAt: '2026-12-02T00:00:00.000Z', report: report() },
    ];
    expect(compareWithHistory(report(drift('A', 'X')), runs).marks).toEqual([
      { status: 'still', since: '2026-12-03T00:00:00.000Z' },
    ]);
  });

  it('tells drifts apart by resource and property path', () => {
    const runs: HistoryRun[] = [{ ranAt: '2026-12-01T00:00:00.000Z', report: report(drift('A', 'X')) }];
    const history = compareWithHistory(report(drift('A', 'Y'), drift('B', 'X')), runs);
    expect(history.marks).toEqual([{ status: 'new' }, { status: 'new' }]);
    expect(history.fixed).toHaveLength(1);
  });
});
