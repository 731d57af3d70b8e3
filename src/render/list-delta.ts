import { isDeepStrictEqual } from 'node:util';

/**
 * What differs between two values, for the renderers of drift and plans: for
 * lists, the members one has and the other lacks; for objects, the keys whose
 * values differ; for anything else, the two values. Every value is shown
 * whole: a report that cuts `arn:aws:iam::aws:policy/Admin…` mid-value hides
 * exactly the member a reader needs to see.
 */

/** A value on one line, whole: a string as it is, anything else as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (value === null) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Fields that name a member of a list of objects: an inline policy by
 * `PolicyName`, a container or an environment variable by `Name`, a tag by
 * `Key`. Used only when every member of both lists has the field, once each.
 */
const MEMBER_KEYS = ['PolicyName', 'Name', 'Key', 'ContainerName', 'TargetGroupArn', 'Id'] as const;

export interface ListDelta {
  /** The field members are matched by, when the lists have one. */
  readonly key?: string;
  /** Members of `before` that `after` lacks (whole). */
  readonly removed: readonly unknown[];
  /** Members of `after` that `before` lacks (whole). */
  readonly added: readonly unknown[];
  /** Members matched by `key` whose content differs. */
  readonly changed: readonly { readonly name: string; readonly before: unknown; readonly after: unknown }[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function memberKey(before: readonly unknown[], after: readonly unknown[]): string | undefined {
  return MEMBER_KEYS.find((field) =>
    [before, after].every((list) => {
      const names = list.map((member) => (isRecord(member) ? member[field] : undefined));
      return names.every((name) => typeof name === 'string') && new Set(names).size === names.length;
    }),
  );
}

/** Members of `from` not matched (as a multiset) by a deep-equal member of `other`. */
function unmatched(from: readonly unknown[], other: readonly unknown[]): unknown[] {
  const left = [...other];
  return from.filter((member) => {
    const at = left.findIndex((candidate) => isDeepStrictEqual(candidate, member));
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/** How two lists differ: by a naming field when they have one, else as whole members. Order is not a difference. */
export function listDelta(before: readonly unknown[], after: readonly unknown[]): ListDelta {
  const key = before.length + after.length > 0 ? memberKey(before, after) : undefined;
  if (!key) return { removed: unmatched(before, after), added: unmatched(after, before), changed: [] };
  const name = (member: unknown) => (member as Record<string, string>)[key]!;
  const afterByName = new Map(after.map((member) => [name(member), member]));
  const beforeNames = new Set(before.map(name));
  return {
    key,
    removed: before.filter((member) => !afterByName.has(name(member))),
    added: after.filter((member) => !beforeNames.has(name(member))),
    changed: before
      .filter((member) => afterByName.has(name(member)) && !isDeepStrictEqual(member, afterByName.get(name(member))))
      .map((member) => ({ name: name(member), before: member, after: afterByName.get(name(member)) })),
  };
}

/**
 * One difference at `path` (the property path, with `[Key=name]` for a member
 * named by its key): a member only `before` has, one only `after` has, or a
 * value that changed.
 */
export type Difference =
  | { readonly kind: 'removed'; readonly path: string; readonly value: unknown }
  | { readonly kind: 'added'; readonly path: string; readonly value: unknown }
  | { readonly kind: 'changed'; readonly path: string; readonly before: unknown; readonly after: unknown };

/**
 * What differs between `before` and `after` under `path`, down to the members
 * and keys that differ. A list against an unset value is a list against no
 * members. Lists with the same members in another order give one `changed`
 * difference, so that nothing that differs goes unshown.
 */
export function differences(path: string, before: unknown, after: unknown): Difference[] {
  if (isDeepStrictEqual(before, after)) return [];
  const asList = (value: unknown, other: unknown) =>
    Array.isArray(value) ? value : value == null && Array.isArray(other) ? [] : undefined;
  const beforeList = asList(before, after);
  const afterList = asList(after, before);
  if (beforeList && afterList) {
    const delta = listDelta(beforeList, afterList);
    const found: Difference[] = [
      ...delta.removed.map((value): Difference => ({ kind: 'removed', path, value })),
      ...delta.added.map((value): Difference => ({ kind: 'added', path, value })),
      ...delta.changed.flatMap((member) =>
        differences(`${path}[${delta.key}=${member.name}]`, member.before, member.after),
      ),
    ];
    return found.length > 0 ? found : [{ kind: 'changed', path, before, after }];
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => differences(path ? `${path}.${key}` : key, before[key], after[key]));
  }
  return [{ kind: 'changed', path, before, after }];
}

/** How the text renderers name the two sides: drift says declared/live, a plan says what it removes/adds. */
export interface SideLabels {
  readonly removed: string;
  readonly added: string;
}

/**
 * Text lines for what differs under `path`: `path: before → after` for a
 * plain change, and for lists one line per member that differs, `-` for one
 * only `before` has and `+` for one only `after` has.
 */
export function differenceLines(
  path: string,
  before: unknown,
  after: unknown,
  labels: SideLabels,
  indent = '    ',
): string[] {
  const lines: string[] = [];
  let header: string | undefined;
  for (const difference of differences(path, before, after)) {
    if (difference.kind === 'changed') {
      header = undefined;
      lines.push(`${indent}${difference.path}: ${showValue(difference.before)} → ${showValue(difference.after)}`);
      continue;
    }
    if (header !== difference.path) lines.push(`${indent}${difference.path}:`);
    header = difference.path;
    lines.push(
      difference.kind === 'removed'
        ? `${indent}  - ${showValue(difference.value)}  (${labels.removed})`
        : `${indent}  + ${showValue(difference.value)}  (${labels.added})`,
    );
  }
  return lines;
}
