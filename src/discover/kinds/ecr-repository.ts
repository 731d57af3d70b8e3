import { DescribeRepositoriesCommand, ListTagsForResourceCommand, type Repository } from '@aws-sdk/client-ecr';
import { readIssue } from '../aws-errors.js';
import { describeInBatches } from '../batched-describe.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ListedResource, ReadResult } from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::ECR::Repository' as const;

/**
 * The repository name from any form a reference uses: the name, the ARN, or
 * an image URI (`123456789012.dkr.ecr.us-east-2.amazonaws.com/bash-dog-api:latest`).
 */
export function repositoryNameFrom(id: string): string {
  const arn = parseArn(id);
  if (arn) return arn.resource.replace(/^repository\//, '');
  const uri = /^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(id);
  return uri ? uri[1]! : id;
}

function toResource(repository: Repository, tags: Record<string, string>): DiscoveredResource {
  const name = repository.repositoryName!;
  return {
    type: TYPE,
    physicalId: name,
    name,
    properties: {
      RepositoryName: name,
      ImageTagMutability: repository.imageTagMutability,
      ImageScanningConfiguration: { ScanOnPush: repository.imageScanningConfiguration?.scanOnPush ?? false },
      EncryptionConfiguration: {
        EncryptionType: repository.encryptionConfiguration?.encryptionType ?? 'AES256',
        ...(repository.encryptionConfiguration?.kmsKey ? { KmsKey: repository.encryptionConfiguration.kmsKey } : {}),
      },
    },
    tags,
    references: [],
  };
}

async function tagsOf(
  ctx: DiscoveryContext,
  repository: Repository,
  issues: ReadIssue[],
): Promise<Record<string, string> | undefined> {
  try {
    const output = await ctx.limit(() =>
      ctx.clients.ecr.send(new ListTagsForResourceCommand({ resourceArn: repository.repositoryArn })),
    );
    return Object.fromEntries((output.tags ?? []).map((tag) => [tag.Key!, tag.Value ?? '']));
  } catch (error) {
    issues.push(readIssue('ecr:ListTagsForResource', error, { type: TYPE, physicalIds: [repository.repositoryName!] }));
    return undefined;
  }
}

export const ecrRepositoryHandler: KindHandler = {
  type: TYPE,
  canonicalId: repositoryNameFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    // One missing name (RepositoryNotFoundException) fails the whole batch.
    const repositories = await describeInBatches(
      ctx,
      physicalIds,
      {
        batchSize: 100,
        operation: 'ecr:DescribeRepositories',
        type: TYPE,
        describe: async (repositoryNames) =>
          (await ctx.clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames }))).repositories ?? [],
      },
      issues,
    );
    const resources = await Promise.all(
      repositories.map(async (repository) => {
        const tags = await tagsOf(ctx, repository, issues);
        const resource = toResource(repository, tags ?? {});
        return tags ? resource : { ...resource, unknown: true };
      }),
    );
    return { resources, issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (nextToken) => ctx.clients.ecr.send(new DescribeRepositoriesCommand({ maxResults: 1000, nextToken })),
      (page) => page.nextToken,
    );
    return pages
      .flatMap((page) => page.repositories ?? [])
      .map((repository) => ({ physicalId: repository.repositoryName!, name: repository.repositoryName! }));
  },
};
