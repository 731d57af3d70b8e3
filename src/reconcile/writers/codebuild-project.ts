import {
  BatchGetProjectsCommand,
  DeleteProjectCommand,
  UpdateProjectCommand,
  type UpdateProjectCommandInput,
} from '@aws-sdk/client-codebuild';
import { projectNameFrom } from '../../discover/kinds/codebuild-project.js';
import type { KindWriter } from '../kind-writer.js';
import { mergedMembers, refuseUnsupported, sameApiValue } from './api-shape.js';

/** What UpdateProject changes. The name identifies the project; tags and the rest are not managed here. */
const UPDATABLE = new Set([
  'Description',
  'ServiceRole',
  'Source',
  'Artifacts',
  'Environment',
  'TimeoutInMinutes',
  'QueuedTimeoutInMinutes',
  'ConcurrentBuildLimit',
  'LogsConfig',
  'Cache',
  'VpcConfig',
  'EncryptionKey',
]);

export const codebuildProjectWriter: KindWriter = {
  type: 'AWS::CodeBuild::Project',

  /**
   * UpdateProject with each declared setting merged over the project's
   * current one. A structure sent to UpdateProject replaces the project's
   * (an environment without its variables would drop them), so each is sent
   * whole: the declared members over the live ones. Settings that already
   * match are not sent; when none differs there is no call.
   * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_UpdateProject.html
   */
  async update(ctx, change) {
    refuseUnsupported(change, UPDATABLE);
    const name = projectNameFrom(change.physicalId);
    const found = await ctx.clients.codebuild.send(new BatchGetProjectsCommand({ names: [name] }));
    const live = (found.projects ?? []).find((project) => project.name === name);
    if (!live) throw new Error(`project ${name} does not exist`);
    const merged = mergedMembers(change.properties, live as Record<string, unknown>, UPDATABLE);
    const input: Record<string, unknown> = {};
    for (const [member, value] of Object.entries(merged)) {
      if (!sameApiValue(value, (live as Record<string, unknown>)[member])) input[member] = value;
    }
    if (Object.keys(input).length === 0) return;
    await ctx.clients.codebuild.send(new UpdateProjectCommand({ ...input, name } as UpdateProjectCommandInput));
  },

  /**
   * DeleteProject succeeds for a project that does not exist, so
   * BatchGetProjects asks first (a missing name is simply not returned).
   * The build history goes with the project; its log group and role stay.
   */
  async delete(ctx, change) {
    const name = projectNameFrom(change.physicalId);
    const found = await ctx.clients.codebuild.send(new BatchGetProjectsCommand({ names: [name] }));
    if (!(found.projects ?? []).some((project) => project.name === name)) return 'already-gone';
    await ctx.clients.codebuild.send(new DeleteProjectCommand({ name }));
    return 'deleted';
  },
};
