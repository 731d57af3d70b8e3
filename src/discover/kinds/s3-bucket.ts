import {
  GetBucketEncryptionCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  type ServerSideEncryptionRule,
} from '@aws-sdk/client-s3';
import { errorCode, isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ListedResource, ReadResult } from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import type { Properties } from '../../model/resource.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::S3::Bucket' as const;

/** The bucket name from its name or ARN (`arn:aws:s3:::bash-dog-artifacts`, possibly with `/key`). */
export function bucketNameFrom(id: string): string {
  const arn = parseArn(id);
  return arn && arn.service === 's3' ? arn.resource.split('/')[0]! : id;
}

/** Each S3 sub-resource answers "not configured" with its own error code: that is an answer, not a failure. */
const NOT_CONFIGURED = new Set([
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchTagSet',
  'NoSuchPublicAccessBlockConfiguration',
]);

const GONE = Symbol('gone');
const FAILED = Symbol('failed');

/**
 * Runs one sub-resource read. `undefined` means not configured; GONE means the bucket was
 * deleted after HeadBucket answered; FAILED means an issue was recorded.
 */
async function subRead<T>(
  operation: string,
  name: string,
  call: () => Promise<T>,
  issues: ReadIssue[],
): Promise<T | undefined | typeof GONE | typeof FAILED> {
  try {
    return await call();
  } catch (error) {
    const code = errorCode(error);
    if (NOT_CONFIGURED.has(code)) return undefined;
    if (code === 'NoSuchBucket') return GONE;
    issues.push(readIssue(operation, error, { type: TYPE, physicalIds: [name] }));
    return FAILED;
  }
}

function encryptionRule(rule: ServerSideEncryptionRule): Properties {
  const byDefault = rule.ApplyServerSideEncryptionByDefault;
  return {
    ...(byDefault
      ? {
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: byDefault.SSEAlgorithm,
            ...(byDefault.KMSMasterKeyID ? { KMSMasterKeyID: byDefault.KMSMasterKeyID } : {}),
          },
        }
      : {}),
    ...(rule.BucketKeyEnabled !== undefined ? { BucketKeyEnabled: rule.BucketKeyEnabled } : {}),
  };
}

/** The bucket's versioning, encryption, tags and public access block, read at once. */
function readParts(ctx: DiscoveryContext, name: string, issues: ReadIssue[]) {
  const s3 = ctx.clients.s3;
  return Promise.all([
    subRead(
      's3:GetBucketVersioning',
      name,
      () => ctx.limit(() => s3.send(new GetBucketVersioningCommand({ Bucket: name }))),
      issues,
    ),
    subRead(
      's3:GetBucketEncryption',
      name,
      () => ctx.limit(() => s3.send(new GetBucketEncryptionCommand({ Bucket: name }))),
      issues,
    ),
    subRead(
      's3:GetBucketTagging',
      name,
      () => ctx.limit(() => s3.send(new GetBucketTaggingCommand({ Bucket: name }))),
      issues,
    ),
    subRead(
      's3:GetPublicAccessBlock',
      name,
      () => ctx.limit(() => s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))),
      issues,
    ),
  ]);
}

async function readOne(
  ctx: DiscoveryContext,
  name: string,
  issues: ReadIssue[],
): Promise<DiscoveredResource | undefined> {
  const s3 = ctx.clients.s3;
  // The four reads go out beside HeadBucket rather than after it (one round trip, not two); what
  // they report counts only once HeadBucket says the bucket is there and ours to read.
  const partIssues: ReadIssue[] = [];
  const reading = readParts(ctx, name, partIssues);
  try {
    await ctx.limit(() => s3.send(new HeadBucketCommand({ Bucket: name })));
  } catch (error) {
    await reading;
    // HeadBucket has no body, so a missing bucket is a bare 404 (`NotFound`). A 403 means the
    // bucket exists but is not ours to read, and a 301 that it lives in another region: issues.
    if (!isNotFound(error)) issues.push(readIssue('s3:HeadBucket', error, { type: TYPE, physicalIds: [name] }));
    return undefined;
  }
  const [versioning, encryption, tagging, publicAccess] = await reading;
  issues.push(...partIssues);
  const parts = [versioning, encryption, tagging, publicAccess];
  if (parts.includes(GONE)) return undefined;
  const known = <T>(part: T | typeof FAILED | typeof GONE): T | undefined =>
    part === FAILED || part === GONE ? undefined : part;

  // Versioning that was never enabled has no Status at all; CloudFormation leaves the property out.
  const status = known(versioning)?.Status;
  const rules = known(encryption)?.ServerSideEncryptionConfiguration?.Rules ?? [];
  const block = known(publicAccess)?.PublicAccessBlockConfiguration;
  const arn = `arn:aws:s3:::${name}`;
  return {
    type: TYPE,
    physicalId: name,
    name,
    aliases: [arn],
    properties: {
      BucketName: name,
      ...(status ? { VersioningConfiguration: { Status: status } } : {}),
      ...(rules.length > 0
        ? { BucketEncryption: { ServerSideEncryptionConfiguration: rules.map(encryptionRule) } }
        : {}),
      ...(block
        ? {
            PublicAccessBlockConfiguration: Object.fromEntries(
              (['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const)
                .filter((key) => block[key] !== undefined)
                .map((key) => [key, block[key]]),
            ),
          }
        : {}),
    },
    attributes: { Arn: arn },
    tags: Object.fromEntries((known(tagging)?.TagSet ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])),
    references: [],
    ...(parts.includes(FAILED) ? { unknown: true } : {}),
  };
}

export const s3BucketHandler: KindHandler = {
  type: TYPE,
  canonicalId: bucketNameFrom,

  /** S3 has no batch describe: HeadBucket, then the four sub-resource reads concurrently, per bucket. */
  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const names = [...new Set(physicalIds.map(bucketNameFrom))];
    const found = await Promise.all(names.map((name) => readOne(ctx, name, issues)));
    return { resources: found.filter((resource) => resource !== undefined), issues };
  },

  /**
   * Bucket names are global and ListBuckets lists every region's; `BucketRegion` keeps the sweep
   * to the run's region. Without `MaxBuckets` AWS answers in one page, but a continuation token
   * is followed when one comes.
   */
  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (ContinuationToken) =>
        ctx.clients.s3.send(new ListBucketsCommand({ BucketRegion: ctx.region, ContinuationToken })),
      (page) => page.ContinuationToken,
    );
    return pages
      .flatMap((page) => page.Buckets ?? [])
      .filter((bucket) => !bucket.BucketRegion || bucket.BucketRegion === ctx.region)
      .map((bucket) => ({ physicalId: bucket.Name!, name: bucket.Name! }));
  },
};
