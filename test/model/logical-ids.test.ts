import { describe, expect, it } from 'vitest';
import { assignLogicalIds, baseLogicalId } from '../../src/model/logical-ids.js';
import { NameMatcher } from '../../src/model/names.js';

const matcher = new NameMatcher('bash-dog');

describe('logical ids', () => {
  it.each([
    ['AWS::CodeBuild::Project', 'bash-dog-build-project', 'BuildProject'],
    ['AWS::CodePipeline::Pipeline', 'bash-dog-pipeline', 'Pipeline'],
    ['AWS::ECS::Service', 'bash-dog', 'Service'],
    ['AWS::IAM::Role', 'bashDogExecutionRoleForECS', 'ExecutionRoleForECS'],
    ['AWS::ElasticLoadBalancingV2::TargetGroup', 'bash-dog-main', 'MainTargetGroup'],
    ['AWS::ECR::Repository', 'bash-dog-api', 'ApiRepository'],
    ['AWS::CodeDeploy::Application', 'AppECS-bash-dog-bash-dog', 'AppECSApplication'],
    ['AWS::EC2::Subnet', 'subnet-0abc', 'Subnet0abc'],
  ] as const)('%s %s → %s', (type, name, id) => {
    expect(baseLogicalId({ type, name, physicalId: name, orphan: false }, matcher)).toBe(id);
  });

  it('gives live resources the plain id and numbers the rest, the same way every run', () => {
    const candidates = [
      { type: 'AWS::ECS::TaskDefinition' as const, name: 'bash-dog', physicalId: 'arn:td/bash-dog:1', orphan: true },
      { type: 'AWS::ECS::TaskDefinition' as const, name: 'bash-dog', physicalId: 'arn:td/bash-dog:3', orphan: false },
      { type: 'AWS::ECS::TaskDefinition' as const, name: 'bash-dog', physicalId: 'arn:td/bash-dog:2', orphan: true },
    ];
    const ids = assignLogicalIds(candidates, matcher);
    expect(ids.get('AWS::ECS::TaskDefinition|arn:td/bash-dog:3')).toBe('TaskDefinition');
    expect(ids.get('AWS::ECS::TaskDefinition|arn:td/bash-dog:1')).toBe('TaskDefinition2');
    expect(ids.get('AWS::ECS::TaskDefinition|arn:td/bash-dog:2')).toBe('TaskDefinition3');
    expect(assignLogicalIds([...candidates].reverse(), matcher)).toEqual(ids);
  });
});
