import {
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectsCommand,
  DeletePublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  type ObjectIdentifier,
} from '@aws-sdk/client-s3';
import { isNotFound } from '../../discover/aws-errors.js';
import { bucketNameFrom, s3BucketHandler } from '../../discover/kinds/s3-bucket.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { optionalBoolean, planUpdate } from './converge.js';
import { declaredTags, tagList } from './tags.js';

/**
 * The write side of `discover/kinds/s3-bucket.ts`. What `update` changes in
 * place: the public access block and the tags (the bucket's whole tag set,
 * as S3 replaces it in one call).
 */
const UPDATABLE = new Set(['PublicAccessBlockConfiguration', 'Tags']);

const BLOCK_SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

/** Puts the declared block (settings left out are off), or deletes it when declared unset. */
async function syncPublicAccessBlock(ctx: WriterContext, bucket: string, declared: unknown): Promise<void> {
  if (declared === undefined || declared === null) {
    await ctx.clients.s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    return;
  }
  const block = declared as Readonly<Record<string, unknown>>;
  await ctx.clients.s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: Object.fromEntries(
        BLOCK_SETTINGS.map((setting) => [setting, optionalBoolean(block[setting]) ?? false]),
      ),
    }),
  );
}

/** S3 sets a bucket's tags as one set: put the declared user tags, or delete the set when none are declared. */
async function syncTags(ctx: WriterContext, bucket: string, declared: unknown): Promise<void> {
  const tags = tagList(declaredTags(declared));
  if (tags.length === 0) await ctx.clients.s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
  else await ctx.clients.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags } }));
}

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

  /** PutPublicAccessBlock, or DeletePublicAccessBlock when declared unset; the tag set likewise. */
  async update(ctx, change) {
    const { todo } = await planUpdate(ctx, change, s3BucketHandler, UPDATABLE);
    const bucket = bucketNameFrom(change.physicalId);
    if (todo.has('PublicAccessBlockConfiguration')) {
      await syncPublicAccessBlock(ctx, bucket, change.properties.PublicAccessBlockConfiguration);
    }
    if (todo.has('Tags')) await syncTags(ctx, bucket, change.properties.Tags);
  },

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
