import type { ContainerDefinition, RegisterTaskDefinitionCommandInput, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Properties } from '../../model/resource.js';
import { mergeDeclared, toApiShape, withoutNulls } from './api-shape.js';

/**
 * A task definition revision as RegisterTaskDefinition takes it: what
 * DescribeTaskDefinition reports, less what ECS fills in itself (ARN,
 * revision, status, compatibilities, registration facts).
 */
const REGISTRABLE = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
] as const satisfies readonly (keyof RegisterTaskDefinitionCommandInput & keyof TaskDefinition)[];

/** The live revision as a RegisterTaskDefinition input (with its tags). */
export function registrableOf(live: TaskDefinition, tags: readonly Tag[]): RegisterTaskDefinitionCommandInput {
  const input: Record<string, unknown> = {};
  for (const member of REGISTRABLE) if (live[member] !== undefined) input[member] = live[member];
  if (tags.length > 0) input.tags = tags.map((tag) => ({ key: tag.key, value: tag.value }));
  return withoutNulls(input) as unknown as RegisterTaskDefinitionCommandInput;
}

/** Declared `Tags`, as a `{key: value}` map (what `reclaim import` writes) or CloudFormation's `[{Key, Value}]`. */
function tagsOf(declared: unknown): Tag[] {
  if (Array.isArray(declared)) {
    return declared.map((tag: { Key?: unknown; Value?: unknown }) => ({
      key: String(tag.Key),
      value: String(tag.Value ?? ''),
    }));
  }
  if (declared && typeof declared === 'object') {
    return Object.entries(declared).map(([key, value]) => ({ key, value: String(value) }));
  }
  return [];
}

/** An ECR image without its tag or digest: `…/bash-dog-api:latest` and `…/bash-dog-api@sha256:…` are one repository. */
const ecrRepositoryOf = (image: string): string | undefined =>
  image.includes('.dkr.ecr.') ? image.replace(/(@sha256:[0-9a-f]+|:[^:/]+)$/, '') : undefined;

const numeric = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

/**
 * The container as declared over the live one of the same name. The pipeline's
 * build retags ECR images and CodeDeploy deploys them, so an ECR image that
 * names the same repository as live keeps live's tag or digest (drift
 * compares images by repository too): reclaim never rolls a service back to
 * an older build.
 */
function container(declared: ContainerDefinition, live: ContainerDefinition | undefined): ContainerDefinition {
  const merged: ContainerDefinition = { ...declared };
  for (const member of ['cpu', 'memory', 'memoryReservation'] as const) {
    if (merged[member] !== undefined) merged[member] = numeric(merged[member]) as number;
  }
  const repository = merged.image ? ecrRepositoryOf(merged.image) : undefined;
  if (live?.image && repository !== undefined && repository === ecrRepositoryOf(live.image)) merged.image = live.image;
  return merged;
}

/**
 * The revision to register: the declared properties (CloudFormation shape,
 * references resolved) merged over the live revision, so that everything the
 * file does not declare (volumes, runtime platform, a port mapping's app
 * protocol) carries over. The declared containers are the whole list.
 */
export function declaredRevision(
  live: RegisterTaskDefinitionCommandInput,
  declared: Properties,
): RegisterTaskDefinitionCommandInput {
  const { Tags: declaredTags, ...rest } = declared;
  const merged = mergeDeclared(toApiShape(rest), live) as RegisterTaskDefinitionCommandInput;
  const liveContainers = new Map((live.containerDefinitions ?? []).map((item) => [item.name, item]));
  const revision: RegisterTaskDefinitionCommandInput = {
    ...merged,
    // The API takes task-level cpu and memory as strings ("512"); a file may hold numbers.
    ...(merged.cpu !== undefined ? { cpu: String(merged.cpu) } : {}),
    ...(merged.memory !== undefined ? { memory: String(merged.memory) } : {}),
    containerDefinitions: (merged.containerDefinitions ?? []).map((item) =>
      container(item, liveContainers.get(item.name)),
    ),
  };
  if (declaredTags !== undefined) {
    const tags = tagsOf(declaredTags);
    if (tags.length > 0) revision.tags = tags;
    else delete revision.tags;
  }
  return withoutNulls(revision);
}
