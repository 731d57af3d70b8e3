import { isExpired } from '../../desired/check-ignore.js';
import type { IgnoreRule } from '../../desired/types.js';
import type { Drift } from '../../model/drift.js';

/** `*` matches within one path segment (or type part), `**` across any number. */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .split('**')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]*'))
    .join('.*');
  return new RegExp(`^${pattern}$`);
}

export function ruleMatches(rule: IgnoreRule, drift: Drift): boolean {
  return (
    (rule.type === undefined || globToRegExp(rule.type).test(drift.type)) &&
    (rule.id === undefined || globToRegExp(rule.id).test(drift.id)) &&
    (rule.path === undefined || globToRegExp(rule.path).test(drift.path))
  );
}

/**
 * Drops the drift that a rule in force covers. Drift covered only by expired
 * rules stays, with a note saying which rule expired, so it cannot go unseen.
 */
export function applyIgnoreRules(
  drifts: readonly Drift[],
  rules: readonly IgnoreRule[],
  now: Date,
): { kept: Drift[]; ignored: number } {
  const kept: Drift[] = [];
  let ignored = 0;
  for (const drift of drifts) {
    const matching = rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => ruleMatches(rule, drift));
    if (matching.some(({ rule }) => !isExpired(rule.expires, now))) {
      ignored += 1;
      continue;
    }
    const expired = matching[0];
    kept.push(
      expired
        ? {
            ...drift,
            note: `ignore rule ${expired.index + 1} ("${expired.rule.reason}") expired on ${expired.rule.expires}`,
          }
        : drift,
    );
  }
  return { kept, ignored };
}
