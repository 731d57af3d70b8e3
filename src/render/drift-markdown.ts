import type { DriftReport } from '../model/drift.js';
import { showValue, summaryLine } from './drift-text.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => (text ? `\`${cell(text).replace(/`/g, "'")}\`` : '');

/** For a GitHub job summary or a PR comment: a headline, the counts, and one table row per drift. */
export function renderDriftMarkdown(report: DriftReport): string {
  const { missing, modified, unmanaged, unknown, ignored } = report.summary;
  const lines = [
    `## ${report.inSync ? '✅' : '⚠️'} reclaim drift: \`${report.stack}\` (${report.account} / ${report.region})`,
    '',
    summaryLine(report),
    '',
    '| missing | modified | unmanaged | unknown | ignored |',
    '| --- | --- | --- | --- | --- |',
    `| ${missing} | ${modified} | ${unmanaged} | ${unknown} | ${ignored} |`,
  ];
  if (report.drifts.length > 0) {
    lines.push('', '| kind | resource | type | property | declared | live |', '| --- | --- | --- | --- | --- | --- |');
    for (const drift of report.drifts) {
      const declared = drift.kind === 'modified' ? code(showValue(drift.desired, 80)) : '';
      const live =
        drift.kind === 'modified'
          ? code(showValue(drift.actual, 80))
          : drift.kind === 'unknown'
            ? cell(drift.note ?? '')
            : '';
      lines.push(`| ${drift.kind} | ${code(drift.id)} | ${drift.type} | ${code(drift.path)} | ${declared} | ${live} |`);
    }
  }
  lines.push('', `<sub>Live read ${report.capturedAt}.</sub>`);
  return lines.join('\n');
}
