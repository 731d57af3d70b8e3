import type { DoctorReport } from '../doctor/report.js';

/** The report as JSON: the same object `--json` returns, versioned by `version`. */
export function renderDoctorJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
