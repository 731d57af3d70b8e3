import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
} from '@aws-sdk/client-s3';
import { isNotFound } from '../../discover/aws-errors.js';
import { bucketNameFrom } from '../../discover/kinds/s3-bucket.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';

/**
 * Deletes every object version and delete marker, 1000 (DeleteObjects' limit)
 * at a time, until the bucket lists none. ListObjectVersions also lists the
 * objects of a bucket that never had versioning (version id `null`).
 */
async function emptyBucket(ctx: WriterContext, bucket: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await ctx.clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
    const objects: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((entry) => ({
      Key: entry.Key!,
      ...(entry.VersionId ? { VersionId: entry.VersionId } : {}),
    }));
    if (objects.length === 0) return deleted;
    for (let start = 0; start < objects.length; start += 1000) {
      const output = await ctx.clients.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: objects.slice(start, start + 1000), Quiet: true },
        }),
      );
      const failed = output.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0]!;
        throw new Error(
          `could not delete ${failed.length} object(s), e.g. ${first.Key}: ${first.Code}: ${first.Message}`,
        );
      }
    }
    deleted += objects.length;
  }
}

export const s3BucketWriter: KindWriter = {
  type: 'AWS::S3::Bucket',

  /** S3 deletes only empty buckets: every object version goes first (a bucket holds its objects). */
  async delete(ctx, change) {
    const bucket = bucketNameFrom(change.physicalId);
    try {
      await ctx.clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
      const deleted = await emptyBucket(ctx, bucket);
      if (deleted > 0) ctx.note(`emptied bucket ${bucket} (${deleted} object version(s))`);
      await ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
