import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type Tag,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { errorCode, isNotFound } from '../../discover/aws-errors.js';
import { taskDefinitionArnFrom } from '../../discover/kinds/ecs-task-definition.js';
import { lastArnSegment } from '../../util/arn.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { refuseUnresolved, sameApiValue } from './api-shape.js';
import { rollOut } from './ecs-rollout.js';
import { declaredRevision, registrableOf } from './task-definition-revision.js';

/** ECS answers a missing revision with a generic ClientException. */
function isMissing(error: unknown): boolean {
  return (
    isNotFound(error) ||
    (errorCode(error) === 'ClientException' && /unable to describe task definition/i.test((error as Error).message))
  );
}

/** The revision (an ARN, `family:revision`, or a family for its latest ACTIVE one) with its tags, or undefined when missing. */
async function describeRevision(
  ctx: WriterContext,
  id: string,
  withTags = false,
): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] } | undefined> {
  try {
    const output = await ctx.clients.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: id, ...(withTags ? { include: ['TAGS'] } : {}) }),
    );
    return output.taskDefinition ? { taskDefinition: output.taskDefinition, tags: output.tags ?? [] } : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** `arn:…:task-definition/bash-dog:7`, `bash-dog:7` and `bash-dog` are all the family `bash-dog`. */
const familyOf = (id: string): string => lastArnSegment(id).replace(/:\d+$/, '');

export const ecsTaskDefinitionWriter: KindWriter = {
  type: 'AWS::ECS::TaskDefinition',

  /**
   * A revision cannot change, so an update registers a new revision of the
   * family: the declared properties merged over the revision the plan was
   * made against (read again; the latest ACTIVE one when that is gone), so
   * that undeclared fields carry over. When the latest ACTIVE revision
   * already says that (a run repeated, or killed after registering), nothing
   * is registered. Then the revision is rolled out to each service that runs
   * the family: a CodeDeploy deployment for a CODE_DEPLOY service,
   * UpdateService otherwise (`change.rollouts`, each idempotent itself).
   */
  async update(ctx, change) {
    refuseUnresolved(change);
    const family = familyOf(change.physicalId);
    const declaredFamily = change.properties.Family;
    if (declaredFamily !== undefined && declaredFamily !== family) {
      throw new Error(
        `Family cannot change in place (${family} → ${String(declaredFamily)}): a new family is a new task definition`,
      );
    }
    // A bare family names its latest ACTIVE revision.
    const latest = await describeRevision(ctx, family, true);
    if (!latest?.taskDefinition.taskDefinitionArn) {
      throw new Error(`task definition family ${family} has no ACTIVE revision`);
    }
    const plannedArn = taskDefinitionArnFrom(change.physicalId, ctx);
    const planned =
      /:task-definition\/.+:\d+$/.test(plannedArn) && plannedArn !== latest.taskDefinition.taskDefinitionArn
        ? await describeRevision(ctx, plannedArn, true)
        : undefined;
    const base = planned?.taskDefinition.status === 'ACTIVE' ? planned : latest;
    const desired = declaredRevision(registrableOf(base.taskDefinition, base.tags), change.properties);
    let arn = latest.taskDefinition.taskDefinitionArn;
    if (sameApiValue(desired, registrableOf(latest.taskDefinition, latest.tags))) {
      ctx.note(`${lastArnSegment(arn)} already has the declared properties: no new revision`);
    } else {
      const registered = await ctx.clients.ecs.send(new RegisterTaskDefinitionCommand(desired));
      const registeredArn = registered.taskDefinition?.taskDefinitionArn;
      if (!registeredArn) throw new Error('RegisterTaskDefinition returned no ARN');
      arn = registeredArn;
      ctx.note(`registered ${lastArnSegment(arn)}`);
    }
    for (const rollout of change.rollouts ?? []) await rollOut(ctx, rollout, arn);
  },

  /**
   * Deregisters the revision (it becomes INACTIVE: running tasks keep it, no
   * new task or service can use it), then asks ECS to delete it for good
   * (DeleteTaskDefinitions, which takes INACTIVE revisions only). A revision
   * already INACTIVE is finished off the same way; one already being deleted
   * is gone.
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/delete-task-definition-revision.html
   */
  async delete(ctx, change) {
    const arn = taskDefinitionArnFrom(change.physicalId, ctx);
    const found = (await describeRevision(ctx, arn))?.taskDefinition;
    if (!found || found.status === 'DELETE_IN_PROGRESS') return 'already-gone';
    if (found.status === 'ACTIVE') {
      await ctx.clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
    }
    const output = await ctx.clients.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [arn] }));
    const failure = output.failures?.[0];
    if (failure && !/does not exist/i.test(failure.reason ?? '')) {
      throw new Error(
        `DeleteTaskDefinitions: ${failure.reason ?? 'failed'}${failure.detail ? ` (${failure.detail})` : ''}`,
      );
    }
    return 'deleted';
  },
};
