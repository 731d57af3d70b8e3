import { Atom, Keyed, plain, Unset } from './normalize.js';

/** One declared property that differs from live. */
export interface PropertyDifference {
  readonly path: string;
  readonly desired: unknown;
  readonly actual: unknown;
}

/**
 * The same property tree in the four forms comparison needs, all normalized:
 * desired with references as `${Id}` tokens and as concrete values (for
 * display), live with references tokenized and as AWS returned it.
 */
export interface ComparedTrees {
  readonly desired: unknown;
  readonly desiredShown: unknown;
  readonly live: unknown;
  readonly liveRaw: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Atom) &&
  !(value instanceof Keyed) &&
  !(value instanceof Unset);

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

function scalarEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // CloudFormation writes numbers as strings in places (`Cpu: "512"`) and AWS answers with numbers, or the reverse.
  if ((typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')) {
    return String(a) === String(b);
  }
  return false;
}

/** Nothing there: how AWS reports a property that is not set (left out, null, an empty list or map). */
function isAbsent(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (value instanceof Atom) return value.canonical === '[]' || value.canonical === '{}';
  if (value instanceof Keyed) return Object.keys(value.items).length === 0;
  return Array.isArray(value) && value.length === 0;
}

function same(desired: unknown, live: unknown): boolean {
  if (desired instanceof Atom) return live instanceof Atom && live.canonical === desired.canonical;
  return scalarEqual(desired, live);
}

/**
 * Compares what the file declares against live. Only declared keys of an
 * object are compared (undeclared means unmanaged); named lists are compared
 * member by member, both ways (a policy added by hand is drift); other lists
 * by position. A property declared unset, or an empty list, is in sync while
 * live sets nothing there, or only what AWS fills in by default; anything
 * else live holds is drift. `defaultAt` gives the value AWS fills in when it
 * reports none.
 */
export function compareDeclared(
  trees: ComparedTrees,
  defaultAt: (path: string) => unknown = () => undefined,
): PropertyDifference[] {
  const differences: PropertyDifference[] = [];
  const report = (path: string, desiredShown: unknown, liveRaw: unknown): void => {
    differences.push({ path, desired: plain(desiredShown), actual: plain(liveRaw) });
  };

  /** True when live holds nothing at `path` but what AWS fills in there by default. */
  const onlyDefaults = (live: unknown, path: string): boolean => {
    if (isAbsent(live) || same(defaultAt(path), live)) return true;
    return isRecord(live) && Object.entries(live).every(([key, item]) => onlyDefaults(item, join(path, key)));
  };

  const walk = (desired: unknown, shown: unknown, live: unknown, raw: unknown, path: string): void => {
    if (desired instanceof Unset) {
      // A named list declared unset is the empty list: the members live has are each drift.
      if (live instanceof Keyed) return walk(new Keyed({}), new Keyed({}), live, raw, path);
      if (!onlyDefaults(live, path)) report(path, shown, raw);
      return;
    }
    if (isAbsent(desired) && isAbsent(live)) return;
    if (desired instanceof Keyed) {
      const liveItems = live instanceof Keyed ? live.items : {};
      const rawItems = raw instanceof Keyed ? raw.items : {};
      const shownItems = shown instanceof Keyed ? shown.items : {};
      for (const name of new Set([...Object.keys(desired.items), ...Object.keys(liveItems)])) {
        const itemPath = `${path}[${name}]`;
        if (!(name in desired.items)) report(itemPath, undefined, rawItems[name]);
        else if (!(name in liveItems)) report(itemPath, shownItems[name], undefined);
        else walk(desired.items[name], shownItems[name], liveItems[name], rawItems[name], itemPath);
      }
      return;
    }
    if (Array.isArray(desired)) {
      if (!Array.isArray(live) || live.length !== desired.length) return report(path, shown, raw);
      desired.forEach((item, index) =>
        walk(
          item,
          (shown as unknown[])[index],
          live[index],
          Array.isArray(raw) ? raw[index] : undefined,
          join(path, index),
        ),
      );
      return;
    }
    if (isRecord(desired)) {
      if (!isRecord(live)) return report(path, shown, raw);
      for (const key of Object.keys(desired)) {
        walk(
          desired[key],
          (shown as Record<string, unknown>)[key],
          live[key],
          isRecord(raw) ? raw[key] : undefined,
          join(path, key),
        );
      }
      return;
    }
    if (same(desired, live) || same(desired, raw)) return;
    if (live === undefined && desired !== undefined && same(desired, defaultAt(path))) return;
    report(path, shown, raw);
  };

  walk(trees.desired, trees.desiredShown, trees.live, trees.liveRaw, '');
  return differences;
}
