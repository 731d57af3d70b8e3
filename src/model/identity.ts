import type { ResourceType } from './resource-type.js';

/**
 * What makes two physical ids the same resource for desired-state purposes.
 *
 * - A task definition is declared by its family: every blue/green deployment
 *   registers a new revision, and which revision runs is CodeDeploy's
 *   business, not drift.
 * - Target groups, load balancers and secrets are known by name: their ARNs
 *   end in a random suffix, so one re-created under the same name (by apply,
 *   or by hand) is still the declared resource. AWS keeps those names unique
 *   within an account and region.
 * - A role is known by its name, which reclaim uses as its physical id; its
 *   ARN (`arn:aws:iam::ACCOUNT:role/PATH/NAME`) names it too, so a reference
 *   by ARN is a reference to the role even when the role itself could not be read.
 * - Everything else is its physical id.
 */
export function identityOf(type: ResourceType, physicalId: string): string {
  switch (type) {
    case 'AWS::ECS::TaskDefinition':
      return taskDefinitionFamily(physicalId);
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      return /:targetgroup\/([^/]+)\//.exec(physicalId)?.[1] ?? physicalId;
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return /:loadbalancer\/(?:app|net|gwy)\/([^/]+)\//.exec(physicalId)?.[1] ?? physicalId;
    case 'AWS::IAM::Role':
      return /^arn:[^:]+:iam::[0-9]*:role\/(?:.*\/)?([^/]+)$/.exec(physicalId)?.[1] ?? physicalId;
    case 'AWS::SecretsManager::Secret':
      // arn:…:secret:NAME-AbCdEf: Secrets Manager appends a dash and six random characters.
      return /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(physicalId)?.[1] ?? physicalId;
    default:
      return physicalId;
  }
}

/** `arn:…:task-definition/bash-dog:3`, `bash-dog:3` or `bash-dog` → `bash-dog`. */
export function taskDefinitionFamily(id: string): string {
  const marker = ':task-definition/';
  const afterSlash = id.includes(marker) ? id.slice(id.indexOf(marker) + marker.length) : id;
  return afterSlash.replace(/:\d+$/, '');
}
