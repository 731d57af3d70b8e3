import {
  DescribeStacksCommand,
  ListStackResourcesCommand,
  StackStatus,
  type Stack,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { isNotFound, readIssue } from '../aws-errors.js';
import { cloudControlPresence, type CloudControlPresence } from '../cloud-control.js';
import type {
  DiscoveredResource,
  DiscoveryContext,
  KindHandler,
  ListedResource,
  ReadResult,
  Reference,
} from '../kind-handler.js';
import { allPages } from '../paginate.js';
import { describedKey, takeDescribed } from '../described.js';
import { isResourceType } from '../../model/resource-type.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::CloudFormation::Stack' as const;

const FAILED_OR_STUCK = new Set<string>([
  'ROLLBACK_COMPLETE',
  'ROLLBACK_FAILED',
  'CREATE_FAILED',
  'DELETE_FAILED',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_FAILED',
  'IMPORT_ROLLBACK_COMPLETE',
]);

/**
 * True for the statuses a failed console attempt leaves behind: a stack that
 * never got (or no longer is) what it was asked to be. Such stacks are cleanup
 * debris. (A `ROLLBACK_COMPLETE` stack cannot even be updated, only deleted.)
 */
export function isFailedOrStuck(status: string): boolean {
  return FAILED_OR_STUCK.has(status);
}

/** The listing describes every stack whole, filed by name and StackId: reads take them from there. */
const LISTED = describedKey<Stack>(TYPE);

/** Gone by the stack's own word: deleted, or never created (a failed create leaves no physical id). */
const goneByStatus = (resource: StackResourceSummary) =>
  !resource.PhysicalResourceId || resource.ResourceStatus === 'DELETE_COMPLETE';

/**
 * An owned resource becomes an `owns` reference when reclaim knows its type.
 * CloudFormation's PhysicalResourceId is what `Ref` returns, which is reclaim's
 * physical id convention, with one exception kept as is: an AWS::EC2::SecurityGroup
 * in a default VPC made by an older stack may report its group *name*; the
 * security group handler resolves names and ties them back with `aliases`.
 * A nested stack's id is its StackId, which this handler's `read` accepts too.
 * Resources CloudFormation already deleted (a rolled-back create lists them as
 * DELETE_COMPLETE) are owned no longer.
 */
function ownsReferences(resources: readonly StackResourceSummary[]): Reference[] {
  return resources.flatMap((resource): Reference[] => {
    const type = resource.ResourceType ?? '';
    if (!isResourceType(type) || goneByStatus(resource)) return [];
    return [{ type, id: resource.PhysicalResourceId!, via: `Resources.${resource.LogicalResourceId}`, kind: 'owns' }];
  });
}

/**
 * What the Cloud Control API says of each owned resource of a type reclaim
 * does not model that the stack does not call gone, by logical id. One read
 * per such resource; console stacks usually hold none.
 */
async function presenceOfUnmodelled(
  ctx: DiscoveryContext,
  owned: readonly StackResourceSummary[],
): Promise<Map<string, CloudControlPresence>> {
  const asked = owned.filter((resource) => !isResourceType(resource.ResourceType ?? '') && !goneByStatus(resource));
  const answers = await Promise.all(
    asked.map((resource) =>
      cloudControlPresence(ctx.clients, ctx.limit, resource.ResourceType ?? '', resource.PhysicalResourceId!),
    ),
  );
  return new Map(asked.map((resource, index) => [resource.LogicalResourceId ?? '', answers[index]!]));
}

/** An owned resource of a type reclaim does not model, which AWS does not say is gone. */
export interface UnmodelledResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** Why it is not known to be gone, when Cloud Control could not say (`unknown: AccessDeniedException`). */
  readonly unknown?: string;
}

/**
 * The resources a stack owns (its `Resources` attribute, as this handler
 * reads it) whose type reclaim does not model and that AWS does not say are
 * gone: neither the stack (DELETE_COMPLETE, no physical id) nor Cloud Control
 * (ResourceNotFoundException). Nothing is deleted on what reclaim cannot see,
 * so these count as live. Pure; a snapshot made before Cloud Control was asked
 * has no answer recorded, and its resources count as live too.
 */
export function unmodelledLive(attributes: Readonly<Record<string, unknown>>): UnmodelledResource[] {
  const entries = Array.isArray(attributes.Resources) ? (attributes.Resources as Array<Record<string, unknown>>) : [];
  return entries.flatMap((entry): UnmodelledResource[] => {
    const type = String(entry.ResourceType ?? '');
    const physicalId = typeof entry.PhysicalResourceId === 'string' ? entry.PhysicalResourceId : '';
    if (isResourceType(type) || !physicalId || entry.ResourceStatus === 'DELETE_COMPLETE') return [];
    if (entry.CloudControl === 'not-found') return [];
    const presence = typeof entry.CloudControl === 'string' ? entry.CloudControl : '';
    return [
      {
        logicalId: String(entry.LogicalResourceId ?? ''),
        type,
        physicalId,
        ...(presence.startsWith('unknown') ? { unknown: presence.slice('unknown: '.length) } : {}),
      },
    ];
  });
}

/** `AWS::SNS::Topic arn:aws:sns:…:alerts (Alerts)`, with why it is not known to be gone when Cloud Control could not say. */
export function describeUnmodelled(resources: readonly UnmodelledResource[]): string {
  return resources
    .map(
      (resource) =>
        `${resource.type} ${resource.physicalId} (${resource.logicalId}${resource.unknown ? `; Cloud Control could not read it: ${resource.unknown}` : ''})`,
    )
    .join(', ');
}

function toResource(
  stack: Stack,
  owned: readonly StackResourceSummary[],
  presence: ReadonlyMap<string, CloudControlPresence> = new Map(),
): DiscoveredResource {
  const parameters = [...(stack.Parameters ?? [])]
    .map((parameter) => ({ ParameterKey: parameter.ParameterKey!, ParameterValue: parameter.ParameterValue ?? '' }))
    .sort((a, b) => a.ParameterKey.localeCompare(b.ParameterKey));
  const resources = [...owned]
    .sort((a, b) => (a.LogicalResourceId ?? '').localeCompare(b.LogicalResourceId ?? ''))
    .map((resource) => ({
      LogicalResourceId: resource.LogicalResourceId,
      ResourceType: resource.ResourceType,
      // A resource whose creation failed never got one.
      ...(resource.PhysicalResourceId ? { PhysicalResourceId: resource.PhysicalResourceId } : {}),
      ResourceStatus: resource.ResourceStatus,
      ...(presence.has(resource.LogicalResourceId ?? '')
        ? { CloudControl: presence.get(resource.LogicalResourceId ?? '') }
        : {}),
    }));
  return {
    type: TYPE,
    physicalId: stack.StackName!,
    name: stack.StackName!,
    aliases: [stack.StackId!],
    properties: {
      StackName: stack.StackName,
      ...(stack.Description ? { Description: stack.Description } : {}),
      ...(parameters.length > 0 ? { Parameters: parameters } : {}),
      ...(stack.TimeoutInMinutes !== undefined ? { TimeoutInMinutes: stack.TimeoutInMinutes } : {}),
    },
    attributes: {
      StackStatus: stack.StackStatus,
      ...(stack.StackStatusReason ? { StackStatusReason: stack.StackStatusReason } : {}),
      StackId: stack.StackId,
      ...(stack.CreationTime ? { CreationTime: stack.CreationTime.toISOString() } : {}),
      ...(stack.LastUpdatedTime ? { LastUpdatedTime: stack.LastUpdatedTime.toISOString() } : {}),
      Resources: resources,
    },
    tags: Object.fromEntries((stack.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])),
    references: ownsReferences(owned),
  };
}

/** DescribeStacks by name or StackId. A missing stack answers ValidationError "does not exist". */
async function describe(ctx: DiscoveryContext, id: string, issues: ReadIssue[]): Promise<Stack | undefined> {
  try {
    const output = await ctx.limit(() => ctx.clients.cloudformation.send(new DescribeStacksCommand({ StackName: id })));
    const stack = output.Stacks?.[0];
    // Only a StackId finds a deleted stack, and then as DELETE_COMPLETE: gone all the same.
    return stack && stack.StackStatus !== StackStatus.DELETE_COMPLETE ? stack : undefined;
  } catch (error) {
    if (!isNotFound(error))
      issues.push(readIssue('cloudformation:DescribeStacks', error, { type: TYPE, physicalIds: [id] }));
    return undefined;
  }
}

/** Every resource of the stack, or `undefined` when they could not be read. */
async function resourcesOf(
  ctx: DiscoveryContext,
  stack: Stack,
  issues: ReadIssue[],
): Promise<StackResourceSummary[] | undefined> {
  try {
    const pages = await allPages(
      ctx,
      // By StackId, not name: a stack of the same name made since the describe is another stack.
      (nextToken) =>
        ctx.clients.cloudformation.send(
          new ListStackResourcesCommand({ StackName: stack.StackId, NextToken: nextToken }),
        ),
      (page) => page.NextToken,
    );
    return pages.flatMap((page) => page.StackResourceSummaries ?? []);
  } catch (error) {
    issues.push(readIssue('cloudformation:ListStackResources', error, { type: TYPE, physicalIds: [stack.StackName!] }));
    return undefined;
  }
}

/**
 * Stacks have no batch describe by name, but DescribeStacks without a name
 * describes every stack in the region, a page of them a call, as ListStacks
 * would list them: that is the listing, and a read takes its stacks from it.
 * What it did not describe (recorded listings, a stack made since) is
 * described one call a stack. Then each stack's resources.
 */
export const cloudformationStackHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const listed = await takeDescribed(ctx.described, LISTED, [...new Set(physicalIds)]);
    const described = [
      ...listed.found.values(),
      ...(await Promise.all(listed.missing.map((id) => describe(ctx, id, issues)))),
    ];
    // A stack asked for by both name and StackId is described twice but read once.
    const byId = new Map<string, Stack>();
    for (const stack of described) if (stack) byId.set(stack.StackId!, stack);
    const resources = await Promise.all(
      [...byId.values()].map(async (stack) => {
        const owned = await resourcesOf(ctx, stack, issues);
        const resource = toResource(stack, owned ?? [], await presenceOfUnmodelled(ctx, owned ?? []));
        return owned ? resource : { ...resource, unknown: true };
      }),
    );
    return { resources, issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    // Unlike ListStacks, DescribeStacks without a name leaves deleted stacks out; the filter is belt and braces.
    const stacks = allPages(
      ctx,
      (nextToken) => ctx.clients.cloudformation.send(new DescribeStacksCommand({ NextToken: nextToken })),
      (page) => page.NextToken,
    ).then((pages) =>
      pages.flatMap((page) => page.Stacks ?? []).filter((stack) => stack.StackStatus !== StackStatus.DELETE_COMPLETE),
    );
    const described = ctx.described?.fill(LISTED, stacks, (stack) => [stack.StackName!, stack.StackId!]) ?? stacks;
    return (await described).map((stack) => ({ physicalId: stack.StackName!, name: stack.StackName! }));
  },
};
