import type { ResourceType } from './resource-type.js';

/**
 * What makes two physical ids the same resource for desired-state purposes.
 *
 * A task definition is declared by its family: every blue/green deployment
 * registers a new revision, and which revision runs is CodeDeploy's business,
 * not drift. Everything else is its physical id.
 */
export function identityOf(type: ResourceType, physicalId: string): string {
  if (type === 'AWS::ECS::TaskDefinition') return taskDefinitionFamily(physicalId);
  return physicalId;
}

/** `arn:…:task-definition/bash-dog:3`, `bash-dog:3` or `bash-dog` → `bash-dog`. */
export function taskDefinitionFamily(id: string): string {
  const afterSlash = id.includes(':task-definition/')
    ? id.slice(id.indexOf(':task-definition/') + ':task-definition/'.length)
    : id;
  return afterSlash.replace(/:\d+$/, '');
}
