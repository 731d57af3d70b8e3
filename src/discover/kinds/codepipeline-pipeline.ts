import {
  GetPipelineCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  type ActionDeclaration,
  type ArtifactStore,
  type PipelineDeclaration,
} from '@aws-sdk/client-codepipeline';
import { isNotFound, readIssue } from '../aws-errors.js';
import type {
  DiscoveredResource,
  DiscoveryContext,
  KindHandler,
  ListedResource,
  ReadResult,
  Reference,
} from '../kind-handler.js';
import { allPages } from '../paginate.js';
import { partitionOf } from './codedeploy-application.js';
import { parseArn } from '../../util/arn.js';
import type { Properties } from '../../model/resource.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::CodePipeline::Pipeline' as const;

/** The pipeline name from a name or a pipeline ARN (`arn:aws:codepipeline:us-east-2:123456789012:bash-dog-pipeline`). */
export function pipelineNameFrom(id: string): string {
  const arn = parseArn(id);
  return arn && arn.service === 'codepipeline' ? arn.resource : id;
}

function artifactStoreOf(store: ArtifactStore): Properties {
  return {
    Type: store.type ?? 'S3',
    Location: store.location!,
    ...(store.encryptionKey
      ? { EncryptionKey: { Id: store.encryptionKey.id!, Type: store.encryptionKey.type ?? 'KMS' } }
      : {}),
  };
}

/** Empty artifact lists and configurations are left out, as a CloudFormation template would leave them out. */
function actionOf(action: ActionDeclaration): Properties {
  const type = action.actionTypeId!;
  const configuration = action.configuration ?? {};
  return {
    Name: action.name!,
    ActionTypeId: { Category: type.category!, Owner: type.owner!, Provider: type.provider!, Version: type.version! },
    ...(Object.keys(configuration).length ? { Configuration: configuration } : {}),
    ...(action.inputArtifacts?.length ? { InputArtifacts: action.inputArtifacts.map((a) => ({ Name: a.name! })) } : {}),
    ...(action.outputArtifacts?.length
      ? { OutputArtifacts: action.outputArtifacts.map((a) => ({ Name: a.name! })) }
      : {}),
    RunOrder: action.runOrder ?? 1,
    ...(action.namespace ? { Namespace: action.namespace } : {}),
    ...(action.roleArn ? { RoleArn: action.roleArn } : {}),
    ...(action.region ? { Region: action.region } : {}),
    ...(action.timeoutInMinutes !== undefined ? { TimeoutInMinutes: action.timeoutInMinutes } : {}),
  };
}

/**
 * A configuration value names a resource only when it is literal: `#{SourceVariables.BranchName}`
 * is resolved per execution and names nothing that discovery can follow. The configuration is
 * free-form JSON: a value that is not a string is passed on as it is, for the walker to report.
 */
const followable = (value: unknown): boolean =>
  value !== undefined && value !== '' && !(typeof value === 'string' && value.includes('#{'));
const literal = (value: unknown): value is string => typeof value === 'string' && followable(value);

function actionReferences(action: ActionDeclaration, at: string): Reference[] {
  const references: Reference[] = [];
  const config = (action.configuration ?? {}) as Record<string, unknown>;
  const add = (type: Reference['type'], id: unknown, path: string) => {
    if (followable(id)) references.push({ type, id: id as string, via: `${at}.${path}`, kind: 'reference' });
  };
  add('AWS::IAM::Role', action.roleArn, 'RoleArn');
  // CodeStarSourceConnection (GitHub v2, Bitbucket, GitLab) actions name their connection.
  add('AWS::CodeStarConnections::Connection', config.ConnectionArn, 'Configuration.ConnectionArn');
  const provider = action.actionTypeId?.owner === 'AWS' ? action.actionTypeId.provider : undefined;
  if (provider === 'CodeBuild') add('AWS::CodeBuild::Project', config.ProjectName, 'Configuration.ProjectName');
  if (provider === 'CodeDeployToECS' || provider === 'CodeDeploy') {
    add('AWS::CodeDeploy::Application', config.ApplicationName, 'Configuration.ApplicationName');
    // reclaim names a deployment group `<application>/<group>`: a group name alone is unique only within its application.
    const group = config.DeploymentGroupName;
    if (literal(config.ApplicationName) && followable(group)) {
      add(
        'AWS::CodeDeploy::DeploymentGroup',
        typeof group === 'string' ? `${config.ApplicationName}/${group}` : group,
        'Configuration.DeploymentGroupName',
      );
    }
  }
  return references;
}

function referencesOf(pipeline: PipelineDeclaration, artifactStores: [string, ArtifactStore][]): Reference[] {
  const references: Reference[] = [];
  if (pipeline.roleArn) {
    references.push({ type: 'AWS::IAM::Role', id: pipeline.roleArn, via: 'RoleArn', kind: 'reference' });
  }
  if (pipeline.artifactStore?.location) {
    references.push({
      type: 'AWS::S3::Bucket',
      id: pipeline.artifactStore.location,
      via: 'ArtifactStore.Location',
      kind: 'reference',
    });
  }
  artifactStores.forEach(([, store], i) => {
    if (store.location) {
      references.push({
        type: 'AWS::S3::Bucket',
        id: store.location,
        via: `ArtifactStores.${i}.ArtifactStore.Location`,
        kind: 'reference',
      });
    }
  });
  (pipeline.stages ?? []).forEach((stage, i) => {
    (stage.actions ?? []).forEach((action, j) =>
      references.push(...actionReferences(action, `Stages.${i}.Actions.${j}`)),
    );
  });
  return references;
}

function toResource(pipeline: PipelineDeclaration, arn: string, tags: Record<string, string>): DiscoveredResource {
  const name = pipeline.name!;
  // Cross-region pipelines have one store per region instead of one ArtifactStore; CloudFormation lists them by region.
  const artifactStores = Object.entries(pipeline.artifactStores ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return {
    type: TYPE,
    physicalId: name,
    name,
    aliases: [arn],
    properties: {
      Name: name,
      RoleArn: pipeline.roleArn!,
      ...(pipeline.artifactStore ? { ArtifactStore: artifactStoreOf(pipeline.artifactStore) } : {}),
      ...(artifactStores.length
        ? {
            ArtifactStores: artifactStores.map(([region, store]) => ({
              Region: region,
              ArtifactStore: artifactStoreOf(store),
            })),
          }
        : {}),
      Stages: (pipeline.stages ?? []).map((stage) => ({
        Name: stage.name!,
        Actions: (stage.actions ?? []).map(actionOf),
      })),
      ...(pipeline.pipelineType ? { PipelineType: pipeline.pipelineType } : {}),
      ...(pipeline.executionMode ? { ExecutionMode: pipeline.executionMode } : {}),
      // RestartExecutionOnUpdate is a CloudFormation-only setting: the API does not report it, so it is never read.
    },
    attributes: { Arn: arn, ...(pipeline.version !== undefined ? { Version: pipeline.version } : {}) },
    tags,
    references: referencesOf(pipeline, artifactStores),
  };
}

async function readPipeline(
  ctx: DiscoveryContext,
  name: string,
  issues: ReadIssue[],
): Promise<DiscoveredResource | undefined> {
  const about = { type: TYPE, physicalIds: [name] };
  // The tags need only the ARN, which the name gives: read beside GetPipeline, not after it.
  const arn = `arn:${partitionOf(ctx.region)}:codepipeline:${ctx.region}:${ctx.account}:${name}`;
  const tags = ctx
    .limit(() => ctx.clients.codepipeline.send(new ListTagsForResourceCommand({ resourceArn: arn })))
    .then(
      (output) => ({
        ok: true as const,
        tags: Object.fromEntries((output.tags ?? []).map((tag) => [tag.key!, tag.value ?? ''])),
      }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  let pipeline: PipelineDeclaration;
  try {
    const output = await ctx.limit(() => ctx.clients.codepipeline.send(new GetPipelineCommand({ name })));
    if (!output.pipeline) return void (await tags);
    pipeline = output.pipeline;
  } catch (error) {
    await tags;
    if (!isNotFound(error)) issues.push(readIssue('codepipeline:GetPipeline', error, about));
    return undefined;
  }
  const read = await tags;
  if (!read.ok) {
    issues.push(readIssue('codepipeline:ListTagsForResource', read.error, about));
    return { ...toResource(pipeline, arn, {}), unknown: true };
  }
  return toResource(pipeline, arn, read.tags);
}

export const codepipelinePipelineHandler: KindHandler = {
  type: TYPE,
  canonicalId: pipelineNameFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    // CodePipeline has no batch read: one GetPipeline per name, run concurrently under the limiter.
    const read = await Promise.all(physicalIds.map((name) => readPipeline(ctx, name, issues)));
    return { resources: read.filter((resource): resource is DiscoveredResource => resource !== undefined), issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (nextToken) => ctx.clients.codepipeline.send(new ListPipelinesCommand({ nextToken })),
      (page) => page.nextToken,
    );
    return pages
      .flatMap((page) => page.pipelines ?? [])
      .map((pipeline) => ({ physicalId: pipeline.name!, name: pipeline.name! }));
  },
};
