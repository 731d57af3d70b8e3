import { identityOf } from '../../model/identity.js';
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

/** The ARN candidates of one run, prepared once: exact matches by map, substrings by the lengths there are. */
interface Prepared {
  readonly byValue: Map<string, Candidate>;
  readonly lengths: number[];
}
const preparedFor = new WeakMap<readonly ReferenceTarget[], Prepared>();
function prepare(arnTargets: readonly ReferenceTarget[]): Prepared {
  let prepared = preparedFor.get(arnTargets);
  if (prepared) return prepared;
  const byValue = new Map<string, Candidate>();
  for (const target of arnTargets)
    for (const form of referenceForms(target.resource))
      if (form.value.startsWith('arn:') && !byValue.has(form.value))
        byValue.set(form.value, { value: form.value, id: target.id, form });
  const lengths = [...new Set([...byValue.keys()].map((v) => v.length))].sort((a, b) => b - a);
  prepared = { byValue, lengths };
  preparedFor.set(arnTargets, prepared);
  return prepared;
}

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
  const global = prepare(arnTargets);
  const byPath = new Map<string, Candidate[]>();
  const targetsAt = new Map<string, ReferenceTarget[]>();
  for (const edge of edgesFrom) {
    const target = targetOf(edge.to);
    if (!target) continue;
    const candidates = referenceForms(target.resource).map((form) => ({ value: form.value, id: target.id, form }));
    byPath.set(edge.via, [...(byPath.get(edge.via) ?? []), ...candidates]);
    targetsAt.set(edge.via, [...(targetsAt.get(edge.via) ?? []), target]);
  }

  const walk = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') {
      const at = path.join('.');
      const local = [...(byPath.get(at) ?? [])].sort((a, b) => b.value.length - a.value.length);
      const rewritten = rewriteString(value, local, global);
      return visit(rewritten.whole ? rewritten : (byIdentity(value, targetsAt.get(at)) ?? rewritten), value);
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, String(index)]));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return value;
  };
  return walk(resource.properties, []) as Record<string, unknown>;
}

/**
 * A whole value that names an edge's target by identity rather than by one of
 * the forms the snapshot knows: a role's ARN, when the role could not be read
 * and so has no ARN on record. The edge says the property references the
 * target, and the identity says it is that target: the same reference, not drift.
 * Checked before a partial match: the role's name inside its ARN would leave
 * `arn:…:role/${Role}`, which compares unequal to `${Role}`.
 */
function byIdentity(value: string, targets: readonly ReferenceTarget[] | undefined): RewrittenString | undefined {
  for (const { id, resource } of targets ?? []) {
    if (identityOf(resource.type, value) !== identityOf(resource.type, resource.physicalId)) continue;
    const form: ReferenceForm =
      value.startsWith('arn:') && value !== resource.physicalId ? { value, attribute: 'Arn' } : { value };
    return { template: placeholderFor(id, form), changed: true, whole: { id, form } };
  }
  return undefined;
}

function rewriteString(value: string, local: readonly Candidate[], global: Prepared): RewrittenString {
  const whole = local.find((candidate) => candidate.value === value) ?? global.byValue.get(value);
  if (whole)
    return { template: placeholderFor(whole.id, whole.form), changed: true, whole: { id: whole.id, form: whole.form } };

  const fits = (index: number, length: number) => {
    const before = value[index - 1];
    const after = value[index + length];
    return !((before && WORD.test(before)) || (after && WORD.test(after)));
  };
  let template = '';
  let changed = false;
  let index = 0;
  while (index < value.length) {
    let best: Candidate | undefined = local.find(
      (c) => c.value.length >= 3 && value.startsWith(c.value, index) && fits(index, c.value.length),
    );
    if (value.startsWith('arn:', index)) {
      for (const length of global.lengths) {
        if (best && length <= best.value.length) break;
        if (length < 3 || index + length > value.length || !fits(index, length)) continue;
        const found = global.byValue.get(value.slice(index, index + length));
        if (found) {
          best = found;
          break;
        }
      }
    }
    if (best) {
      template += placeholderFor(best.id, best.form);
      index += best.value.length;
      changed = true;
      continue;
    }
    const literal = value.startsWith('${', index) ? '${' : value[index]!;
    template += escapeTemplate(literal);
    index += literal.length;
  }
  return { template: changed ? template : value, changed };
}
