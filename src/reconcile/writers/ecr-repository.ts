/**
 * The write side of AWS::ECR::Repository; `discover/kinds/ecr-repository.ts`
 * is the read side.
 */
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DeleteRepositoryPolicyCommand,
  DescribeRepositoriesCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  SetRepositoryPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type EncryptionType,
  type ImageTagMutability,
} from '@aws-sdk/client-ecr';
import { errorCode, isNotFound } from '../../discover/aws-errors.js';
import { ecrRepositoryHandler, repositoryNameFrom } from '../../discover/kinds/ecr-repository.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { assertCreatable, defined, optionalBoolean, optionalString, planUpdate, requiredString } from './converge.js';
import { declaredTags, tagChanges, tagList } from './tags.js';

const TYPE = 'AWS::ECR::Repository' as const;

/**
 * What `update` changes in place. EncryptionConfiguration (like
 * RepositoryName) is fixed when a repository is made: CloudFormation
 * replaces the repository for it, so an update asked to change it refuses.
 */
const UPDATABLE = new Set(['ImageTagMutability', 'ImageScanningConfiguration', 'RepositoryPolicyText', 'Tags']);

/** What `create` writes. */
const CREATABLE = new Set(['RepositoryName', 'EncryptionConfiguration', ...UPDATABLE]);

type Structure = Readonly<Record<string, unknown>> | undefined;

const isAbsentPolicy = (value: unknown): boolean => value === undefined || value === null;

const scanOnPush = (declared: unknown): boolean => optionalBoolean((declared as Structure)?.ScanOnPush) ?? false;

async function syncTags(ctx: WriterContext, repositoryName: string, declared: unknown, live: Record<string, string>) {
  const { set, remove } = tagChanges(declared, live);
  if (Object.keys(set).length === 0 && remove.length === 0) return;
  // Discovery keeps no ARN for a repository; tagging needs it.
  const described = await ctx.clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }));
  const resourceArn = described.repositories?.[0]?.repositoryArn;
  if (Object.keys(set).length > 0)
    await ctx.clients.ecr.send(new TagResourceCommand({ resourceArn, tags: tagList(set) }));
  if (remove.length > 0) await ctx.clients.ecr.send(new UntagResourceCommand({ resourceArn, tagKeys: remove }));
}

/**
 * Sets the declared policy (SetRepositoryPolicy takes it as text; the file
 * holds it as a JSON object, or as text), or deletes it when declared unset.
 * Deleting a policy that is already gone is done.
 */
async function syncPolicy(ctx: WriterContext, repositoryName: string, declared: unknown): Promise<void> {
  if (declared === undefined || declared === null) {
    try {
      await ctx.clients.ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName }));
    } catch (error) {
      if (errorCode(error) !== 'RepositoryPolicyNotFoundException') throw error;
    }
    return;
  }
  const policyText = typeof declared === 'string' ? declared : JSON.stringify(declared);
  await ctx.clients.ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText }));
}

export const ecrRepositoryWriter: KindWriter = {
  type: TYPE,

  /**
   * One CreateRepository call: tag mutability, scanning, encryption and tags
   * all go with it; a declared policy follows with SetRepositoryPolicy.
   */
  async create(ctx, change) {
    const properties = change.properties;
    assertCreatable(properties, CREATABLE);
    const repositoryName = requiredString(properties, 'RepositoryName');
    const encryption = properties.EncryptionConfiguration as Structure;
    const tags = tagList(declaredTags(properties.Tags));
    await ctx.clients.ecr.send(
      new CreateRepositoryCommand(
        defined({
          repositoryName,
          imageTagMutability: optionalString(properties.ImageTagMutability) as ImageTagMutability | undefined,
          imageScanningConfiguration:
            properties.ImageScanningConfiguration === undefined
              ? undefined
              : { scanOnPush: scanOnPush(properties.ImageScanningConfiguration) },
          encryptionConfiguration: encryption
            ? defined({
                encryptionType: (optionalString(encryption.EncryptionType) ?? 'AES256') as EncryptionType,
                kmsKey: optionalString(encryption.KmsKey),
              })
            : undefined,
          tags: tags.length > 0 ? tags : undefined,
        }),
      ),
    );
    if (!isAbsentPolicy(properties.RepositoryPolicyText)) {
      await syncPolicy(ctx, repositoryName, properties.RepositoryPolicyText);
    }
    return { physicalId: repositoryName };
  },

  /**
   * Tag mutability (PutImageTagMutability), scan on push
   * (PutImageScanningConfiguration), the repository policy
   * (SetRepositoryPolicy, or DeleteRepositoryPolicy when declared unset) and
   * tags. Refuses EncryptionConfiguration: that needs a new repository.
   */
  async update(ctx, change) {
    const { live, todo } = await planUpdate(ctx, change, ecrRepositoryHandler, UPDATABLE);
    const repositoryName = repositoryNameFrom(change.physicalId);
    const declared = change.properties;
    if (todo.has('ImageTagMutability')) {
      await ctx.clients.ecr.send(
        new PutImageTagMutabilityCommand({
          repositoryName,
          imageTagMutability: (optionalString(declared.ImageTagMutability) ?? 'MUTABLE') as ImageTagMutability,
        }),
      );
    }
    if (todo.has('ImageScanningConfiguration')) {
      await ctx.clients.ecr.send(
        new PutImageScanningConfigurationCommand({
          repositoryName,
          imageScanningConfiguration: { scanOnPush: scanOnPush(declared.ImageScanningConfiguration) },
        }),
      );
    }
    if (todo.has('RepositoryPolicyText')) await syncPolicy(ctx, repositoryName, declared.RepositoryPolicyText);
    if (todo.has('Tags')) await syncTags(ctx, repositoryName, declared.Tags, { ...live.tags });
  },

  /** `force` deletes the images with the repository: a repository holds its images, it does not merely point at them. */
  async delete(ctx, change) {
    try {
      await ctx.clients.ecr.send(
        new DeleteRepositoryCommand({ repositoryName: repositoryNameFrom(change.physicalId), force: true }),
      );
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
