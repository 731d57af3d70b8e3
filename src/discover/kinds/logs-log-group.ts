import { DescribeLogGroupsCommand, ListTagsForResourceCommand, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ListedResource, ReadResult } from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import { describedKey, takeDescribed } from '../described.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::Logs::LogGroup' as const;

/**
 * The log group name from its name or ARN. DescribeLogGroups reports `arn` with a trailing `:*`
 * (the form IAM policies use) and `logGroupArn` without it; both reduce to the name. Log group
 * names cannot contain `:`, so the name is the whole segment after `log-group:`.
 */
export function logGroupNameFrom(id: string): string {
  const arn = parseArn(id);
  if (!arn || !arn.resource.startsWith('log-group:')) return id;
  return arn.resource.slice('log-group:'.length).replace(/:\*$/, '');
}

/** The listing describes every log group whole: reads by name take them from there. */
const LISTED = describedKey<LogGroup>(TYPE);

/** The ARN without the `:*` suffix: the one ListTagsForResource accepts. */
const arnOf = (group: LogGroup): string => group.logGroupArn ?? group.arn!.replace(/:\*$/, '');

/**
 * There is no describe-by-names: DescribeLogGroups filters by prefix only. Results are sorted by
 * name, so when the exact name exists it is the first of every name with that prefix, and the
 * first page is enough (`/ecs/bash-dog` sorts before `/ecs/bash-dog-sidecar`).
 */
async function describe(ctx: DiscoveryContext, name: string, issues: ReadIssue[]): Promise<LogGroup | undefined> {
  try {
    const output = await ctx.limit(() =>
      ctx.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 })),
    );
    return (output.logGroups ?? []).find((group) => group.logGroupName === name);
  } catch (error) {
    if (!isNotFound(error))
      issues.push(readIssue('logs:DescribeLogGroups', error, { type: TYPE, physicalIds: [name] }));
    return undefined;
  }
}

/** ListTagsForResource replaces the deprecated ListTagsLogGroup; moto implements both. */
async function tagsOf(
  ctx: DiscoveryContext,
  group: LogGroup,
  issues: ReadIssue[],
): Promise<Record<string, string> | undefined> {
  try {
    const output = await ctx.limit(() =>
      ctx.clients.logs.send(new ListTagsForResourceCommand({ resourceArn: arnOf(group) })),
    );
    return { ...output.tags };
  } catch (error) {
    issues.push(readIssue('logs:ListTagsForResource', error, { type: TYPE, physicalIds: [group.logGroupName!] }));
    return undefined;
  }
}

function toResource(group: LogGroup, tags: Record<string, string>): DiscoveredResource {
  const name = group.logGroupName!;
  const arn = arnOf(group);
  return {
    type: TYPE,
    physicalId: name,
    name,
    aliases: [arn],
    properties: {
      LogGroupName: name,
      // Absent means "never expire": AWS only reports a retention that was set.
      ...(group.retentionInDays !== undefined ? { RetentionInDays: group.retentionInDays } : {}),
      ...(group.kmsKeyId ? { KmsKeyId: group.kmsKeyId } : {}),
    },
    attributes: { Arn: arn },
    tags,
    references: [],
  };
}

export const logsLogGroupHandler: KindHandler = {
  type: TYPE,
  canonicalId: logGroupNameFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const names = [...new Set(physicalIds.map(logGroupNameFrom))];
    const listed = await takeDescribed(ctx.described, LISTED, names);
    const resources = await Promise.all(
      names.map(async (name) => {
        const group = listed.found.get(name) ?? (await describe(ctx, name, issues));
        if (!group) return undefined;
        const tags = await tagsOf(ctx, group, issues);
        const resource = toResource(group, tags ?? {});
        return tags ? resource : { ...resource, unknown: true };
      }),
    );
    return { resources: resources.filter((resource) => resource !== undefined), issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const groups = allPages(
      ctx,
      (nextToken) => ctx.clients.logs.send(new DescribeLogGroupsCommand({ limit: 50, nextToken })),
      (page) => page.nextToken,
    ).then((pages) => pages.flatMap((page) => page.logGroups ?? []));
    const described = ctx.described?.fill(LISTED, groups, (group) => [group.logGroupName!]) ?? groups;
    return (await described).map((group) => ({ physicalId: group.logGroupName!, name: group.logGroupName! }));
  },
};
