import {
  DeletePipelineCommand,
  GetPipelineCommand,
  UpdatePipelineCommand,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { isNotFound } from '../../discover/aws-errors.js';
import { pipelineNameFrom } from '../../discover/kinds/codepipeline-pipeline.js';
import type { Properties } from '../../model/resource.js';
import type { KindWriter } from '../kind-writer.js';
import { mergeDeclared, refuseUnsupported, sameApiValue, toApiShape, withoutNulls } from './api-shape.js';

/** What UpdatePipeline changes. The name identifies the pipeline; tags have their own API. */
const UPDATABLE = new Set([
  'RoleArn',
  'ArtifactStore',
  'ArtifactStores',
  'Stages',
  'PipelineType',
  'ExecutionMode',
  'Variables',
  'Triggers',
]);

/**
 * A deploy action names its deployment group by name, but a plan resolves `!Ref` of a deployment group
 * to reclaim's physical id for it, `<application>/<group>`: that stands for the group named by its
 * second part. (CloudFormation's Ref of a group is the name alone.)
 */
function withGroupNames(pipeline: PipelineDeclaration): PipelineDeclaration {
  const stages = pipeline.stages?.map((stage) => ({
    ...stage,
    actions: stage.actions?.map((action) => {
      const application = action.configuration?.ApplicationName;
      const group = action.configuration?.DeploymentGroupName;
      if (!application || !group?.startsWith(`${application}/`)) return action;
      return {
        ...action,
        configuration: { ...action.configuration, DeploymentGroupName: group.slice(application.length + 1) },
      };
    }),
  }));
  return stages ? { ...pipeline, stages } : pipeline;
}

/**
 * The declaration UpdatePipeline takes: the declared properties over the
 * current one. Stages are the whole declared list, in the declared order
 * (the order is the pipeline's), each merged over the live stage of the same
 * name, and so are each stage's actions: an action keeps what the file does
 * not declare (run order, namespace, configuration keys). CloudFormation
 * lists cross-region stores as `[{Region, ArtifactStore}]`; the API keys them
 * by region.
 */
function declaredPipeline(live: PipelineDeclaration, declared: Properties): PipelineDeclaration {
  const picked = Object.fromEntries(Object.entries(declared).filter(([name]) => UPDATABLE.has(name)));
  const { ArtifactStores: stores, ...rest } = picked;
  const shaped = toApiShape(rest) as PipelineDeclaration;
  const merged = mergeDeclared(shaped, withoutReplacedProviders(live, shaped)) as PipelineDeclaration;
  if (Array.isArray(stores)) {
    const byRegion = Object.fromEntries(
      stores.map((entry: { Region?: string; ArtifactStore?: unknown }) => [
        String(entry.Region),
        mergeDeclared(toApiShape(entry.ArtifactStore), live.artifactStores?.[String(entry.Region)]),
      ]),
    );
    merged.artifactStores = byRegion as PipelineDeclaration['artifactStores'];
  }
  return withGroupNames(withoutNulls(merged));
}

/**
 * Live with the configuration and input artifacts taken off every action
 * whose provider the file changes: those belong to the provider. Moving a
 * deploy action from CodeDeployToECS to ECS keeps none of CodeDeploy's keys
 * (CodePipeline rejects an ECS action that has AppSpecTemplatePath).
 * `plan` shows what this drops (`reconcile/implied-changes.ts`).
 */
function withoutReplacedProviders(live: PipelineDeclaration, declared: PipelineDeclaration): PipelineDeclaration {
  const declaredProvider = new Map(
    (declared.stages ?? []).flatMap((stage) =>
      (stage.actions ?? []).map((action) => [`${stage.name}/${action.name}`, action.actionTypeId?.provider]),
    ),
  );
  const stages = live.stages?.map((stage) => ({
    ...stage,
    actions: stage.actions?.map((action) => {
      const provider = declaredProvider.get(`${stage.name}/${action.name}`);
      if (provider === undefined || provider === action.actionTypeId?.provider) return action;
      return { ...action, configuration: undefined, inputArtifacts: undefined };
    }),
  }));
  return stages ? { ...live, stages } : live;
}

export const codepipelinePipelineWriter: KindWriter = {
  type: 'AWS::CodePipeline::Pipeline',

  /**
   * GetPipeline, the declared properties merged over its declaration, then
   * UpdatePipeline with the whole of it (the API replaces the declaration).
   * Nothing is sent when the merge changes nothing, so a repeated run does
   * not bump the pipeline's version.
   */
  async update(ctx, change) {
    refuseUnsupported(change, UPDATABLE);
    const name = pipelineNameFrom(change.physicalId);
    const output = await ctx.clients.codepipeline.send(new GetPipelineCommand({ name }));
    if (!output.pipeline) throw new Error(`GetPipeline returned no declaration for ${name}`);
    const live = withoutNulls(output.pipeline);
    const pipeline = declaredPipeline(live, change.properties);
    if (sameApiValue(pipeline, live)) return;
    await ctx.clients.codepipeline.send(new UpdatePipelineCommand({ pipeline }));
  },

  /**
   * DeletePipeline does not say whether the pipeline existed, so GetPipeline
   * asks first. The artifact bucket, roles and connection stay: the pipeline
   * only points at them.
   */
  async delete(ctx, change) {
    const name = pipelineNameFrom(change.physicalId);
    try {
      await ctx.clients.codepipeline.send(new GetPipelineCommand({ name }));
      await ctx.clients.codepipeline.send(new DeletePipelineCommand({ name }));
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
