/**
 * The resources a desired file declares, read by the physical ids import
 * recorded for them. Discovery finds a stack by its name and by following
 * references; a declared resource that neither reaches any more (the imported
 * certificate once the listener serves another, a role nothing names) still
 * exists, and must be read and compared rather than reported missing and
 * created a second time. Only what AWS says is gone is missing.
 */
import { substitutePseudo } from '../desired/pseudo.js';
import { declaredPlace } from '../desired/declared-key.js';
import type { DesiredState } from '../desired/types.js';
import { identityOf } from '../model/identity.js';
import { literal, naturalKeyOf } from '../model/natural-key.js';
import type { Properties } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';
import type { DiscoveredResource } from './kind-handler.js';
import type { Walker } from './walker.js';

/**
 * One declared resource as discovery asks for it: by its type and concrete
 * physical id, or, for one declared without (AWS names it on create, and a
 * migration has not created it yet), by where it sits (`model/natural-key.ts`).
 */
export type DeclaredSeed =
  | { readonly type: ResourceType; readonly physicalId: string }
  | { readonly type: ResourceType; readonly at: Properties };

/** The seeds of a desired file, pseudo parameters filled in for the file's own account and region. */
export function declaredSeeds(desired: DesiredState): DeclaredSeed[] {
  return Object.values(desired.resources).flatMap((resource): DeclaredSeed[] => {
    if (resource.physicalId !== undefined)
      return [{ type: resource.type, physicalId: substitutePseudo(resource.physicalId, desired) }];
    const at = declaredPlace(desired, resource);
    return at ? [{ type: resource.type, at }] : [];
  });
}

const identityKey = (type: ResourceType, physicalId: string) => `${type}|${identityOf(type, physicalId)}`;
const seedKey = (seed: DeclaredSeed): string | undefined =>
  'physicalId' in seed
    ? identityKey(seed.type, seed.physicalId)
    : placeKey(seed.type, naturalKeyOf(seed.type, seed.at, literal));
const placeKey = (type: ResourceType, key: string | undefined) => (key === undefined ? undefined : `${type}@${key}`);

/**
 * After the walk: the walker keys of every declared resource. A seed is
 * matched by identity, as drift matches it (a task definition by family, a
 * target group by name), so what the walk already read costs no call; only
 * the seeds it did not reach are requested, batched like any other read.
 * A seed AWS does not know is simply absent (missing); one whose read failed
 * comes back as the walker's `unknown` placeholder.
 */
export async function readDeclared(walker: Walker, seeds: readonly DeclaredSeed[]): Promise<Set<string>> {
  const walked = indexByIdentity(walker.resources);
  const unreached = seeds.filter((seed) => {
    const key = seedKey(seed);
    return key !== undefined && !walked.has(key);
  });
  if (unreached.length === 0) return keysOf(seeds, walked);
  const places = new Map<ResourceType, Properties[]>();
  for (const seed of unreached) {
    if ('physicalId' in seed) walker.request(seed.type, seed.physicalId);
    else places.set(seed.type, [...(places.get(seed.type) ?? []), seed.at]);
  }
  for (const [type, at] of places) walker.find(type, at);
  await walker.settle();
  return keysOf(seeds, indexByIdentity(walker.resources));
}

function keysOf(seeds: readonly DeclaredSeed[], index: ReadonlyMap<string, readonly string[]>): Set<string> {
  return new Set(seeds.flatMap((seed) => index.get(seedKey(seed) ?? '') ?? []));
}

function indexByIdentity(resources: ReadonlyMap<string, DiscoveredResource>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [key, resource] of resources) {
    if (resource.external) continue;
    const identity = identityKey(resource.type, resource.physicalId);
    index.set(identity, [...(index.get(identity) ?? []), key]);
    const place = placeKey(resource.type, naturalKeyOf(resource.type, resource.properties, literal));
    if (place !== undefined) index.set(place, [...(index.get(place) ?? []), key]);
  }
  return index;
}
