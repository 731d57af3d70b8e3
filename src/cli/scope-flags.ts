import { Flags } from '@oclif/core';
import type { DesiredScope } from '../desired/types.js';
import { parseTagFilter } from './parse-flags.js';

/** The discovery roots that `discover` and `import` share: which stack, and optionally where to start. */
export const SCOPE_FLAGS = {
  pipeline: Flags.string({ description: 'Start from this pipeline only (repeatable).', multiple: true }),
  service: Flags.string({
    description: 'Start from this service only, as CLUSTER/SERVICE (repeatable).',
    multiple: true,
  }),
  tag: Flags.string({ description: 'Also include what carries this tag, as KEY=VALUE (repeatable).', multiple: true }),
};

/** The scope the flags describe, in the desired-state file's shape. */
export function scopeFromFlags(flags: {
  stack?: string;
  pipeline?: string[];
  service?: string[];
  tag?: string[];
}): DesiredScope {
  return {
    stack: flags.stack ?? '',
    ...(flags.pipeline ? { pipelines: flags.pipeline } : {}),
    ...(flags.service ? { services: flags.service } : {}),
    ...(flags.tag
      ? { tags: Object.fromEntries(flags.tag.map(parseTagFilter).map(({ key, value }) => [key, value])) }
      : {}),
  };
}
