import type { ResourceType } from '../model/resource-type.js';
import type { ReadIssue } from '../model/snapshot.js';
import { isNotFound, readIssue } from './aws-errors.js';
import type { DiscoveryContext } from './kind-handler.js';

/**
 * Describes ids in batches of `batchSize`, each call through the run's
 * limiter. Many describe APIs fail a whole batch when one id is missing;
 * such a batch is asked again one id at a time, so the missing are told from
 * the present. Missing ids are simply absent from the result; any other
 * failure becomes an issue naming `operation` and the ids, never a throw.
 */
export async function describeInBatches<T>(
  ctx: DiscoveryContext,
  ids: readonly string[],
  options: {
    readonly batchSize: number;
    readonly operation: string;
    readonly type: ResourceType;
    readonly describe: (batch: string[]) => Promise<T[]>;
  },
  issues: ReadIssue[],
): Promise<T[]> {
  const once = async (batch: string[]): Promise<T[]> => {
    try {
      return await ctx.limit(() => options.describe(batch));
    } catch (error) {
      if (isNotFound(error) && batch.length > 1) return (await Promise.all(batch.map((id) => once([id])))).flat();
      if (!isNotFound(error))
        issues.push(readIssue(options.operation, error, { type: options.type, physicalIds: batch }));
      return [];
    }
  };
  const unique = [...new Set(ids)];
  const batches: string[][] = [];
  for (let start = 0; start < unique.length; start += options.batchSize) {
    batches.push(unique.slice(start, start + options.batchSize));
  }
  return (await Promise.all(batches.map(once))).flat();
}
