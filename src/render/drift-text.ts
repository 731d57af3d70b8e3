import type { Drift, DriftReport } from '../model/drift.js';
import { PLAIN, type SummaryStyle } from './summary.js';

const SYMBOL: Record<Drift['kind'], string> = { missing: '-', modified: '~', unmanaged: '+', unknown: '?' };

/** A value on one line, short enough to read: long values are cut with an ellipsis. */
export function showValue(value: unknown, width = 160): string {
  if (value === undefined) return '(not set)';
  if (value === null) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/**
 * One modified property: `path: declared → live`, or for two lists, what live
 * has that the file does not (+) and the reverse (-), which reads far better
 * than two long lists side by side (a security group's rules, say).
 */
function propertyLines(drift: Drift): string[] {
  if (Array.isArray(drift.desired) && Array.isArray(drift.actual)) {
    const text = (item: unknown) => (typeof item === 'string' ? item : JSON.stringify(item));
    const declared = new Set(drift.desired.map(text));
    const live = new Set(drift.actual.map(text));
    const added = [...live].filter((item) => !declared.has(item));
    const removed = [...declared].filter((item) => !live.has(item));
    if (added.length + removed.length > 0) {
      return [
        `    ${drift.path}:`,
        ...removed.map((item) => `      - ${showValue(item)}  (declared, not live)`),
        ...added.map((item) => `      + ${showValue(item)}  (live, not declared)`),
      ];
    }
  }
  return [`    ${drift.path}: ${showValue(drift.desired)} → ${showValue(drift.actual)}`];
}

export function summaryLine(report: DriftReport): string {
  const { missing, modified, unmanaged, unknown, ignored } = report.summary;
  const ignoredText = ignored > 0 ? `, ${ignored} ignored` : '';
  if (report.inSync) return `In sync: live matches the declared state${ignoredText}.`;
  return `Drift: ${modified} modified, ${missing} missing, ${unmanaged} unmanaged, ${unknown} unknown${ignoredText}.`;
}

/** Groups drift by resource, one line per property, with the one-line summary last. */
export function renderDriftText(report: DriftReport, style: SummaryStyle = PLAIN): string {
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
    }
  }
  if (report.drifts.length > 0) lines.push('');
  lines.push(report.inSync ? summaryLine(report) : style.warn(summaryLine(report)));
  return lines.join('\n');
}
