import type { PathProblem } from './problems.js';
import type { DesiredState } from './types.js';

/** True when the rule's `expires` day has come: from then on it no longer hides drift. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  return expires !== undefined && expires <= now.toISOString().slice(0, 10);
}

/** An expired rule is not an error, but the user should hear that the drift it hid is back. */
export function checkIgnoreRules(state: DesiredState, now: Date): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const [index, rule] of state.ignore.entries()) {
    if (rule.type === undefined && rule.id === undefined && rule.path === undefined) {
      problems.push({
        severity: 'error',
        path: ['ignore', index],
        message: `ignore rule ${index + 1} matches everything: it names no type, id or path`,
        fix: 'add at least one of type, id or path (globs: `*` within a segment, `**` across segments)',
      });
    }
    if (rule.expires !== undefined && Number.isNaN(Date.parse(rule.expires))) {
      problems.push({
        severity: 'error',
        path: ['ignore', index, 'expires'],
        message: `ignore rule ${index + 1} expires on "${rule.expires}", which is not a date`,
        fix: 'write the date as YYYY-MM-DD',
      });
    } else if (isExpired(rule.expires, now)) {
      problems.push({
        severity: 'warning',
        path: ['ignore', index, 'expires'],
        message: `ignore rule ${index + 1} ("${rule.reason}") expired on ${rule.expires}; the drift it hid is reported again`,
        fix: 'fix the drift, or move the date on if the reason still holds',
      });
    }
  }
  return problems;
}
