import type { Edge, Resource } from '../../model/resource.js';
import { placeholderFor, referenceForms, type ReferenceForm } from '../../model/reference-forms.js';

/** A resource that properties may point at, under the id the output should use for it. */
export interface ReferenceTarget {
  readonly id: string;
  readonly resource: Resource;
}

/** A string leaf after rewriting: a Sub-style template, and whether it is exactly one reference. */
export interface RewrittenString {
  readonly template: string;
  readonly changed: boolean;
  /** Set when the whole value was one reference. */
  readonly whole?: { readonly id: string; readonly form: ReferenceForm };
}

interface Candidate {
  readonly value: string;
  readonly id: string;
  readonly form: ReferenceForm;
}

const WORD = /[A-Za-z0-9_-]/;
const escapeTemplate = (text: string) => text.replaceAll('${', '${!');

/**
 * Rewrites the references inside one resource's properties into `${Id}`
 * placeholders. Two kinds of evidence are used:
 * - the snapshot's edges: at the exact property path an edge names, any
 *   form of the target (name, ARN, physical id) is a reference to it;
 * - anywhere else, only ARNs, which are distinctive enough to never match
 *   by accident (a plain name like `bash-dog` would).
 */
export function rewriteReferences(
  resource: Resource,
  edgesFrom: readonly Edge[],
  targetOf: (snapshotId: string) => ReferenceTarget | undefined,
  arnTargets: readonly ReferenceTarget[],
  visit: (rewritten: RewrittenString, raw: string) => unknown,
): Record<string, unknown> {
  const global: Candidate[] = arnTargets.flatMap((target) =>
    referenceForms(target.resource)
      .filter((form) => form.value.startsWith('arn:'))
      .map((form) => ({ value: form.value, id: target.id, form })),
  );
  const byPath = new Map<string, Candidate[]>();
  for (const edge of edgesFrom) {
    const target = targetOf(edge.to);
    if (!target) continue;
    const candidates = referenceForms(target.resource).map((form) => ({ value: form.value, id: target.id, form }));
    byPath.set(edge.via, [...(byPath.get(edge.via) ?? []), ...candidates]);
  }

  const walk = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') {
      const candidates = [...(byPath.get(path.join('.')) ?? []), ...global].sort(
        (a, b) => b.value.length - a.value.length,
      );
      return visit(rewriteString(value, candidates), value);
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, String(index)]));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return value;
  };
  return walk(resource.properties, []) as Record<string, unknown>;
}

function rewriteString(value: string, candidates: readonly Candidate[]): RewrittenString {
  const whole = candidates.find((candidate) => candidate.value === value);
  if (whole)
    return { template: placeholderFor(whole.id, whole.form), changed: true, whole: { id: whole.id, form: whole.form } };

  let template = '';
  let changed = false;
  let index = 0;
  outer: while (index < value.length) {
    for (const candidate of candidates) {
      if (candidate.value.length < 3 || !value.startsWith(candidate.value, index)) continue;
      const before = value[index - 1];
      const after = value[index + candidate.value.length];
      if ((before && WORD.test(before)) || (after && WORD.test(after))) continue;
      template += placeholderFor(candidate.id, candidate.form);
      index += candidate.value.length;
      changed = true;
      continue outer;
    }
    // A literal `${` must not read as a placeholder: Sub's escape for it is `${!`.
    const literal = value.startsWith('${', index) ? '${' : value[index]!;
    template += escapeTemplate(literal);
    index += literal.length;
  }
  return { template: changed ? template : value, changed };
}
