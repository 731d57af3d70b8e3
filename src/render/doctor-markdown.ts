import { describeLocation, SEVERITIES, type Severity } from '../doctor/finding.js';
import type { DoctorReport } from '../doctor/report.js';
import { describeChange } from './doctor-text.js';

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', hardening: 'Hardening' };

/** Text safe inside a Markdown table cell. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/** The report for a pull request comment or a CI job summary. */
export function renderDoctorMarkdown(report: DoctorReport): string {
  const subject = [
    report.stack ? `stack \`${report.stack.name}\` (${report.stack.account} / ${report.stack.region})` : undefined,
    report.repo !== undefined ? `repository \`${report.repo}\`` : undefined,
  ].filter((part) => part !== undefined);
  const { error, warning, hardening } = report.summary;
  const lines = [
    `## reclaim doctor: ${subject.join(', ')}`,
    '',
    `**${error} error(s) · ${warning} warning(s) · ${hardening} hardening** — exit ${report.exitCode}`,
  ];
  for (const severity of SEVERITIES) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    lines.push(
      '',
      `### ${HEADINGS[severity]} (${findings.length})`,
      '',
      '| Code | Where | What, and why | Fix |',
      '| --- | --- | --- | --- |',
    );
    for (const f of findings) {
      const change = describeChange(f);
      const fix = [
        f.fix.text,
        f.fix.command ? `\`${f.fix.command}\`` : undefined,
        change ? `reclaim.yaml: \`${change}\`` : undefined,
      ].filter((part) => part !== undefined);
      lines.push(
        `| ${f.code} | \`${cell(describeLocation(f.location))}\` | ${cell(f.what)}<br>_${cell(f.why)}_ | ${cell(fix.join('<br>'))} |`,
      );
    }
  }
  const undecided = report.checks.filter((c) => c.status === 'unknown' || c.status === 'crashed');
  if (undecided.length > 0 || report.unreadable.length > 0) {
    lines.push('', '### Could not decide', '');
    for (const check of undecided) {
      const reasons = check.status === 'crashed' ? [`crashed: ${check.reason ?? ''}`] : check.unknown;
      for (const reason of reasons) lines.push(`- ${check.code} \`${check.id}\`: ${reason}`);
    }
    for (const issue of report.unreadable) lines.push(`- unreadable: \`${issue.operation}\`: ${issue.code}`);
  }
  lines.push('', '<details><summary>Checks</summary>', '', '| Code | Check | Result |', '| --- | --- | --- |');
  for (const check of report.checks) {
    lines.push(
      `| ${check.code} | ${cell(check.title)} | ${check.status}${check.reason ? ` (${cell(check.reason)})` : ''} |`,
    );
  }
  lines.push('', '</details>', '');
  return lines.join('\n');
}
