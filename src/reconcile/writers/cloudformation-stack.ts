import {
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
  waitUntilChangeSetCreateComplete,
  type Change as StackChange,
  type Parameter,
  type Stack,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { isNotFound } from '../../discover/aws-errors.js';
import { cloudControlPresence } from '../../discover/cloud-control.js';
import type { DiscoveryContext } from '../../discover/kind-handler.js';
import { HANDLERS } from '../../discover/registry.js';
import { isResourceType } from '../../model/resource-type.js';
import { createLimiter } from '../../util/limiter.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { nonRetainChanges, parseTemplate, retainEverything, type Template } from './cloudformation-retain.js';

/** Stacks in these states accept an update (a change set); the others must be rolled forward or deleted. */
const UPDATABLE = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

/** Acknowledges what the template already holds: the change set is checked to change nothing but policies. */
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

/** By StackId, so that a stack made since under the same name is never touched. DELETE_COMPLETE is gone. */
async function describeStack(ctx: WriterContext, stackId: string): Promise<Stack | undefined> {
  try {
    const output = await ctx.clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackId }));
    const stack = output.Stacks?.[0];
    return stack && stack.StackStatus !== 'DELETE_COMPLETE' ? stack : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function stackResources(ctx: WriterContext, stackId: string): Promise<StackResourceSummary[]> {
  const summaries: StackResourceSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.clients.cloudformation.send(
      new ListStackResourcesCommand({ StackName: stackId, NextToken: nextToken }),
    );
    summaries.push(...(page.StackResourceSummaries ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return summaries;
}

/**
 * True when the resource is gone, asked of the type's discovery handler
 * (which reports "not found" as absence), or for a type reclaim does not
 * model, of the Cloud Control API. A read that fails is not known to be gone.
 */
async function isGone(ctx: WriterContext, resource: StackResourceSummary): Promise<boolean> {
  const type = resource.ResourceType ?? '';
  if (!resource.PhysicalResourceId) return false;
  const limit = createLimiter(4);
  const handler = isResourceType(type) ? HANDLERS.get(type) : undefined;
  if (!handler) {
    return (await cloudControlPresence(ctx.clients, limit, type, resource.PhysicalResourceId)) === 'not-found';
  }
  const dctx: DiscoveryContext = { clients: ctx.clients, account: ctx.account, region: ctx.region, limit };
  const id = handler.canonicalId?.(resource.PhysicalResourceId, ctx) ?? resource.PhysicalResourceId;
  const read = await handler.read(dctx, [id]);
  return read.resources.length === 0 && read.issues.length === 0;
}

async function deleteAndWait(ctx: WriterContext, stackId: string, retain?: string[]): Promise<string | undefined> {
  await ctx.clients.cloudformation.send(
    new DeleteStackCommand({ StackName: stackId, ...(retain?.length ? { RetainResources: retain } : {}) }),
  );
  await waitUntilStackDeleteComplete(
    { client: await ctx.clients.cloudformation.resolve(), ...ctx.wait },
    { StackName: stackId },
  ).catch(() => undefined);
  return (await describeStack(ctx, stackId))?.StackStatus;
}

/**
 * A stack in DELETE_FAILED could not delete some of its resources. Those that
 * no longer exist (deleted by hand, or by an earlier teardown step) are
 * retained, which lets CloudFormation finish; with `detach`, every resource
 * that failed is retained. Anything else that failed still exists and still
 * blocks the deletion: that is an error naming it.
 */
async function retryFailedDelete(ctx: WriterContext, stackId: string, detach: boolean): Promise<void> {
  const failed = (await stackResources(ctx, stackId)).filter((resource) => resource.ResourceStatus === 'DELETE_FAILED');
  const gone = await Promise.all(failed.map((resource) => (detach ? true : isGone(ctx, resource))));
  const blocking = failed.filter((_, index) => !gone[index]);
  if (blocking.length > 0) {
    const reasons = blocking.map(
      (resource) =>
        `${resource.LogicalResourceId} (${resource.ResourceType} ${resource.PhysicalResourceId ?? ''}): ${resource.ResourceStatusReason ?? 'delete failed'}`,
    );
    throw new Error(`DELETE_FAILED; these resources still exist and could not be deleted: ${reasons.join('; ')}`);
  }
  const retain = failed.map((resource) => resource.LogicalResourceId!);
  ctx.note(`retrying the deletion, retaining ${retain.length > 0 ? retain.join(', ') : 'nothing'}`);
  const status = await deleteAndWait(ctx, stackId, retain);
  if (status) throw new Error(`the stack is ${status} after retrying its deletion`);
}

/** Parameters as they are: literal values, and UsePreviousValue where DescribeStacks masks a NoEcho value. */
function currentParameters(stack: Stack, template: Template): Parameter[] {
  const declared = (template.Parameters ?? {}) as Record<string, { NoEcho?: unknown }>;
  // UsePreviousValue for every parameter would do on AWS, but moto 5.2 then fails ExecuteChangeSet on list parameters.
  return (stack.Parameters ?? []).map((parameter) =>
    declared[parameter.ParameterKey!]?.NoEcho === true || declared[parameter.ParameterKey!]?.NoEcho === 'true'
      ? { ParameterKey: parameter.ParameterKey, UsePreviousValue: true }
      : { ParameterKey: parameter.ParameterKey, ParameterValue: parameter.ParameterValue },
  );
}

async function changeSetChanges(ctx: WriterContext, changeSetId: string): Promise<StackChange[]> {
  const changes: StackChange[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.clients.cloudformation.send(
      new DescribeChangeSetCommand({ ChangeSetName: changeSetId, NextToken: nextToken }),
    );
    changes.push(...(page.Changes ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return changes;
}

/**
 * Sets `DeletionPolicy: Retain` on every resource through a change set,
 * refuses to execute it unless it changes nothing but deletion policies, and
 * waits for the update. A stack whose resources are all retained already (a
 * detach killed half way) needs no change set.
 */
async function retainResources(ctx: WriterContext, stack: Stack): Promise<void> {
  const stackId = stack.StackId!;
  const body = await ctx.clients.cloudformation.send(
    new GetTemplateCommand({ StackName: stackId, TemplateStage: 'Original' }),
  );
  const current = parseTemplate(body.TemplateBody ?? '{}');
  const { template, changed } = retainEverything(current);
  if (changed.length === 0) return;
  if (!UPDATABLE.has(stack.StackStatus ?? '')) {
    throw new Error(`a stack in ${stack.StackStatus} cannot take the DeletionPolicy change that detaching needs`);
  }
  const created = await ctx.clients.cloudformation.send(
    new CreateChangeSetCommand({
      // By name: AWS takes the StackId too, but moto 5.2 finds UPDATE change sets' stacks by name only.
      // The StackId was checked a moment ago, and the change set is executed and waited on by its own ARN.
      StackName: stack.StackName,
      ChangeSetName: `reclaim-detach-${Date.now()}`,
      ChangeSetType: 'UPDATE',
      Description: 'reclaim: DeletionPolicy Retain on every resource, so that deleting the stack keeps them',
      TemplateBody: JSON.stringify(template),
      Parameters: currentParameters(stack, current),
      Capabilities: [...CAPABILITIES],
    }),
  );
  const changeSetId = created.Id!;
  await waitUntilChangeSetCreateComplete(
    { client: await ctx.clients.cloudformation.resolve(), ...ctx.wait },
    { ChangeSetName: changeSetId },
  ).catch(() => undefined);
  const described = await ctx.clients.cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId }));
  if (described.Status !== 'CREATE_COMPLETE') {
    throw new Error(
      `CloudFormation would not record the DeletionPolicy change (change set ${described.Status}: ${described.StatusReason ?? 'no reason given'}); deleting the stack would delete its resources, so it is left as it is`,
    );
  }
  const problems = nonRetainChanges(await changeSetChanges(ctx, changeSetId), changed);
  if (problems.length > 0) {
    throw new Error(
      `the change set ${changeSetId} does more than set DeletionPolicy, so it was not executed: ${problems.join('; ')}`,
    );
  }
  ctx.note(`setting DeletionPolicy Retain on ${changed.join(', ')}`);
  await ctx.clients.cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSetId }));
  await waitUntilStackUpdateComplete(
    { client: await ctx.clients.cloudformation.resolve(), ...ctx.wait },
    { StackName: stackId },
  ).catch(() => undefined);
  const updated = await describeStack(ctx, stackId);
  if (!updated || !/^UPDATE_COMPLETE/.test(updated.StackStatus ?? '')) {
    throw new Error(`the DeletionPolicy update ended ${updated?.StackStatus ?? 'with the stack gone'}`);
  }
}

export const cloudformationStackWriter: KindWriter = {
  type: 'AWS::CloudFormation::Stack',

  /**
   * Deletes the stack and waits for DELETE_COMPLETE, by StackId. With
   * `change.detach`, first hands every resource over (DeletionPolicy Retain),
   * so the stack goes and its resources stay, untouched. A stack that ends in
   * DELETE_FAILED is retried once, retaining what no longer exists.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html#troubleshooting-errors-delete-stack-fails
   */
  async delete(ctx, change) {
    const stackId = typeof change.attributes.StackId === 'string' ? change.attributes.StackId : change.physicalId;
    const stack = await describeStack(ctx, stackId);
    if (!stack) return 'already-gone';
    const detach = change.detach === true;
    if (detach && stack.StackStatus !== 'DELETE_FAILED') await retainResources(ctx, stack);
    let status: string | undefined = stack.StackStatus;
    if (status !== 'DELETE_FAILED') {
      ctx.note(`deleting stack ${stack.StackName}`);
      status = await deleteAndWait(ctx, stack.StackId!);
      if (!status) return 'deleted';
      if (status.endsWith('_IN_PROGRESS')) {
        throw new Error(`the stack is still ${status} after ${ctx.wait.maxWaitTime} s; run again to wait for it`);
      }
      if (status !== 'DELETE_FAILED') throw new Error(`the stack is ${status}, not deleted`);
    }
    await retryFailedDelete(ctx, stack.StackId!, detach);
    return 'deleted';
  },
};
