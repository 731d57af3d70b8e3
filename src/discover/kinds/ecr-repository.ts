/**
 * The read side of AWS::ECR::Repository: settings, tags and repository
 * policy. `reconcile/writers/ecr-repository.ts` is the write side.
 */
import {
  DescribeRepositoriesCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  type Repository,
} from '@aws-sdk/client-ecr';
import { errorCode, readIssue } from '../aws-errors.js';
import { describeInBatches } from '../batched-describe.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ListedResource, ReadResult } from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import { describedKey, takeDescribed } from '../described.js';
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

/**
 * The repository of an image in this account's and region's ECR, or undefined:
 * a Docker Hub image, a public.ecr.aws image, or another account's registry is
 * not a repository a stack here can own.
 */
export function ownRepositoryOf(
  image: string | undefined,
  where: { account: string; region: string },
): string | undefined {
  const registry = `${where.account}.dkr.ecr.${where.region}.amazonaws.com`;
  if (!image || !(image.startsWith(`${registry}/`) || image.startsWith(`${registry}.cn/`))) return undefined;
  return repositoryNameFrom(image);
}

/** The listing describes every repository whole: reads by name take them from there. */
const LISTED = describedKey<Repository>(TYPE);

/** A repository's policy as read: the parsed document, none, or a failed read (an issue is recorded). */
type PolicyRead = { readonly document: unknown } | 'none' | 'failed';

function toResource(repository: Repository, tags: Record<string, string>, policy: PolicyRead): DiscoveredResource {
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
      // CloudFormation takes the policy as a JSON object; drift compares it as an IAM policy document.
      ...(typeof policy === 'object' ? { RepositoryPolicyText: policy.document } : {}),
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

/** The policy text parsed as JSON; text that does not parse is kept as it is rather than failing the read. */
function parsePolicyText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * GetRepositoryPolicy, one call a repository (ECR has no batch form). A
 * repository without a policy answers RepositoryPolicyNotFoundException:
 * that is "none", not a failed read.
 */
async function policyOf(ctx: DiscoveryContext, repository: Repository, issues: ReadIssue[]): Promise<PolicyRead> {
  try {
    const output = await ctx.limit(() =>
      ctx.clients.ecr.send(
        new GetRepositoryPolicyCommand({
          repositoryName: repository.repositoryName,
          registryId: repository.registryId,
        }),
      ),
    );
    return output.policyText ? { document: parsePolicyText(output.policyText) } : 'none';
  } catch (error) {
    if (errorCode(error) === 'RepositoryPolicyNotFoundException') return 'none';
    issues.push(readIssue('ecr:GetRepositoryPolicy', error, { type: TYPE, physicalIds: [repository.repositoryName!] }));
    return 'failed';
  }
}

export const ecrRepositoryHandler: KindHandler = {
  type: TYPE,
  canonicalId: repositoryNameFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const listed = await takeDescribed(ctx.described, LISTED, [...new Set(physicalIds)]);
    // One missing name (RepositoryNotFoundException) fails the whole batch.
    const described = await describeInBatches(
      ctx,
      listed.missing,
      {
        batchSize: 100,
        operation: 'ecr:DescribeRepositories',
        type: TYPE,
        describe: async (repositoryNames) =>
          (await ctx.clients.ecr.send(new DescribeRepositoriesCommand({ repositoryNames }))).repositories ?? [],
      },
      issues,
    );
    const repositories = [...listed.found.values(), ...described];
    const resources = await Promise.all(
      repositories.map(async (repository) => {
        const [tags, policy] = await Promise.all([tagsOf(ctx, repository, issues), policyOf(ctx, repository, issues)]);
        const resource = toResource(repository, tags ?? {}, policy);
        return tags && policy !== 'failed' ? resource : { ...resource, unknown: true };
      }),
    );
    return { resources, issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const repositories = allPages(
      ctx,
      (nextToken) => ctx.clients.ecr.send(new DescribeRepositoriesCommand({ maxResults: 1000, nextToken })),
      (page) => page.nextToken,
    ).then((pages) => pages.flatMap((page) => page.repositories ?? []));
    const described =
      ctx.described?.fill(LISTED, repositories, (repository) => [repository.repositoryName!]) ?? repositories;
    return (await described).map((repository) => ({
      physicalId: repository.repositoryName!,
      name: repository.repositoryName!,
    }));
  },
};
