import type { NameMatcher } from './names.js';
import { asLogicalId, type LogicalId } from './resource.js';
import { shortTypeName, type ResourceType } from './resource-type.js';

/** What logical id assignment needs to know about one resource. */
export interface IdCandidate {
  readonly type: ResourceType;
  readonly physicalId: string;
  /** The resource's human name (role name, repository name, task family, …). */
  readonly name: string;
  /** Live resources are named first, so they get the plain id and leftovers get the numbered ones. */
  readonly orphan: boolean;
}

const pascal = (words: readonly string[]): string =>
  words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');

/**
 * The readable base id of a resource: its name without the stack's words,
 * in PascalCase, with the type's short name appended unless the name already
 * says it (`bash-dog-build-project` → `BuildProject`, `bash-dog-main` →
 * `MainTargetGroup`, service `bash-dog` → `Service`).
 */
export function baseLogicalId(candidate: IdCandidate, matcher: NameMatcher): string {
  const typeName = shortTypeName(candidate.type);
  const words = matcher.wordsWithoutStack(candidate.name);
  let id = pascal(words);
  if (!id.toLowerCase().includes(typeName.toLowerCase())) id += typeName;
  if (!/^[A-Za-z]/.test(id)) id = typeName + id;
  return id;
}

/**
 * Assigns every resource a unique, stable logical id. Ordering is
 * deterministic (live before orphan, then by physical id), so the same account
 * yields the same ids run after run.
 */
export function assignLogicalIds(candidates: readonly IdCandidate[], matcher: NameMatcher): Map<string, LogicalId> {
  const key = (c: IdCandidate) => `${c.type}|${c.physicalId}`;
  const ordered = [...candidates].sort(
    (a, b) => Number(a.orphan) - Number(b.orphan) || a.physicalId.localeCompare(b.physicalId),
  );
  const taken = new Set<string>();
  const ids = new Map<string, LogicalId>();
  for (const candidate of ordered) {
    const base = baseLogicalId(candidate, matcher);
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}${n}`;
    taken.add(id);
    ids.set(key(candidate), asLogicalId(id));
  }
  return ids;
}
