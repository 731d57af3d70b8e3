import { intrinsicTargets, intrinsicsIn } from '../../desired/intrinsics.js';
import type { UpdateChange } from '../../model/plan.js';

/**
 * What update writers share: turning CloudFormation-shaped declared
 * properties into the AWS API's shapes, merging them over what AWS reports
 * (so that undeclared fields are carried over untouched), comparing API
 * values, and refusing, before any write, what a writer cannot do.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** CloudFormation names whose API member is not the name with its first letter lower-cased. */
const RENAMED: Readonly<Record<string, string>> = {
  BuildSpec: 'buildspec',
  ECSServices: 'ecsServices',
  EFSVolumeConfiguration: 'efsVolumeConfiguration',
  FSxWindowsFileServerVolumeConfiguration: 'fsxWindowsFileServerVolumeConfiguration',
};

/** Maps whose keys are data, not member names (action configuration, log driver options, labels): kept verbatim. */
const VERBATIM = new Set(['Configuration', 'Options', 'DockerLabels', 'Labels', 'DriverOpts']);

/** `HealthCheckGracePeriodSeconds` → `healthCheckGracePeriodSeconds`. */
export const apiName = (name: string): string => RENAMED[name] ?? name.charAt(0).toLowerCase() + name.slice(1);

/** A CloudFormation-shaped value in the API's shape: member names lower-camel-cased, data maps left alone. */
export function toApiShape(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toApiShape(item));
  if (!isRecord(value)) return value;
  if (key !== undefined && VERBATIM.has(key)) return { ...value };
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [apiName(name), toApiShape(item, name)]));
}

/** Lists of named things in API shape, by the member that names them: merged item by item, by name. */
const NAMED_LISTS: Readonly<Record<string, string>> = {
  containerDefinitions: 'name',
  environment: 'name',
  secrets: 'name',
  environmentVariables: 'name',
  stages: 'name',
  actions: 'name',
};

/**
 * `declared` (API shape) over `live`: an object keeps live's members that it
 * does not declare; a list of named things (stages, actions, containers,
 * variables) is the declared list, each item merged over the live item of the
 * same name; another list of objects the same length as live's merges item
 * by item; anything else is the declared value. The same reading of
 * "undeclared is unmanaged" as drift's comparison.
 */
export function mergeDeclared(declared: unknown, live: unknown, key?: string): unknown {
  if (declared === undefined) return live;
  if (isRecord(declared)) {
    if (!isRecord(live)) return declared;
    const merged: Record<string, unknown> = { ...live };
    for (const [name, item] of Object.entries(declared)) merged[name] = mergeDeclared(item, live[name], name);
    return merged;
  }
  if (Array.isArray(declared)) {
    const liveItems = Array.isArray(live) ? live : [];
    const field = key === undefined ? undefined : NAMED_LISTS[key];
    if (field && declared.every((item) => isRecord(item) && typeof item[field] === 'string')) {
      const byName = new Map(liveItems.filter(isRecord).map((item) => [item[field], item]));
      return declared.map((item) => mergeDeclared(item, byName.get((item as Record<string, unknown>)[field])));
    }
    if (liveItems.length === declared.length)
      return declared.map((item, index) => mergeDeclared(item, liveItems[index]));
    return declared;
  }
  return declared;
}

/** Lists whose order AWS does not keep or care about (containers and variables are named, not ordered). */
const UNORDERED = new Set([
  'subnets',
  'securityGroups',
  'requiresCompatibilities',
  'listenerArns',
  'events',
  'containerDefinitions',
  'environment',
  'secrets',
  'environmentVariables',
  'tags',
]);

/** Drops null and undefined members, recursively: AWS answers with nulls that requests must not carry. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(withoutNulls) as T;
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null && item !== undefined)
      .map(([name, item]) => [name, withoutNulls(item)]),
  ) as T;
}

function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    return key !== undefined && UNORDERED.has(key)
      ? items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      : items;
  }
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((name) => value[name] !== undefined && value[name] !== null)
      .sort()
      .map((name) => [name, canonical(value[name], name)]),
  );
}

/** True when two API values say the same: member order, nulls and the order of unordered lists aside. */
export function sameApiValue(a: unknown, b: unknown, key?: string): boolean {
  return JSON.stringify(canonical(a, key)) === JSON.stringify(canonical(b, key));
}

/** The top-level property a change path names: `Stages[Source].Actions[Source].Configuration.BranchName` → `Stages`. */
export const topProperty = (path: string): string => path.split(/[.[]/, 1)[0]!;

/**
 * Throws, before anything is written, when the plan changes a property the
 * writer cannot change in place, or when a declared property still holds a
 * reference to a resource that does not exist yet (the executor resolves
 * those once the plan has created them).
 */
export function refuseUnsupported(change: UpdateChange, supported: ReadonlySet<string>): void {
  const unsupported = [...new Set(change.changes.map((entry) => topProperty(entry.path)))].filter(
    (property) => !supported.has(property),
  );
  if (unsupported.length > 0) {
    throw new Error(
      `reclaim cannot change ${unsupported.join(', ')} of a ${change.type} in place (it changes only ${[...supported].join(', ')})`,
    );
  }
  refuseUnresolved(change);
}

/** Throws when a declared property still references a resource that does not exist yet. */
export function refuseUnresolved(change: UpdateChange): void {
  for (const { path, intrinsic } of intrinsicsIn(change.properties)) {
    throw new Error(
      `${path.join('.')} still references ${intrinsicTargets(intrinsic).join(', ') || 'a resource'}, which does not exist yet`,
    );
  }
}

/** The declared top-level properties among `names`, in API shape and merged over `live`'s members. */
export function mergedMembers(
  declared: Readonly<Record<string, unknown>>,
  live: Readonly<Record<string, unknown>>,
  names: Iterable<string>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const name of names) {
    if (!(name in declared)) continue;
    const member = apiName(name);
    merged[member] = withoutNulls(mergeDeclared(toApiShape(declared[name], name), live[member], member));
  }
  return merged;
}
