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

/** A target's forms as candidates, made once a target: a resource many point at is asked for again and again. */
const candidatesFor = new WeakMap<ReferenceTarget, readonly Candidate[]>();
function candidatesOf(target: ReferenceTarget): readonly Candidate[] {
  let candidates = candidatesFor.get(target);
  if (!candidates) {
    candidates = referenceForms(target.resource).map((form) => ({ value: form.value, id: target.id, form }));
    candidatesFor.set(target, candidates);
  }
  return candidates;
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
    const candidates = candidatesOf(target);
    const atPath = byPath.get(edge.via);
    if (atPath) atPath.push(...candidates);
    else byPath.set(edge.via, [...candidates]);
    const targets = targetsAt.get(edge.via);
    if (targets) targets.push(target);
    else targetsAt.set(edge.via, [target]);
  }

  // Longest first, once a path rather than once a string: a longer form wins where two start alike.
  for (const candidates of byPath.values()) candidates.sort((a, b) => b.value.length - a.value.length);

  // The path travels as its joined string (`ContainerDefinitions.0.Image`), built once a node.
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') {
      const rewritten = rewriteString(value, byPath.get(at) ?? [], global);
      return visit(rewritten.whole ? rewritten : (byIdentity(value, targetsAt.get(at)) ?? rewritten), value);
    }
    const prefix = at === '' ? '' : `${at}.`;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array(value.length);
      for (let index = 0; index < value.length; index++) out[index] = walk(value[index], prefix + index);
      return out;
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = walk((value as Record<string, unknown>)[key], prefix + key);
        // A `__proto__` key (JSON may hold one) is data, as Object.fromEntries would keep it, not a prototype.
        if (key === '__proto__')
          Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
        else out[key] = item;
      }
      return out;
    }
    return value;
  };
  return walk(resource.properties, '') as Record<string, unknown>;
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

/**
 * Rewrites every reference inside one string, scanning left to right and
 * taking the longest candidate that starts at each place and stands alone
 * (no word character either side). Only the places where a candidate can
 * start are visited: each `arn:` and each occurrence of a local candidate,
 * found with `indexOf`; the text between them is copied in one piece. A
 * string with none of them is returned as it is, which is most strings.
 */
function rewriteString(value: string, local: readonly Candidate[], global: Prepared): RewrittenString {
  const whole = local.find((candidate) => candidate.value === value) ?? global.byValue.get(value);
  if (whole)
    return { template: placeholderFor(whole.id, whole.form), changed: true, whole: { id: whole.id, form: whole.form } };

  const starts = candidateStarts(value, local, global);
  if (starts.length === 0) return { template: value, changed: false };

  let template = '';
  let changed = false;
  let index = 0;
  for (const start of starts) {
    if (start < index) continue;
    // `${` is copied as one piece (escaped to `${!`), so nothing can start at its brace.
    if (start > index && value[start] === '{' && value[start - 1] === '$') continue;
    let best: Candidate | undefined;
    for (const c of local) {
      if (c.value.length >= 3 && value.startsWith(c.value, start) && fits(value, start, c.value.length)) {
        best = c;
        break;
      }
    }
    if (value.startsWith('arn:', start)) {
      for (const length of global.lengths) {
        if (best && length <= best.value.length) break;
        if (length < 3 || start + length > value.length || !fits(value, start, length)) continue;
        const found = global.byValue.get(value.slice(start, start + length));
        if (found) {
          best = found;
          break;
        }
      }
    }
    if (!best) continue;
    template += escapeTemplate(value.slice(index, start)) + placeholderFor(best.id, best.form);
    index = start + best.value.length;
    changed = true;
  }
  if (!changed) return { template: value, changed };
  return { template: template + escapeTemplate(value.slice(index)), changed };
}

/** True when nothing but a word boundary stands either side of `value[index, index + length)`. */
function fits(value: string, index: number, length: number): boolean {
  const before = value[index - 1];
  const after = value[index + length];
  return !((before && WORD.test(before)) || (after && WORD.test(after)));
}

/** Every index where a candidate could start, ascending and without repeats. */
function candidateStarts(value: string, local: readonly Candidate[], global: Prepared): number[] {
  const starts: number[] = [];
  const needles = global.lengths.length > 0 ? ['arn:'] : [];
  for (const candidate of local) if (candidate.value.length >= 3) needles.push(candidate.value);
  for (const needle of needles) {
    for (let at = value.indexOf(needle); at >= 0; at = value.indexOf(needle, at + 1)) starts.push(at);
  }
  if (needles.length > 1) starts.sort((a, b) => a - b);
  return starts;
}
