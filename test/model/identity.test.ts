import { expect, it } from 'vitest';
import { identityOf } from '../../src/model/identity.js';

it.each([
  ['AWS::ECS::TaskDefinition', 'arn:aws:ecs:us-east-2:123456789012:task-definition/bash-dog:3', 'bash-dog'],
  ['AWS::ECS::TaskDefinition', 'bash-dog:12', 'bash-dog'],
  ['AWS::ECS::TaskDefinition', 'bash-dog', 'bash-dog'],
  [
    'AWS::ElasticLoadBalancingV2::TargetGroup',
    'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/bash-dog-main/927507b1e3191833',
    'bash-dog-main',
  ],
  [
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    'arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/bash-dog/bc070881e9a61ecd',
    'bash-dog',
  ],
  [
    'AWS::SecretsManager::Secret',
    'arn:aws:secretsmanager:us-east-2:123456789012:secret:bash-dog/ecs-envars-jmQEub',
    'bash-dog/ecs-envars',
  ],
  ['AWS::IAM::Role', 'bashDogExecutionRoleForECS', 'bashDogExecutionRoleForECS'],
  ['AWS::IAM::Role', 'arn:aws:iam::123456789012:role/bashDogExecutionRoleForECS', 'bashDogExecutionRoleForECS'],
  [
    'AWS::IAM::Role',
    'arn:aws:iam::123456789012:role/service-role/codebuild-bash-dog-build-project-service-role',
    'codebuild-bash-dog-build-project-service-role',
  ],
] as const)('%s %s is known as %s', (type, physicalId, identity) => {
  expect(identityOf(type, physicalId)).toBe(identity);
});
