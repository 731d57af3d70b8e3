import {
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type ContainerDefinition,
  type Tag,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { errorCode, isNotFound, readIssue } from '../aws-errors.js';
import type {
  DiscoveredResource,
  DiscoveryContext,
  KindHandler,
  ListedResource,
  ReadResult,
  Reference,
} from '../kind-handler.js';
import { allPages } from '../paginate.js';
import { ownRepositoryOf } from './ecr-repository.js';
import { secretIdFrom } from './secretsmanager-secret.js';
import { parseArn } from '../../util/arn.js';
import type { Properties } from '../../model/resource.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::ECS::TaskDefinition' as const;

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `family:revision` from the ARN (`arn:aws:ecs:us-east-2:123456789012:task-definition/bash-dog:7`). */
const familyRevisionOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);
const familyOf = (arn: string): string => familyRevisionOf(arn).replace(/:\d+$/, '');

const ref = (type: Reference['type'], id: string, via: string): Reference => ({ type, id, via, kind: 'reference' });

/** Drops undefined values, empty arrays and empty objects, so the snapshot never carries `undefined`. */
function compact(value: Record<string, unknown>): Properties {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => {
      if (v === undefined) return false;
      if (Array.isArray(v)) return v.length > 0;
      if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
      return true;
    }),
  );
}

function containerProperties(c: ContainerDefinition): Properties {
  return compact({
    Name: c.name,
    Image: c.image,
    Essential: c.essential,
    Cpu: c.cpu,
    Memory: c.memory,
    MemoryReservation: c.memoryReservation,
    Command: c.command,
    EntryPoint: c.entryPoint,
    WorkingDirectory: c.workingDirectory,
    PortMappings: (c.portMappings ?? []).map((p) =>
      compact({ ContainerPort: p.containerPort, HostPort: p.hostPort, Protocol: p.protocol, Name: p.name }),
    ),
    Environment: (c.environment ?? []).map((e) => compact({ Name: e.name, Value: e.value })),
    Secrets: (c.secrets ?? []).map((s) => ({ Name: s.name, ValueFrom: s.valueFrom })),
    LogConfiguration: c.logConfiguration
      ? compact({ LogDriver: c.logConfiguration.logDriver, Options: c.logConfiguration.options })
      : undefined,
    DependsOn: (c.dependsOn ?? []).map((d) => ({ ContainerName: d.containerName, Condition: d.condition })),
    HealthCheck: c.healthCheck
      ? compact({
          Command: c.healthCheck.command,
          Interval: c.healthCheck.interval,
          Timeout: c.healthCheck.timeout,
          Retries: c.healthCheck.retries,
          StartPeriod: c.healthCheck.startPeriod,
        })
      : undefined,
  });
}

/**
 * References out of one container. Only images in this account's and region's ECR become
 * references (a Docker Hub image, a public.ecr.aws image, or another account's registry is not
 * a repository this stack can own), and only secrets in Secrets Manager (SSM parameters are not a
 * managed type). An awslogs group in another region (`awslogs-region`) is not followed either.
 */
function containerReferences(c: ContainerDefinition, index: number, ctx: DiscoveryContext): Reference[] {
  const at = `ContainerDefinitions.${index}`;
  const references: Reference[] = [];
  const repository = ownRepositoryOf(c.image, ctx);
  if (repository) references.push(ref('AWS::ECR::Repository', repository, `${at}.Image`));
  (c.secrets ?? []).forEach((secret, j) => {
    if (parseArn(secret.valueFrom ?? '')?.service !== 'secretsmanager') return;
    references.push(
      ref('AWS::SecretsManager::Secret', secretIdFrom(secret.valueFrom!), `${at}.Secrets.${j}.ValueFrom`),
    );
  });
  const options = c.logConfiguration?.options ?? {};
  const group = options['awslogs-group'];
  const region = options['awslogs-region'];
  if (c.logConfiguration?.logDriver === 'awslogs' && group && (!region || region === ctx.region)) {
    references.push(ref('AWS::Logs::LogGroup', group, `${at}.LogConfiguration.Options.awslogs-group`));
  }
  return references;
}

function toResource(
  td: TaskDefinition,
  tags: Tag[],
  askedAs: ReadonlySet<string>,
  ctx: DiscoveryContext,
): DiscoveredResource {
  const arn = td.taskDefinitionArn!;
  const containers = td.containerDefinitions ?? [];
  const references: Reference[] = [];
  if (td.executionRoleArn) references.push(ref('AWS::IAM::Role', td.executionRoleArn, 'ExecutionRoleArn'));
  if (td.taskRoleArn) references.push(ref('AWS::IAM::Role', td.taskRoleArn, 'TaskRoleArn'));
  containers.forEach((c, index) => references.push(...containerReferences(c, index, ctx)));
  return {
    type: TYPE,
    physicalId: arn,
    name: td.family!,
    aliases: [...new Set([familyRevisionOf(arn), ...askedAs])].filter((alias) => alias !== arn),
    properties: compact({
      Family: td.family,
      Cpu: td.cpu,
      Memory: td.memory,
      NetworkMode: td.networkMode,
      RequiresCompatibilities: td.requiresCompatibilities,
      ExecutionRoleArn: td.executionRoleArn,
      TaskRoleArn: td.taskRoleArn,
      ContainerDefinitions: containers.map(containerProperties),
    }),
    attributes: { Revision: td.revision, Status: td.status, Arn: arn },
    tags: Object.fromEntries(tags.map((tag) => [tag.key!, tag.value ?? ''])),
    references,
  };
}

/** ECS answers a missing task definition with a generic ClientException, not a NotFound code. */
function isMissingTaskDefinition(error: unknown): boolean {
  if (isNotFound(error)) return true;
  return (
    errorCode(error) === 'ClientException' &&
    /unable to describe task definition/i.test(String((error as Error).message))
  );
}

/** `family:revision` → ARN. A bare family means "latest ACTIVE revision" and needs a call: left to `read`. */
export function taskDefinitionArnFrom(id: string, where: { account: string; region: string }): string {
  if (parseArn(id) || !/^[A-Za-z0-9_-]+:\d+$/.test(id)) return id;
  return `arn:${partitionOf(where.region)}:ecs:${where.region}:${where.account}:task-definition/${id}`;
}

export const ecsTaskDefinitionHandler: KindHandler = {
  type: TYPE,
  canonicalId: taskDefinitionArnFrom,

  /** There is no batch describe for task definitions: one DescribeTaskDefinition per id. */
  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const ids = [...new Set(physicalIds.map((id) => taskDefinitionArnFrom(id, ctx)))];
    const described = await Promise.all(
      ids.map(async (id) => {
        try {
          return await ctx.limit(() =>
            ctx.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: id, include: ['TAGS'] })),
          );
        } catch (error) {
          if (!isMissingTaskDefinition(error)) {
            issues.push(readIssue('ecs:DescribeTaskDefinition', error, { type: TYPE, physicalIds: [id] }));
          }
          return undefined;
        }
      }),
    );
    // A bare family and its `family:revision` may both have been asked for: one resource, both as aliases.
    const byArn = new Map<string, { td: TaskDefinition; tags: Tag[]; askedAs: Set<string> }>();
    described.forEach((output, index) => {
      const td = output?.taskDefinition;
      // Deregistered revisions stay describable as INACTIVE (then DELETE_IN_PROGRESS): gone for the stack.
      if (!td?.taskDefinitionArn || td.status !== 'ACTIVE') return;
      const entry = byArn.get(td.taskDefinitionArn) ?? { td, tags: output?.tags ?? [], askedAs: new Set<string>() };
      entry.askedAs.add(ids[index]!);
      byArn.set(td.taskDefinitionArn, entry);
    });
    const resources = [...byArn.values()].map(({ td, tags, askedAs }) => toResource(td, tags, askedAs, ctx));
    return { resources, issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (nextToken) =>
        ctx.clients.ecs.send(new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: 100, nextToken })),
      (page) => page.nextToken,
    );
    return pages
      .flatMap((page) => page.taskDefinitionArns ?? [])
      .map((arn) => ({ physicalId: arn, name: familyOf(arn) }));
  },
};
