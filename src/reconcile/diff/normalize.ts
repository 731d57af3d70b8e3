/**
 * Puts property values in one canonical shape so that equal things compare
 * equal: IAM policy documents (statement as object or list, action as string
 * or list, order), tag lists as maps, lists AWS keeps in no particular order
 * as sets, and lists of named things as maps keyed by name (so a path reads
 * `Policies[extra-access]`, not `Policies.3`), and `!Ref AWS::NoValue` as
 * the one `Unset` value.
 */
import { isNoValue } from '../../model/unset.js';

/** Lists of named things, keyed by the field that names them. */
const KEYED_LISTS: Readonly<Record<string, string>> = {
  Policies: 'PolicyName',
  ContainerDefinitions: 'Name',
  Environment: 'Name',
  Secrets: 'Name',
  Stages: 'Name',
  Actions: 'Name',
  ClusterSettings: 'Name',
  Parameters: 'ParameterKey',
  EnvironmentVariables: 'Name',
};

/** Lists whose order AWS does not keep or care about: compared as sets, as one value. */
const UNORDERED_LISTS = new Set([
  'Subnets',
  'SecurityGroups',
  'ManagedPolicyArns',
  'SecretKeys',
  'SubjectAlternativeNames',
  'RequiresCompatibilities',
  'ListenerArns',
  'SecurityGroupIngress',
  'SecurityGroupEgress',
  'CapacityProviders',
  'Certificates',
  'Events',
]);

/** A value compared as a whole, by its canonical text (policy documents, tag maps, unordered lists). */
export class Atom {
  constructor(
    readonly canonical: string,
    readonly value: unknown,
  ) {}
}

/** A list of named things, as a map from name to item. */
export class Keyed {
  constructor(readonly items: Readonly<Record<string, unknown>>) {}
}

/** A property declared unset (`!Ref AWS::NoValue`): in sync with live only while live sets nothing there. */
export class Unset {
  static readonly value = new Unset();
  private constructor() {}
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function canonicalText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isRecord(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

const atom = (value: unknown): Atom => new Atom(canonicalText(value), value);

export function isPolicyDocument(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && 'Statement' in value;
}

const sortedStrings = (value: unknown): unknown =>
  Array.isArray(value) ? [...value].map(String).sort() : typeof value === 'string' ? [value] : value;

/** A policy document in canonical form: every list a sorted list, statements in a stable order. */
export function normalizePolicyDocument(document: Record<string, unknown>): Record<string, unknown> {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const normalized = statements.map((statement: Record<string, unknown>) => {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(statement ?? {})) {
      if (key === 'Sid' && value === '') continue;
      if (['Action', 'NotAction', 'Resource', 'NotResource'].includes(key)) result[key] = sortedStrings(value);
      else if ((key === 'Principal' || key === 'NotPrincipal') && isRecord(value)) {
        result[key] = Object.fromEntries(Object.entries(value).map(([kind, who]) => [kind, sortedStrings(who)]));
      } else result[key] = value;
    }
    return result;
  });
  return {
    Version: document.Version ?? '2008-10-17',
    Statement: normalized.sort((a, b) => canonicalText(a).localeCompare(canonicalText(b))),
  };
}

/** Tags as a `{key: value}` map without AWS's own `aws:` tags, whether written as a map or a CloudFormation list. */
export function normalizeTags(value: unknown): Record<string, string> {
  const entries = Array.isArray(value)
    ? value.map((tag: { Key?: unknown; Value?: unknown }) => [String(tag.Key), String(tag.Value ?? '')])
    : isRecord(value)
      ? Object.entries(value).map(([key, item]) => [key, String(item)])
      : [];
  return Object.fromEntries(
    entries.filter(([key]) => !key!.startsWith('aws:')).sort(([a], [b]) => a!.localeCompare(b!)),
  );
}

/** Normalizes one property value; `key` is the name it sits under (decides list handling). */
export function normalizeValue(value: unknown, key?: string): unknown {
  if (isNoValue(value)) return Unset.value;
  if (key === 'Tags') return atom(normalizeTags(value));
  if (isPolicyDocument(value)) return atom(normalizePolicyDocument(value));
  if (Array.isArray(value)) {
    const items = value.map((item) => normalizeValue(item));
    if (key && UNORDERED_LISTS.has(key)) {
      const plain = items.map((item) => (item instanceof Atom ? item.value : item));
      return atom(plain.sort((a, b) => canonicalText(a).localeCompare(canonicalText(b))));
    }
    const keyField = key ? KEYED_LISTS[key] : undefined;
    if (keyField && value.every((item) => isRecord(item) && typeof item[keyField] === 'string')) {
      return new Keyed(
        Object.fromEntries(value.map((item, index) => [(item as Record<string, string>)[keyField], items[index]])),
      );
    }
    return items;
  }
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, normalizeValue(item, name)]));
  }
  return value;
}

/** Back to plain data, for showing a value to people. */
export function plain(value: unknown): unknown {
  if (value instanceof Unset) return null;
  if (value instanceof Atom) return value.value;
  if (value instanceof Keyed)
    return Object.fromEntries(Object.entries(value.items).map(([key, item]) => [key, plain(item)]));
  if (Array.isArray(value)) return value.map(plain);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}
