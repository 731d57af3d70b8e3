/**
 * Small helpers for building CloudFormation-shaped property objects from API
 * answers, which leave fields out, send `null`, or send `""` and `{}` for
 * "not set". Snapshots are JSON: undefined values must never reach them.
 */

/** The record without its undefined values. */
export function defined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** `{ [key]: value }` when the value is set (not undefined, null or empty), else `{}`: for spreading into a property object. */
export function set<K extends string, V>(key: K, value: V | undefined | null): Partial<Record<K, V>> {
  return value === undefined || value === null || value === '' ? {} : ({ [key]: value } as Record<K, V>);
}
