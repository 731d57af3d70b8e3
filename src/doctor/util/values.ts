/**
 * Narrowing reads of untyped data (snapshot properties, parsed JSON and YAML):
 * each returns the value when it has the asked-for shape, and undefined (or an
 * empty list) otherwise, so checks read data without casts.
 */

export type Dict = Record<string, unknown>;

export const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const asDict = (value: unknown): Dict | undefined => (isDict(value) ? value : undefined);

export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Numbers, and strings that are whole numbers (`"80"` in a hand-written JSON file). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

export const asBoolean = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** A string or a list of strings (IAM's `Action`, `Resource`, `Principal.Service`) as a list. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return asList(value).filter((item): item is string => typeof item === 'string');
}

/** The value at a `.`-separated path (`Environment.Image`, `Stages.2.Actions.0`). */
export function at(value: unknown, path: string | readonly (string | number)[]): unknown {
  const parts = typeof path === 'string' ? path.split('.') : path;
  let current: unknown = value;
  for (const part of parts) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isDict(current)) current = current[String(part)];
    else return undefined;
  }
  return current;
}

/** A deep copy of plain data (snapshots, parsed files): what tests mutate. */
export const clone = <T>(value: T): T => structuredClone(value);
