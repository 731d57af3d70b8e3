import { normalizeTags } from '../diff/normalize.js';

/**
 * Tags as writers handle them. A file declares `Tags` as a map (what reclaim
 * writes) or as CloudFormation's list of `{Key, Value}`; `aws:` tags belong
 * to AWS and are never written or removed.
 */

/** The declared tags as a map, whichever form the file used. */
export const declaredTags = (value: unknown): Record<string, string> => normalizeTags(value ?? {});

/** Live tags without AWS's own. */
export function userTagsOf(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([key]) => !key.startsWith('aws:')));
}

/** `{Key, Value}` pairs, the form most AWS APIs take. */
export const tagList = (tags: Readonly<Record<string, string>>): Array<{ Key: string; Value: string }> =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** What to set and what to remove so that live user tags become exactly the declared ones. */
export function tagChanges(
  declared: unknown,
  live: Readonly<Record<string, string>>,
): { set: Record<string, string>; remove: string[] } {
  const wanted = declaredTags(declared);
  const current = userTagsOf(live);
  return {
    set: Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value)),
    remove: Object.keys(current).filter((key) => !(key in wanted)),
  };
}
