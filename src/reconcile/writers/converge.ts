import { intrinsicsIn } from '../../desired/intrinsics.js';
import type { DiscoveredResource, KindHandler } from '../../discover/kind-handler.js';
import type { UpdateChange } from '../../model/plan.js';
import type { Properties } from '../../model/resource.js';
import { replacementReasons } from '../../spec/cfn-spec.js';
import { createLimiter } from '../../util/limiter.js';
import { compareDeclared } from '../diff/compare.js';
import { normalizeValue } from '../diff/normalize.js';
import type { WriterContext } from '../kind-writer.js';
import { userTagsOf } from './tags.js';

/**
 * What the create and update writers share: reading the resource fresh in
 * the shape discovery gives it, and working out which declared properties
 * still differ, with the same comparison drift uses.
 */

/** The top-level property a change path is under: `Policies[extra].PolicyDocument` → `Policies`. */
export const topLevelProperty = (path: string): string => path.split(/[.[]/)[0]!;

/** Discovery's handlers read one resource at a time here; a small limit keeps a role's policy reads modest. */
const READ_CONCURRENCY = 4;

/**
 * Reads one resource now, through its discovery handler, so that writers
 * compare against exactly what the next drift run will see. `undefined`
 * when it is gone. An incomplete read throws: nothing is changed on partial
 * knowledge.
 */
export async function readFresh(
  ctx: WriterContext,
  handler: KindHandler,
  physicalId: string,
): Promise<DiscoveredResource | undefined> {
  const discovery = {
    clients: ctx.clients,
    account: ctx.account,
    region: ctx.region,
    limit: createLimiter(READ_CONCURRENCY),
  };
  const { resources, issues } = await handler.read(discovery, [physicalId]);
  const [issue] = issues;
  if (issue) throw new Error(`could not read it first (${issue.operation}: ${issue.code}: ${issue.message})`);
  const resource = resources[0];
  if (resource?.unknown) throw new Error('could not read all of it first');
  return resource;
}

const isAbsent = (value: unknown): boolean =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/**
 * True when the declared value of `name` differs from live, as drift compares
 * them: only the declared keys of a structure count, named lists compare by
 * name both ways, unordered lists as sets. A property declared `null` (or an
 * empty list) asks for it to be absent.
 */
export function differs(name: string, declared: unknown, live: unknown): boolean {
  if (isAbsent(declared)) return !isAbsent(live);
  if (isAbsent(live) && Array.isArray(declared) && declared.length === 0) return false;
  const desired = normalizeValue({ [name]: declared });
  const current = normalizeValue({ [name]: live });
  const differences = compareDeclared({ desired, desiredShown: desired, live: current, liveRaw: current });
  return differences.length > 0;
}

/** The live value of a declared property; `Tags` as the map of user tags (AWS's own `aws:` tags are not managed). */
export function liveValue(live: DiscoveredResource, name: string): unknown {
  return name === 'Tags' ? userTagsOf(live.tags) : live.properties[name];
}

/** The declared properties whose value differs from live, by top-level name. */
export function differingProperties(declared: Properties, live: DiscoveredResource): Set<string> {
  return new Set(Object.keys(declared).filter((name) => differs(name, declared[name], liveValue(live, name))));
}

/**
 * Refuses properties that a writer cannot change in place, naming them and
 * why: CloudFormation replaces the resource for some (the plan should say
 * `replace`), others reclaim does not write.
 */
export function assertChangeable(type: string, names: Iterable<string>, handled: ReadonlySet<string>): void {
  const refused = [...names].filter((name) => !handled.has(name)).sort();
  if (refused.length === 0) return;
  const replaced = new Set(
    replacementReasons(
      type,
      refused.map((name) => [name]),
    ),
  );
  const reasons = refused.map((name) =>
    replaced.has(name)
      ? `${name} (cannot change in place: it needs a replacement)`
      : `${name} (reclaim does not update it)`,
  );
  throw new Error(`cannot update ${reasons.join(', ')}; nothing was changed`);
}

/**
 * Refuses, before anything is made, a create declaring properties the writer
 * does not write. A property declared absent (unset, `null`, `[]`) asks for
 * nothing, so it never refuses.
 */
export function assertCreatable(properties: Properties, written: ReadonlySet<string>): void {
  const refused = Object.keys(properties)
    .filter((name) => !written.has(name) && !isAbsent(properties[name]))
    .sort();
  if (refused.length > 0) throw new Error(`reclaim does not create it with ${refused.join(', ')}; nothing was created`);
  assertResolved(properties);
}

/** What an update is to do: the live resource as read just now, and the properties to bring to their declared value. */
export interface UpdateWork {
  readonly live: DiscoveredResource;
  readonly todo: ReadonlySet<string>;
}

/**
 * The properties an update changes: those the plan names that still differ
 * live. The plan decides what is in scope (drift's blue/green pairing, for
 * one, knows a listener on the other target group of a pair is in sync);
 * the fresh read makes a repeated update a no-op. Throws, before anything is
 * changed, when the plan names a property the writer cannot change, or the
 * resource is gone.
 */
export async function planUpdate(
  ctx: WriterContext,
  change: UpdateChange,
  handler: KindHandler,
  handled: ReadonlySet<string>,
): Promise<UpdateWork> {
  const planned = new Set(
    change.changes.map((entry) => topLevelProperty(entry.path)).filter((name) => name in change.properties),
  );
  assertChangeable(change.type, planned, handled);
  assertResolved(change.properties);
  const live = await readFresh(ctx, handler, change.physicalId);
  if (!live) throw new Error('it no longer exists; run plan again');
  const todo = new Set([...planned].filter((name) => differs(name, change.properties[name], liveValue(live, name))));
  return { live, todo };
}

/** Refuses properties that still hold a reference (`{Ref: Id}`) the executor did not resolve: AWS would take it literally. */
export function assertResolved(properties: Properties): void {
  const [first] = intrinsicsIn(properties);
  if (first) {
    throw new Error(
      `${first.path.join('.')} still refers to a resource that does not exist yet (${JSON.stringify(first.intrinsic)})`,
    );
  }
}

/** A declared string property; throws naming it when it is missing or not a string. */
export function requiredString(properties: Properties, name: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be declared to create it`);
  return value;
}

export const optionalString = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : String(value);

export const optionalNumber = (value: unknown): number | undefined =>
  value === undefined || value === null || value === '' ? undefined : Number(value);

/** CloudFormation writes booleans as `true` or `"true"`. */
export const optionalBoolean = (value: unknown): boolean | undefined =>
  value === undefined || value === null ? undefined : value === true || value === 'true';

/** Drops the keys whose value is undefined, so that an SDK input sends only what is declared. */
export { defined } from '../../util/properties.js';
