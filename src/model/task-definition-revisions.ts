/**
 * Where a task definition revision stands relative to the revision its
 * family's service runs: older, newer, or the live one. One wording for
 * import's debris, cleanup and teardown, so a revision reads the same in all
 * three. Pure.
 */
import type { Resource } from './resource.js';

const isTaskDefinition = (resource: Pick<Resource, 'type'>) => resource.type === 'AWS::ECS::TaskDefinition';

export const familyOf = (revision: Pick<Resource, 'properties'>): string => String(revision.properties.Family ?? '');
export const revisionOf = (revision: Pick<Resource, 'attributes'>): number => Number(revision.attributes.Revision ?? 0);

/** Family → the live revision: the newest one the running stack uses (not an orphan). */
export function liveRevisions(resources: readonly Resource[]): Map<string, number> {
  const live = new Map<string, number>();
  for (const revision of resources.filter((resource) => isTaskDefinition(resource) && !resource.orphan)) {
    const family = familyOf(revision);
    live.set(family, Math.max(live.get(family) ?? 0, revisionOf(revision)));
  }
  return live;
}

export type RevisionPlace = 'older' | 'newer' | 'live' | 'no-live';

export function revisionPlace(revision: Resource, live: ReadonlyMap<string, number>): RevisionPlace {
  const current = live.get(familyOf(revision));
  if (current === undefined) return 'no-live';
  const number = revisionOf(revision);
  return number < current ? 'older' : number > current ? 'newer' : 'live';
}

/**
 * `revision 2 of bash-dog, older than live revision 3`; `…, newer than live
 * revision 3`; `revision 3 of bash-dog, the live revision`; `revision 2 of
 * bash-dog, a family with no live revision`.
 */
export function revisionLabel(revision: Resource, live: ReadonlyMap<string, number>): string {
  const family = familyOf(revision);
  const head = `revision ${revisionOf(revision)} of ${family}`;
  switch (revisionPlace(revision, live)) {
    case 'older':
      return `${head}, older than live revision ${live.get(family)}`;
    case 'newer':
      return `${head}, newer than live revision ${live.get(family)}`;
    case 'live':
      return `${head}, the live revision`;
    case 'no-live':
      return `${head}, a family with no live revision`;
  }
}
