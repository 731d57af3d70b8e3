import { UserError } from '../errors.js';
import type { TagFilter } from '../discover/tagged.js';

/** `--tag KEY=VALUE` → a tag filter; anything else is a usage error that shows the expected form. */
export function parseTagFilter(value: string): TagFilter {
  const at = value.indexOf('=');
  if (at <= 0) {
    throw new UserError('BAD_TAG', `--tag "${value}" is not KEY=VALUE.`, ['Write it as --tag project=bash-dog.']);
  }
  return { key: value.slice(0, at), value: value.slice(at + 1) };
}
