import { describeMark, historyLine, type DriftHistory } from '../history/drift-history.js';
import type { Drift, DriftReport } from '../model/drift.js';
import { differenceLines } from './list-delta.js';
import { PLAIN, type SummaryStyle } from './summary.js';

export { showValue } from './list-delta.js';

const SYMBOL: Record<Drift['kind'], string> = { missing: '-', modified: '~', unmanaged: '+', unknown: '?' };

/** The side labels of a drift: `before` is the file, `after` is live. */
export const DRIFT_SIDES = { removed: 'declared, not live', added: 'live, not declared' } as const;

/**
 * One modified property: `path: declared → live`, or for two lists, what live
 * has that the file does not (+) and the reverse (-), which reads far better
 * than two long lists side by side (a security group's rules, say).
 */
const propertyLines = (drift: Drift): string[] => differenceLines(drift.path, drift.desired, drift.actual, DRIFT_SIDES);

export function summaryLine(report: DriftReport): string {
  const { missing, modified, unmanaged, unknown, ignored } = report.summary;
  const ignoredText = ignored > 0 ? `, ${ignored} ignored` : '';
  if (report.inSync) return `In sync: live matches the declared state${ignoredText}.`;
  return `Drift: ${modified} modified, ${missing} missing, ${unmanaged} unmanaged, ${unknown} unknown${ignoredText}.`;
}

/** Groups drift by resource, one line per property, with the one-line summary last. */
export function renderDriftText(report: DriftReport, style: SummaryStyle = PLAIN, history?: DriftHistory): string {
  const marks = new Map(report.drifts.map((drift, index) => [drift, history?.marks[index]]));
  const lines = [
    style.bold(`Drift of ${report.stack} in ${report.account} / ${report.region} (live read ${report.capturedAt})`),
    '',
  ];
  const groups = new Map<string, Drift[]>();
  for (const drift of report.drifts) {
    const key = `${drift.kind === 'modified' ? 'modified' : drift.kind}|${drift.id}|${drift.type}|${drift.physicalId}`;
    groups.set(key, [...(groups.get(key) ?? []), drift]);
  }
  for (const [key, drifts] of groups) {
    const [kind, id, type, physicalId] = key.split('|') as [Drift['kind'], string, string, string];
    const title = `${SYMBOL[kind]} ${id || '(stack)'}${type ? ` ${type}` : ''}${physicalId ? `  ${physicalId}` : ''}`;
    lines.push(kind === 'unknown' ? style.warn(title) : style.bold(title));
    for (const drift of drifts) {
      if (kind === 'missing') lines.push('    declared, but not found live');
      else if (kind === 'unmanaged') lines.push('    found in scope, but neither declared nor listed as debris');
      else if (kind === 'unknown') lines.push(style.warn(`    could not be read: ${drift.note ?? 'unknown reason'}`));
      else lines.push(...propertyLines(drift));
      if (kind !== 'unknown' && drift.note) lines.push(style.dim(`      (${drift.note})`));
      const mark = marks.get(drift);
      if (mark)
        lines.push(mark.status === 'new' ? style.warn('      [new]') : style.dim(`      [${describeMark(mark)}]`));
    }
  }
  if (history && history.fixed.length > 0) {
    lines.push(style.bold(`✓ fixed since the last run (${history.fixed.length})`));
    for (const drift of history.fixed) lines.push(`    ${drift.kind} ${drift.id}${drift.path ? ` ${drift.path}` : ''}`);
  }
  if (report.drifts.length > 0 || (history && history.fixed.length > 0)) lines.push('');
  if (history) lines.push(historyLine(history));
  lines.push(report.inSync ? summaryLine(report) : style.warn(summaryLine(report)));
  return lines.join('\n');
}
