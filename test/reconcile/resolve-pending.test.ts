import { describe, expect, it } from 'vitest';
import type { CreateChange } from '../../src/model/plan.js';
import { asLogicalId } from '../../src/model/resource.js';
import { resolvePending, type CreatedResource } from '../../src/reconcile/resolve-pending.js';

const where = { account: '123456789012', region: 'us-east-2' };
const change = (properties: Record<string, unknown>): CreateChange => ({
  action: 'create',
  id: asLogicalId('Project'),
  type: 'AWS::CodeBuild::Project',
  reason: 'declared, but not found live',
  properties,
});

describe('resolvePending', () => {
  const created = new Map<string, CreatedResource>([
    ['BuildRole', { type: 'AWS::IAM::Role', physicalId: 'bash-dog-build-role' }],
    ['BuildLogs', { type: 'AWS::Logs::LogGroup', physicalId: '/aws/codebuild/bash-dog' }],
    [
      'Blue',
      {
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        physicalId: 'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/bash-dog-blue/0123456789abcdef',
      },
    ],
  ]);

  it('fills in references to resources created earlier in the run', () => {
    const resolved = resolvePending(
      change({
        ServiceRole: { 'Fn::GetAtt': ['BuildRole', 'Arn'] },
        LogsConfig: { CloudWatchLogs: { GroupName: { Ref: 'BuildLogs' } } },
        Description: { 'Fn::Sub': 'logs in ${BuildLogs}, role ${BuildRole.Arn}, literal ${!Keep}' },
        TargetGroups: [{ Name: { 'Fn::GetAtt': ['Blue', 'TargetGroupName'] } }],
      }),
      created,
      where,
    );
    expect(resolved).toMatchObject({
      properties: {
        ServiceRole: 'arn:aws:iam::123456789012:role/bash-dog-build-role',
        LogsConfig: { CloudWatchLogs: { GroupName: '/aws/codebuild/bash-dog' } },
        Description:
          'logs in /aws/codebuild/bash-dog, role arn:aws:iam::123456789012:role/bash-dog-build-role, literal ${Keep}',
        TargetGroups: [{ Name: 'bash-dog-blue' }],
      },
    });
  });

  it('refuses a reference to something the run has not created', () => {
    expect(() => resolvePending(change({ ServiceRole: { Ref: 'Missing' } }), created, where)).toThrow(
      /refers to Missing/,
    );
  });
});
