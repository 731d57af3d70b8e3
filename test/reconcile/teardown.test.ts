import { describe, expect, it } from 'vitest';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import type { DeleteChange } from '../../src/model/plan.js';
import { asLogicalId } from '../../src/model/resource.js';
import { isOwnership } from '../../src/reconcile/order.js';
import { planTeardown } from '../../src/reconcile/teardown.js';
import { owns, resource, snapshot } from './support/snapshots.js';

/** The guide's stack in miniature, with a leftover, externals, and the console's stacks. */
function stackSnapshot() {
  return snapshot(
    [
      resource('Pipeline', 'AWS::CodePipeline::Pipeline', 'web-pipeline'),
      resource('PipelineRole', 'AWS::IAM::Role', 'web-pipeline-role', {
        attributes: { Arn: 'arn:role/web-pipeline-role' },
      }),
      resource('Bucket', 'AWS::S3::Bucket', 'codepipeline-us-east-2-1'),
      resource('Connection', 'AWS::CodeStarConnections::Connection', 'arn:connection/1'),
      resource('Project', 'AWS::CodeBuild::Project', 'web-build'),
      resource('BuildLogs', 'AWS::Logs::LogGroup', '/aws/codebuild/web'),
      resource('App', 'AWS::CodeDeploy::Application', 'AppECS-web'),
      resource('Group', 'AWS::CodeDeploy::DeploymentGroup', 'AppECS-web/Dgp'),
      resource('Service', 'AWS::ECS::Service', 'arn:service/web/web'),
      resource('Cluster', 'AWS::ECS::Cluster', 'web'),
      resource('TaskDefinition', 'AWS::ECS::TaskDefinition', 'arn:task-definition/web:2'),
      resource('OldRevision', 'AWS::ECS::TaskDefinition', 'arn:task-definition/web:1', { orphan: true }),
      resource('ExecutionRole', 'AWS::IAM::Role', 'webExecutionRole'),
      resource('Repository', 'AWS::ECR::Repository', 'web-api'),
      resource('Secret', 'AWS::SecretsManager::Secret', 'arn:secret:web'),
      resource('TaskLogs', 'AWS::Logs::LogGroup', '/ecs/web'),
      resource('Listener', 'AWS::ElasticLoadBalancingV2::Listener', 'arn:listener/web'),
      resource('LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'arn:lb/web'),
      resource('Blue', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'arn:tg/blue', {
        attributes: { LoadBalancerArns: ['arn:lb/web'] },
      }),
      resource('Certificate', 'AWS::CertificateManager::Certificate', 'arn:cert/1', {
        attributes: { InUseBy: ['arn:lb/web'] },
      }),
      resource('AlbGroup', 'AWS::EC2::SecurityGroup', 'sg-alb'),
      resource('ServiceGroup', 'AWS::EC2::SecurityGroup', 'sg-service'),
      resource('DefaultGroup', 'AWS::EC2::SecurityGroup', 'sg-default', { external: true }),
      resource('Subnet', 'AWS::EC2::Subnet', 'subnet-1', { external: true }),
      resource('Vpc', 'AWS::EC2::VPC', 'vpc-1', { external: true }),
      resource('ServiceStack', 'AWS::CloudFormation::Stack', 'ECS-Console-V2-Service-web', {
        attributes: { StackStatus: 'CREATE_COMPLETE' },
      }),
      resource('ClusterStack', 'AWS::CloudFormation::Stack', 'Infra-ECS-Cluster-web', {
        attributes: { StackStatus: 'CREATE_COMPLETE' },
      }),
    ],
    [
      ['Pipeline', 'PipelineRole', 'RoleArn'],
      ['Pipeline', 'Bucket', 'ArtifactStore.Location'],
      ['Pipeline', 'Connection', 'Stages.0.Actions.0.Configuration.ConnectionArn'],
      ['Pipeline', 'Project', 'Stages.1.Actions.0.Configuration.ProjectName'],
      ['Pipeline', 'Group', 'Stages.2.Actions.0.Configuration.DeploymentGroupName'],
      ['Project', 'BuildLogs', 'LogsConfig.CloudWatchLogs.GroupName'],
      ['Group', 'App', 'ApplicationName'],
      ['Group', 'Service', 'ECSServices.0'],
      ['Group', 'Blue', 'LoadBalancerInfo.TargetGroupPairInfoList.0.TargetGroups.0.Name'],
      ['Group', 'Listener', 'LoadBalancerInfo.TargetGroupPairInfoList.0.ProdTrafficRoute.ListenerArns.0'],
      ['Service', 'Cluster', 'Cluster'],
      ['Service', 'TaskDefinition', 'TaskDefinition'],
      ['Service', 'Blue', 'LoadBalancers.0.TargetGroupArn'],
      ['Service', 'ServiceGroup', 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.0'],
      ['Service', 'DefaultGroup', 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.1'],
      ['Service', 'Subnet', 'NetworkConfiguration.AwsvpcConfiguration.Subnets.0'],
      ['TaskDefinition', 'ExecutionRole', 'ExecutionRoleArn'],
      ['TaskDefinition', 'Repository', 'ContainerDefinitions.0.Image'],
      ['TaskDefinition', 'Secret', 'ContainerDefinitions.0.Secrets.0.ValueFrom'],
      ['TaskDefinition', 'TaskLogs', 'ContainerDefinitions.0.LogConfiguration.Options.awslogs-group'],
      ['OldRevision', 'ExecutionRole', 'ExecutionRoleArn'],
      ['OldRevision', 'Repository', 'ContainerDefinitions.0.Image'],
      ['Listener', 'LoadBalancer', 'LoadBalancerArn'],
      ['Listener', 'Certificate', 'Certificates.0.CertificateArn'],
      ['Listener', 'Blue', 'DefaultActions.0.TargetGroupArn'],
      ['LoadBalancer', 'AlbGroup', 'SecurityGroups.0'],
      ['LoadBalancer', 'Subnet', 'Subnets.0'],
      ['ServiceGroup', 'AlbGroup', 'SecurityGroupIngress.0.SourceSecurityGroupId'],
      ['AlbGroup', 'Vpc', 'VpcId'],
      ['Blue', 'Vpc', 'VpcId'],
      owns('ServiceStack', 'LoadBalancer'),
      owns('ServiceStack', 'Listener'),
      owns('ServiceStack', 'Blue'),
      owns('ClusterStack', 'Cluster'),
    ],
  );
}

const ids = (changes: readonly { id: string }[]) => changes.map((change) => change.id as string);

describe('planTeardown', () => {
  const shot = stackSnapshot();
  const { plan, kept } = planTeardown(shot, { createdAt: '2026-01-02T03:04:05.000Z' });
  const order = ids(plan.changes);

  it('plans every resource of the graph that is not external, and nothing else', () => {
    const expected = shot.resources.filter((r) => !r.external).map((r) => r.id as string);
    expect([...order].sort()).toEqual([...expected].sort());
    expect(kept).toEqual([]);
    expect(order).not.toContain('DefaultGroup');
    expect(order).not.toContain('Vpc');
    expect(order).not.toContain('Subnet');
  });

  it('deletes every resource before what it uses, in the issue’s sequence, stacks last', () => {
    for (const edge of shot.edges.filter((e) => !isOwnership(e))) {
      if (!order.includes(edge.from) || !order.includes(edge.to)) continue;
      expect(order.indexOf(edge.from), `${edge.from} before ${edge.to}`).toBeLessThan(order.indexOf(edge.to));
    }
    expect(order[0]).toBe('Pipeline');
    expect(order.slice(-2).sort()).toEqual(['ClusterStack', 'ServiceStack']);
    const at = (id: string) => order.indexOf(id);
    expect(at('Service')).toBeLessThan(at('TaskDefinition'));
    expect(at('Listener')).toBeLessThan(at('LoadBalancer'));
    expect(at('LoadBalancer')).toBeLessThan(at('Blue'));
    expect(at('Blue')).toBeLessThan(at('Cluster'));
    expect(at('ExecutionRole')).toBeLessThan(at('AlbGroup'));
    expect(at('ServiceGroup')).toBeLessThan(at('AlbGroup'));
    expect(at('Certificate')).toBeLessThan(at('Bucket'));
    expect(plan.changes.every((change) => !(change as DeleteChange).detach)).toBe(true);
  });

  it('makes a plan that matches the plan schema', () => {
    expect(plan.mode).toBe('teardown');
    const validate = schemaValidator('plan');
    expect(validate(JSON.parse(JSON.stringify(plan))), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
  });

  it('keeps the kept types with everything they use, and detaches the stacks that own what stays', () => {
    const result = planTeardown(shot, {
      keep: ['AWS::ECS::TaskDefinition', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
    });
    const why = Object.fromEntries(result.kept.map((finding) => [finding.id, finding]));
    expect(why.TaskDefinition).toMatchObject({ kind: 'kept-type' });
    for (const used of ['ExecutionRole', 'Repository', 'Secret', 'TaskLogs']) {
      expect(why[used], used).toMatchObject({ kind: 'used-by-kept' });
    }
    expect(why.AlbGroup?.why).toMatch(/used by LoadBalancer/);
    const planned = ids(result.plan.changes);
    expect(planned).toContain('Service');
    expect(planned).toContain('Listener');
    expect(planned).not.toContain('LoadBalancer');
    const serviceStack = result.plan.changes.find((change) => change.id === 'ServiceStack') as DeleteChange;
    expect(serviceStack).toMatchObject({ detach: true });
    expect(serviceStack.reason).toMatch(/owns LoadBalancer, which stays/);
    const clusterStack = result.plan.changes.find((change) => change.id === 'ClusterStack') as DeleteChange;
    expect(clusterStack.detach).toBeUndefined();
  });

  it('skips what something outside the graph uses, and what that uses', () => {
    const result = planTeardown(shot, {
      outsideUses: [
        {
          id: asLogicalId('Bucket'),
          by: 'other-pipeline (pipeline other-pipeline, ArtifactStore.Location)',
          user: { type: 'AWS::CodePipeline::Pipeline', physicalId: 'other-pipeline', via: ['ArtifactStore.Location'] },
        },
        { id: asLogicalId('ServiceGroup'), by: 'other (security group sg-other (other), SecurityGroupIngress.0)' },
      ],
    });
    const why = Object.fromEntries(result.kept.map((finding) => [finding.id, finding]));
    expect(why.Bucket).toMatchObject({
      kind: 'used-outside',
      why: 'used by other-pipeline (pipeline other-pipeline, ArtifactStore.Location)',
      usedBy: [{ type: 'AWS::CodePipeline::Pipeline', physicalId: 'other-pipeline', via: ['ArtifactStore.Location'] }],
    });
    expect(why.ServiceGroup?.kind).toBe('used-outside');
    expect(why.AlbGroup).toMatchObject({ kind: 'used-by-kept', why: 'used by ServiceGroup, which stays' });
    expect(ids(result.plan.changes)).not.toContain('Bucket');
    expect(ids(result.plan.changes)).toContain('Pipeline');
  });

  it('reads outside holders of certificates and target groups from the snapshot itself', () => {
    const held = {
      ...shot,
      resources: shot.resources.map((r) =>
        r.id === 'Certificate'
          ? { ...r, attributes: { InUseBy: ['arn:lb/web', 'arn:lb/someone-else'] } }
          : r.id === 'Blue'
            ? { ...r, attributes: { LoadBalancerArns: ['arn:lb/web', 'arn:lb/other'] } }
            : r,
      ),
    };
    const result = planTeardown(held);
    const why = Object.fromEntries(result.kept.map((finding) => [finding.id, finding.why]));
    expect(why.Certificate).toMatch(/arn:lb\/someone-else/);
    expect(why.Blue).toMatch(/arn:lb\/other/);
    const serviceStack = result.plan.changes.find((change) => change.id === 'ServiceStack') as DeleteChange;
    expect(serviceStack.detach).toBe(true);
  });

  it('never deletes a service-linked role', () => {
    const linked = snapshot([
      resource('Linked', 'AWS::IAM::Role', 'AWSServiceRoleForECS', {
        properties: { Path: '/aws-service-role/ecs.amazonaws.com/' },
      }),
    ]);
    const result = planTeardown(linked);
    expect(result.plan.changes).toEqual([]);
    expect(result.kept[0]).toMatchObject({ id: 'Linked', kind: 'aws-managed' });
  });

  it('refuses an unknown --keep type and a partial read', () => {
    expect(() => planTeardown(shot, { keep: ['AWS::EC2::VPC'] })).toThrow(/not a type reclaim manages/);
    const partial = { ...shot, issues: [{ operation: 'iam:GetRole', code: 'AccessDenied', message: 'no' }] };
    expect(() => planTeardown(partial)).toThrow(/iam:GetRole: AccessDenied/);
  });
});
