import type { DriftReport } from '../model/drift.js';
import type { Drift } from '../model/drift.js';
import { describeMark, historyLine, type DriftHistory } from '../history/drift-history.js';
import { summaryLine } from './drift-text.js';
import { differences, showValue } from './list-delta.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => (text ? `\`${cell(text).replace(/`/g, "'")}\`` : '');

/**
 * The declared and live cells of a modified property, each value whole: for
 * lists only the members that differ (a member only the file has sits under
 * declared, one only live has under live), for objects only the keys that
 * differ, each named by its path below the property.
 */
function modifiedCells(drift: Drift): [string, string] {
  const declared: string[] = [];
  const live: string[] = [];
  for (const difference of differences(drift.path, drift.desired, drift.actual)) {
    const below = difference.path.slice(drift.path.length).replace(/^\./, '');
    const at = (text: string) => (below ? `${cell(below)}: ${text}` : text);
    if (difference.kind === 'removed') declared.push(at(`${code(showValue(difference.value))} (not live)`));
    else if (difference.kind === 'added') live.push(at(`${code(showValue(difference.value))} (not declared)`));
    else {
      declared.push(at(code(showValue(difference.before))));
      live.push(at(code(showValue(difference.after))));
    }
  }
  return [declared.join('<br>'), live.join('<br>')];
}

/** For a GitHub job summary or a PR comment: a headline, the counts, and one table row per drift. */
export function renderDriftMarkdown(report: DriftReport, history?: DriftHistory): string {
  const { missing, modified, unmanaged, unknown, ignored } = report.summary;
  const lines = [
    `## ${report.inSync ? '✅' : '⚠️'} reclaim drift: \`${report.stack}\` (${report.account} / ${report.region})`,
    '',
    summaryLine(report),
    ...(history ? ['', historyLine(history)] : []),
    '',
    '| missing | modified | unmanaged | unknown | ignored |',
    '| --- | --- | --- | --- | --- |',
    `| ${missing} | ${modified} | ${unmanaged} | ${unknown} | ${ignored} |`,
  ];
  if (report.drifts.length > 0) {
    const since = history ? ' since last run |' : '';
    lines.push(
      '',
      `| kind | resource | type | property | declared | live |${since}`,
      `| --- | --- | --- | --- | --- | --- |${history ? ' --- |' : ''}`,
    );
    for (const [index, drift] of report.drifts.entries()) {
      const mark = history?.marks[index];
      const markCell = mark ? ` ${mark.status === 'new' ? '**new**' : cell(describeMark(mark))} |` : '';
      const [declared, live] =
        drift.kind === 'modified' ? modifiedCells(drift) : ['', drift.kind === 'unknown' ? cell(drift.note ?? '') : ''];
      lines.push(
        `| ${drift.kind} | ${code(drift.id)} | ${drift.type} | ${code(drift.path)} | ${declared} | ${live} |${markCell}`,
      );
    }
  }
  if (history && history.fixed.length > 0) {
    lines.push('', `### ✅ Fixed since the last run (${history.fixed.length})`, '');
    for (const drift of history.fixed)
      lines.push(`- ${drift.kind} ${code(drift.id)}${drift.path ? ` ${code(drift.path)}` : ''}`);
  }
  lines.push('', `<sub>Live read ${report.capturedAt}.</sub>`);
  return lines.join('\n');
}
