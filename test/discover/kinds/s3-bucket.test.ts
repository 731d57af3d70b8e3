import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { s3BucketHandler } from '../../../src/discover/kinds/s3-bucket.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

const where = { account: TEST_ACCOUNT, region: TEST_REGION };

let moto: Moto;
let ctx: DiscoveryContext;

beforeAll(async () => {
  moto = await startMoto();
  ctx = discoveryContext(moto.clients());
  const s3 = ctx.clients.s3;
  const here = { CreateBucketConfiguration: { LocationConstraint: TEST_REGION } } as const;
  await s3.send(new CreateBucketCommand({ Bucket: 'bash-dog-artifacts', ...here }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: 'bash-dog-artifacts', VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'bash-dog-artifacts',
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' },
            BucketKeyEnabled: true,
          },
        ],
      },
    }),
  );
  await s3.send(
    new PutBucketTaggingCommand({
      Bucket: 'bash-dog-artifacts',
      Tagging: { TagSet: [{ Key: 'app', Value: 'bash-dog' }] },
    }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: 'bash-dog-artifacts',
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: 'plain-bucket', ...here }));
  await moto.clients('eu-west-1').s3.send(
    new CreateBucketCommand({
      Bucket: 'elsewhere',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
});
afterAll(async () => {
  await moto.stop();
});

describe('AWS::S3::Bucket', () => {
  it('canonicalizes an ARN to the bucket name', () => {
    expect(s3BucketHandler.canonicalId!('arn:aws:s3:::bash-dog-artifacts', where)).toBe('bash-dog-artifacts');
    expect(s3BucketHandler.canonicalId!('arn:aws:s3:::bash-dog-artifacts/some/key', where)).toBe('bash-dog-artifacts');
    expect(s3BucketHandler.canonicalId!('bash-dog-artifacts', where)).toBe('bash-dog-artifacts');
  });

  it('reads versioning, encryption, tags and public access block; a missing bucket is absent', async () => {
    const result = await s3BucketHandler.read(ctx, ['arn:aws:s3:::bash-dog-artifacts', 'plain-bucket', 'never-was']);

    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(2);
    const [artifacts, plain] = result.resources;
    expect(artifacts).toEqual({
      type: 'AWS::S3::Bucket',
      physicalId: 'bash-dog-artifacts',
      name: 'bash-dog-artifacts',
      aliases: ['arn:aws:s3:::bash-dog-artifacts'],
      properties: {
        BucketName: 'bash-dog-artifacts',
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' },
              BucketKeyEnabled: true,
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      },
      attributes: { Arn: 'arn:aws:s3:::bash-dog-artifacts' },
      tags: { app: 'bash-dog' },
      references: [],
    });
    // Nothing configured: moto answers the not-configured error codes for each sub-resource.
    expect(plain).toMatchObject({ physicalId: 'plain-bucket', tags: {} });
    expect(plain!.properties).not.toHaveProperty('VersioningConfiguration');
    expect(plain!.properties).not.toHaveProperty('PublicAccessBlockConfiguration');
    expect(plain).not.toHaveProperty('unknown');
  });

  it("lists only the run's region's buckets", async () => {
    const listed = await s3BucketHandler.list!(ctx);
    expect(listed.map((b) => b.name).sort()).toEqual(['bash-dog-artifacts', 'plain-bucket']);
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const clients = moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const result = await s3BucketHandler.read({ ...ctx, clients }, ['bash-dog-artifacts']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 's3:HeadBucket', physicalIds: ['bash-dog-artifacts'] }),
    ]);
  });
});
