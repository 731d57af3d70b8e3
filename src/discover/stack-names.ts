/**
 * A stack name that matches nothing. Discovery finds a stack by the words of
 * its name, so a typo (`bash-dgo`) finds an empty stack, and an empty stack
 * read as "nothing to clean up" or "in sync" is an untruth. The commands that
 * start from a name refuse it instead, with the names that do exist nearby.
 */
import { UserError } from '../errors.js';
import { splitWords, tokenize } from '../model/names.js';
import type { Snapshot } from '../model/snapshot.js';
import { editDistance } from '../util/edit-distance.js';

/** Nothing in the account and region carries the stack's name. `snapshot` is the (empty) read. */
export class StackNotFound extends UserError {
  constructor(
    readonly stackName: string,
    readonly snapshot: Snapshot,
    /** The stack names nearest to `stack`, best first. */
    readonly nearest: readonly string[],
  ) {
    super(
      'STACK_NOT_FOUND',
      `No pipeline, cluster, service or other resource in account ${snapshot.account}, ${snapshot.region} carries the name "${stackName}".`,
      [
        ...(nearest.length > 0 ? [`Did you mean ${nearest.map((name) => `--stack ${name}`).join(', or ')}?`] : []),
        'A stack is named as the console used it in resource names (its cluster, service and pipeline names).',
        'Check the region (--region) and the account (--profile) too.',
      ],
    );
  }
}

/**
 * The stack names nearest to `stack` among the word runs of `names` (names of
 * pipelines, clusters, services and console stacks): `bash-dgo` finds `bash-dog`
 * in `bash-dog-pipeline` and `ECS-Console-V2-Service-bash-dog-bash-dog-1a2b3c4d`.
 * Only runs close enough to be a misspelling; when none is, the clusters and
 * pipelines (`roots`) are what there is to choose from, so they are offered.
 */
export function nearestStackNames(
  stack: string,
  names: readonly string[],
  roots: readonly string[] = [],
  limit = 3,
): string[] {
  const wanted = tokenize(stack).join('-');
  const width = tokenize(stack).length;
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  const best = new Map<string, number>();
  for (const name of names) {
    const words = splitWords(name);
    for (let size = Math.max(1, width - 1); size <= width + 1; size += 1) {
      for (let start = 0; start + size <= words.length; start += 1) {
        const run = words.slice(start, start + size).join('-');
        const distance = editDistance(wanted, run.toLowerCase());
        if (distance > threshold || distance === 0) continue;
        const key = run.toLowerCase();
        if ((best.get(key) ?? Infinity) > distance) best.set(key, distance);
      }
    }
  }
  const close = [...best.entries()]
    .sort(([a, x], [b, y]) => x - y || a.localeCompare(b))
    .map(([run]) => run)
    .slice(0, limit);
  if (close.length > 0) return close;
  return [...new Set(roots)].sort().slice(0, limit);
}
