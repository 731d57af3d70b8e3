import {
  BatchGetApplicationsCommand,
  ListDeploymentGroupsCommand,
  ListTagsForResourceCommand,
  ListApplicationsCommand,
  type ApplicationInfo,
} from '@aws-sdk/client-codedeploy';
import { readIssue } from '../aws-errors.js';
import type {
  DiscoveredResource,
  DiscoveryContext,
  KindHandler,
  ListedResource,
  ReadResult,
  Reference,
} from '../kind-handler.js';
import { allPages } from '../paginate.js';
import { describeInBatches } from '../batched-describe.js';
import { parseArn } from '../../util/arn.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::CodeDeploy::Application' as const;

/** BatchGetApplications takes at most 100 names per call. */
const BATCH_SIZE = 100;

/** The application name from a name or an application ARN (`arn:aws:codedeploy:us-east-2:123456789012:application:bash-dog`). */
export function applicationNameFrom(id: string): string {
  const arn = parseArn(id);
  return arn && arn.service === 'codedeploy' ? arn.resource.replace(/^application:/, '') : id;
}

/** The partition a region belongs to, for ARNs built without a call. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** CodeDeploy returns no application ARN, so it is built from the name for ListTagsForResource. */
function applicationArn(ctx: DiscoveryContext, name: string): string {
  return `arn:${partitionOf(ctx.region)}:codedeploy:${ctx.region}:${ctx.account}:application:${name}`;
}

/** An application contains its deployment groups; each group's reference back to the application is the edge. */
async function groupsOf(ctx: DiscoveryContext, name: string, issues: ReadIssue[]): Promise<Reference[] | undefined> {
  try {
    const pages = await allPages(
      ctx,
      (nextToken) => ctx.clients.codedeploy.send(new ListDeploymentGroupsCommand({ applicationName: name, nextToken })),
      (page) => page.nextToken,
    );
    return pages
      .flatMap((page) => page.deploymentGroups ?? [])
      .map((group): Reference => ({
        type: 'AWS::CodeDeploy::DeploymentGroup',
        id: `${name}/${group}`,
        via: 'DeploymentGroups',
        kind: 'contains',
      }));
  } catch (error) {
    issues.push(readIssue('codedeploy:ListDeploymentGroups', error, { type: TYPE, physicalIds: [name] }));
    return undefined;
  }
}

async function tagsOf(
  ctx: DiscoveryContext,
  name: string,
  issues: ReadIssue[],
): Promise<Record<string, string> | undefined> {
  try {
    const output = await ctx.limit(() =>
      ctx.clients.codedeploy.send(new ListTagsForResourceCommand({ ResourceArn: applicationArn(ctx, name) })),
    );
    return Object.fromEntries((output.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? '']));
  } catch (error) {
    issues.push(readIssue('codedeploy:ListTagsForResource', error, { type: TYPE, physicalIds: [name] }));
    return undefined;
  }
}

/** What a read needs besides the description, by name alone: its deployment groups and tags. */
interface Contents {
  readonly groups: Reference[] | undefined;
  readonly tags: Record<string, string> | undefined;
  /** Kept only when the application exists: the reads of a missing one fail for that reason alone. */
  readonly issues: ReadIssue[];
}

async function contentsOf(ctx: DiscoveryContext, name: string): Promise<Contents> {
  const issues: ReadIssue[] = [];
  const [groups, tags] = await Promise.all([groupsOf(ctx, name, issues), tagsOf(ctx, name, issues)]);
  return { groups, tags, issues };
}

function toResource(ctx: DiscoveryContext, application: ApplicationInfo, contents: Contents): DiscoveredResource {
  const name = application.applicationName!;
  const { groups, tags } = contents;
  return {
    type: TYPE,
    physicalId: name,
    name,
    aliases: [applicationArn(ctx, name)],
    properties: {
      ApplicationName: name,
      // Server, Lambda or ECS; the ECS console makes `ECS` applications for blue/green services.
      ComputePlatform: application.computePlatform ?? 'Server',
    },
    tags: tags ?? {},
    references: groups ?? [],
    ...(groups && tags ? {} : { unknown: true }),
  };
}

export const codedeployApplicationHandler: KindHandler = {
  type: TYPE,
  canonicalId: applicationNameFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const names = [...new Set(physicalIds)];
    // Groups and tags need only the name, so they are read beside the describe rather than after it:
    // one round trip instead of two. A name that turns out missing wasted its two calls.
    const contents = new Map(names.map((name) => [name, contentsOf(ctx, name)]));
    // One missing name (ApplicationDoesNotExistException) fails the whole batch.
    const applications = await describeInBatches(
      ctx,
      names,
      {
        batchSize: BATCH_SIZE,
        operation: 'codedeploy:BatchGetApplications',
        type: TYPE,
        describe: async (applicationNames) =>
          (await ctx.clients.codedeploy.send(new BatchGetApplicationsCommand({ applicationNames }))).applicationsInfo ??
          [],
      },
      issues,
    );
    const resources = await Promise.all(
      applications.map(async (application) => {
        const name = application.applicationName!;
        const read = await (contents.get(name) ?? contentsOf(ctx, name));
        issues.push(...read.issues);
        return toResource(ctx, application, read);
      }),
    );
    await Promise.all(contents.values());
    return { resources, issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (nextToken) => ctx.clients.codedeploy.send(new ListApplicationsCommand({ nextToken })),
      (page) => page.nextToken,
    );
    return pages.flatMap((page) => page.applications ?? []).map((name) => ({ physicalId: name, name }));
  },
};
