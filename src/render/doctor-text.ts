import { describeLocation, SEVERITIES, type Finding, type Severity } from '../doctor/finding.js';
import type { DoctorReport } from '../doctor/report.js';
import { PLAIN, type SummaryStyle } from './summary.js';

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', hardening: 'Hardening' };

/** `resources.X.properties.A.B: value` — the reclaim.yaml change, on one line. */
export function describeChange(finding: Finding): string | undefined {
  const change = finding.fix.reclaim;
  if (!change) return undefined;
  const value = change.value === null ? '(remove)' : JSON.stringify(change.value);
  return `resources.${change.resource}.properties.${change.path}: ${value}`;
}

function block(finding: Finding, style: SummaryStyle): string[] {
  const lines = [`  ${style.bold(finding.code)}  ${describeLocation(finding.location)}`, `         ${finding.what}`];
  lines.push(style.dim(`         why: ${finding.why}`));
  lines.push(`         fix: ${finding.fix.text}`);
  if (finding.fix.command) lines.push(`              $ ${finding.fix.command}`);
  const change = describeChange(finding);
  if (change) lines.push(`              reclaim.yaml → ${change}`);
  if (finding.declaredAt) lines.push(style.dim(`              declared at ${describeLocation(finding.declaredAt)}`));
  return lines;
}

/** The human report: findings grouped by severity (file:line or resource), then what could not be decided. */
export function renderDoctorText(report: DoctorReport, style: SummaryStyle = PLAIN): string {
  const subject = [
    report.stack ? `stack ${report.stack.name} (${report.stack.account} / ${report.stack.region})` : undefined,
    report.repo !== undefined ? `repository ${report.repo}` : undefined,
  ].filter((part) => part !== undefined);
  const lines = [style.bold(`reclaim doctor: ${subject.join(', ')}`)];
  for (const severity of SEVERITIES) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    const heading = `${HEADINGS[severity]} (${findings.length})`;
    lines.push('', severity === 'hardening' ? style.bold(heading) : style.warn(style.bold(heading)));
    for (const finding of findings) lines.push(...block(finding, style), '');
    lines.pop();
  }
  const undecided = report.checks.filter((c) => c.status === 'unknown' || c.status === 'crashed');
  if (undecided.length > 0 || report.unreadable.length > 0) {
    lines.push('', style.warn(style.bold('Could not decide (the picture is incomplete)')));
    for (const check of undecided) {
      const reasons = check.status === 'crashed' ? [`crashed: ${check.reason ?? ''}`] : check.unknown;
      for (const reason of reasons) lines.push(style.warn(`  ${check.code} ${check.id}: ${reason}`));
    }
    for (const issue of report.unreadable) {
      const about = issue.physicalIds?.length ? ` (${issue.physicalIds.join(', ')})` : '';
      lines.push(style.warn(`  unreadable: ${issue.operation}${about}: ${issue.code}`));
    }
  }
  const notes = report.checks.flatMap((c) => c.notes.map((note) => `  ${c.code}: ${note}`));
  if (notes.length > 0) lines.push('', style.dim('Notes'), ...notes.map((n) => style.dim(n)));
  const counts = (status: string) => report.checks.filter((c) => c.status === status).length;
  const { error, warning, hardening } = report.summary;
  lines.push(
    '',
    style.dim(
      `${report.checks.length} checks: ${counts('pass')} passed, ${counts('fail')} found something, ${counts('unknown')} undecided, ${counts('skipped')} skipped${counts('crashed') ? `, ${counts('crashed')} crashed` : ''}`,
    ),
    style.bold(`${error} error(s), ${warning} warning(s), ${hardening} hardening — exit ${report.exitCode}`),
  );
  return lines.join('\n');
}
