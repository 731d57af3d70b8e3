import { BatchGetProjectsCommand, ListProjectsCommand, type Project } from '@aws-sdk/client-codebuild';
import { readIssue } from '../aws-errors.js';
import type {
  DiscoveredResource,
  DiscoveryContext,
  KindHandler,
  ListedResource,
  ReadResult,
  Reference,
} from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import { ownRepositoryOf } from './ecr-repository.js';
import { secretIdFrom } from './secretsmanager-secret.js';
import type { Properties } from '../../model/resource.js';
import type { ReadIssue } from '../../model/snapshot.js';
import { set } from '../../util/properties.js';

const TYPE = 'AWS::CodeBuild::Project' as const;

/** BatchGetProjects takes at most 100 names per call. */
const BATCH_SIZE = 100;

/** The project name from a name or a project ARN (`arn:aws:codebuild:us-east-2:123456789012:project/bash-dog-build`). */
export function projectNameFrom(id: string): string {
  const arn = parseArn(id);
  return arn && arn.service === 'codebuild' ? arn.resource.replace(/^project\//, '') : id;
}

/** `{ [key]: value }` when AWS set the value, `{}` otherwise: snapshots are JSON and carry no undefined. */
/**
 * The log group the project's builds write to, when CloudWatch logging is on.
 * Logging is on by default, and without a group name CodeBuild writes to
 * `/aws/codebuild/<project>` (https://docs.aws.amazon.com/codebuild/latest/userguide/view-build-details.html).
 */
function logGroupOf(project: Project): string | undefined {
  const cloudWatch = project.logsConfig?.cloudWatchLogs;
  if (cloudWatch && cloudWatch.status !== 'ENABLED') return undefined;
  return cloudWatch?.groupName || `/aws/codebuild/${project.name!}`;
}

function logsConfigOf(project: Project): Properties | undefined {
  const logs = project.logsConfig;
  if (!logs?.cloudWatchLogs && !logs?.s3Logs) return undefined;
  return {
    ...(logs.cloudWatchLogs
      ? {
          CloudWatchLogs: {
            Status: logs.cloudWatchLogs.status ?? 'ENABLED',
            ...set('GroupName', logs.cloudWatchLogs.groupName),
            ...set('StreamName', logs.cloudWatchLogs.streamName),
          },
        }
      : {}),
    ...(logs.s3Logs
      ? {
          S3Logs: {
            Status: logs.s3Logs.status ?? 'DISABLED',
            ...set('Location', logs.s3Logs.location),
            ...set('EncryptionDisabled', logs.s3Logs.encryptionDisabled),
          },
        }
      : {}),
  };
}

/**
 * What the build environment uses: its image when it is in this account's
 * ECR, and the Secrets Manager secrets its variables name by ARN (a name
 * alone may be a secret's or a parameter's: not followed). Another stack's
 * build reading this stack's image or secret is a use guards must see.
 */
function environmentReferences(project: Project, ctx: DiscoveryContext): Reference[] {
  const references: Reference[] = [];
  const repository = ownRepositoryOf(project.environment?.image, ctx);
  if (repository) {
    references.push({ type: 'AWS::ECR::Repository', id: repository, via: 'Environment.Image', kind: 'reference' });
  }
  (project.environment?.environmentVariables ?? []).forEach((variable, index) => {
    if (variable.type !== 'SECRETS_MANAGER' || parseArn(variable.value ?? '')?.service !== 'secretsmanager') return;
    references.push({
      type: 'AWS::SecretsManager::Secret',
      id: secretIdFrom(variable.value!),
      via: `Environment.EnvironmentVariables.${index}.Value`,
      kind: 'reference',
    });
  });
  return references;
}

function toResource(project: Project, ctx: DiscoveryContext): DiscoveredResource {
  const name = project.name!;
  const { source, artifacts, environment } = project;
  const logsConfig = logsConfigOf(project);
  const references: Reference[] = [];
  if (project.serviceRole) {
    references.push({ type: 'AWS::IAM::Role', id: project.serviceRole, via: 'ServiceRole', kind: 'reference' });
  }
  references.push(...environmentReferences(project, ctx));
  const logGroup = logGroupOf(project);
  if (logGroup) {
    references.push({
      type: 'AWS::Logs::LogGroup',
      id: logGroup,
      via: 'LogsConfig.CloudWatchLogs.GroupName',
      kind: 'reference',
    });
  }
  return {
    type: TYPE,
    physicalId: name,
    name,
    properties: {
      Name: name,
      ...set('Description', project.description),
      ...set('ServiceRole', project.serviceRole),
      Source: {
        ...set('Type', source?.type),
        // CODEPIPELINE sources and artifacts have no location on AWS (the pipeline supplies them).
        ...set('Location', source?.location),
        ...set('BuildSpec', source?.buildspec),
        ...set('GitCloneDepth', source?.gitCloneDepth),
      },
      Artifacts: {
        ...set('Type', artifacts?.type),
        ...set('Location', artifacts?.location),
        ...set('Name', artifacts?.name),
        ...set('Path', artifacts?.path),
        ...set('NamespaceType', artifacts?.namespaceType),
        ...set('Packaging', artifacts?.packaging),
        ...set('EncryptionDisabled', artifacts?.encryptionDisabled),
      },
      Environment: {
        ...set('Type', environment?.type),
        ...set('Image', environment?.image),
        ...set('ComputeType', environment?.computeType),
        // Docker builds (`docker build` in the buildspec) need privileged mode; AWS reports false when unset.
        PrivilegedMode: environment?.privilegedMode ?? false,
        ...set('ImagePullCredentialsType', environment?.imagePullCredentialsType),
        ...(environment?.environmentVariables?.length
          ? {
              // PARAMETER_STORE and SECRETS_MANAGER variables carry the secret's name here, never its value.
              EnvironmentVariables: environment.environmentVariables.map((variable) => ({
                Name: variable.name!,
                Value: variable.value ?? '',
                Type: variable.type ?? 'PLAINTEXT',
              })),
            }
          : {}),
      },
      ...set('TimeoutInMinutes', project.timeoutInMinutes),
      ...set('QueuedTimeoutInMinutes', project.queuedTimeoutInMinutes),
      ...set('ConcurrentBuildLimit', project.concurrentBuildLimit),
      ...set('LogsConfig', logsConfig),
    },
    attributes: { Arn: project.arn! },
    tags: Object.fromEntries((project.tags ?? []).map((tag) => [tag.key!, tag.value ?? ''])),
    references,
  };
}

async function batchGet(ctx: DiscoveryContext, names: readonly string[], issues: ReadIssue[]): Promise<Project[]> {
  try {
    const output = await ctx.limit(() =>
      ctx.clients.codebuild.send(new BatchGetProjectsCommand({ names: [...names] })),
    );
    // Missing names come back in `projectsNotFound` (moto leaves them out): either way they are simply absent.
    return output.projects ?? [];
  } catch (error) {
    issues.push(readIssue('codebuild:BatchGetProjects', error, { type: TYPE, physicalIds: names }));
    return [];
  }
}

export const codebuildProjectHandler: KindHandler = {
  type: TYPE,
  canonicalId: projectNameFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const batches: string[][] = [];
    for (let start = 0; start < physicalIds.length; start += BATCH_SIZE) {
      batches.push(physicalIds.slice(start, start + BATCH_SIZE));
    }
    const projects = (await Promise.all(batches.map((names) => batchGet(ctx, names, issues)))).flat();
    // BatchGetProjects returns tags with the project: one call reads everything.
    return { resources: projects.map((project) => toResource(project, ctx)), issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (nextToken) => ctx.clients.codebuild.send(new ListProjectsCommand({ nextToken })),
      (page) => page.nextToken,
    );
    return pages.flatMap((page) => page.projects ?? []).map((name) => ({ physicalId: name, name }));
  },
};
