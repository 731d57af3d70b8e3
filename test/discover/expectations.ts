import { expect } from 'vitest';
import type { Resource } from '../../src/model/resource.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { ExpectedResource, ScenarioFacts } from '../support/scenario.js';

/** Finds a resource of the snapshot by type and physical id, failing the test with a readable message when absent. */
export function resourceFor(snapshot: Snapshot, expected: ExpectedResource): Resource {
  const found = snapshot.resources.find(
    (resource) => resource.type === expected.type && resource.physicalId === expected.physicalId,
  );
  if (!found) {
    const sameType = snapshot.resources.filter((resource) => resource.type === expected.type).map((r) => r.physicalId);
    throw new Error(
      `no ${expected.type} ${expected.physicalId} in the snapshot; it has: ${sameType.join(', ') || 'none'}`,
    );
  }
  return found;
}

/** The edges DESIGN.md's table requires of the guide's stack, as (from, to, via pattern). */
export function requiredEdges(facts: ScenarioFacts): Array<[ExpectedResource, ExpectedResource, RegExp]> {
  const n = facts.names;
  const pipeline = { type: 'AWS::CodePipeline::Pipeline', physicalId: n.pipeline };
  const project = { type: 'AWS::CodeBuild::Project', physicalId: n.buildProject };
  const app = { type: 'AWS::CodeDeploy::Application', physicalId: n.codeDeployApp };
  const group = { type: 'AWS::CodeDeploy::DeploymentGroup', physicalId: `${n.codeDeployApp}/${n.deploymentGroup}` };
  const service = { type: 'AWS::ECS::Service', physicalId: n.serviceArn };
  const taskDefinition = { type: 'AWS::ECS::TaskDefinition', physicalId: n.taskDefinitionArn };
  const loadBalancer = { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', physicalId: n.loadBalancerArn };
  const listener = { type: 'AWS::ElasticLoadBalancingV2::Listener', physicalId: n.listenerArn };
  const blue = { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: n.blueTargetGroupArn };
  const green = { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: n.greenTargetGroupArn };
  const role = (name: string) => ({ type: 'AWS::IAM::Role', physicalId: name });
  const logGroup = (name: string) => ({ type: 'AWS::Logs::LogGroup', physicalId: name });
  const repository = (name: string) => ({ type: 'AWS::ECR::Repository', physicalId: name });
  const stack = (name: string) => ({ type: 'AWS::CloudFormation::Stack', physicalId: name });
  const vpc = { type: 'AWS::EC2::VPC', physicalId: n.vpcId };
  return [
    [pipeline, role(n.pipelineRole), /^RoleArn$/],
    [pipeline, { type: 'AWS::S3::Bucket', physicalId: n.bucket }, /^ArtifactStore/],
    [pipeline, { type: 'AWS::CodeStarConnections::Connection', physicalId: n.connectionArn }, /ConnectionArn$/],
    [pipeline, project, /ProjectName$/],
    [pipeline, group, /DeploymentGroupName$|Configuration/],
    [project, role(n.buildRole), /^ServiceRole$/],
    [project, logGroup(n.buildLogGroup), /^LogsConfig/],
    [group, app, /^ApplicationName$/],
    [group, role(n.codeDeployRole), /^ServiceRoleArn$/],
    [group, service, /^ECSServices/],
    [group, blue, /TargetGroups/],
    [group, green, /TargetGroups/],
    [group, listener, /ProdTrafficRoute/],
    [service, { type: 'AWS::ECS::Cluster', physicalId: n.cluster }, /^Cluster$/],
    [service, taskDefinition, /^TaskDefinition$/],
    [service, blue, /^LoadBalancers/],
    [service, { type: 'AWS::EC2::Subnet', physicalId: n.subnetIds[0]! }, /Subnets/],
    [service, { type: 'AWS::EC2::SecurityGroup', physicalId: n.serviceSecurityGroupId }, /SecurityGroups/],
    [taskDefinition, role(n.executionRole), /^ExecutionRoleArn$/],
    [taskDefinition, role(n.taskRole), /^TaskRoleArn$/],
    [taskDefinition, repository(n.repositories.api), /Image$/],
    [taskDefinition, repository(n.repositories.nginx), /Image$/],
    [taskDefinition, repository(n.repositories.sidecar), /Image$/],
    [taskDefinition, { type: 'AWS::SecretsManager::Secret', physicalId: n.secretArn }, /Secrets\.\d+\.ValueFrom$/],
    [taskDefinition, logGroup(n.taskLogGroup), /LogConfiguration/],
    [loadBalancer, { type: 'AWS::EC2::Subnet', physicalId: n.subnetIds[0]! }, /^Subnets/],
    [loadBalancer, { type: 'AWS::EC2::SecurityGroup', physicalId: n.albSecurityGroupId }, /^SecurityGroups/],
    [listener, loadBalancer, /^LoadBalancerArn$/],
    [listener, { type: 'AWS::CertificateManager::Certificate', physicalId: n.certificateArn }, /^Certificates/],
    [listener, blue, /^DefaultActions/],
    [blue, vpc, /^VpcId$/],
    [stack(n.serviceStack), loadBalancer, /^Resources\./],
    [stack(n.serviceStack), listener, /^Resources\./],
    [stack(n.serviceStack), blue, /^Resources\./],
    [stack(n.serviceStack), green, /^Resources\./],
    [stack(n.clusterStack), { type: 'AWS::ECS::Cluster', physicalId: n.cluster }, /^Resources\./],
  ];
}

/** Asserts everything issue 2 promises of a discovered console-built stack. */
export function expectCompleteDiscovery(snapshot: Snapshot, facts: ScenarioFacts): void {
  for (const expected of facts.live) {
    const resource = resourceFor(snapshot, expected);
    expect(resource.orphan, `${expected.type} ${expected.physicalId} should be live`).toBe(false);
    expect(resource.status, `${expected.type} ${expected.physicalId}`).toBe('read');
  }
  for (const expected of facts.debris) {
    expect(resourceFor(snapshot, expected).orphan, `${expected.type} ${expected.physicalId} is debris`).toBe(true);
  }
  for (const expected of facts.external) {
    const resource = resourceFor(snapshot, expected);
    expect(resource.external, `${expected.physicalId} is external`).toBe(true);
    expect(resource.orphan).toBe(false);
  }
  const expectedCount = facts.live.length + facts.debris.length + facts.external.length;
  const unexpected = snapshot.resources.filter(
    (resource) =>
      ![...facts.live, ...facts.debris, ...facts.external].some(
        (expected) => expected.type === resource.type && expected.physicalId === resource.physicalId,
      ),
  );
  expect(unexpected.map((resource) => `${resource.type} ${resource.physicalId}`)).toEqual([]);
  expect(snapshot.resources).toHaveLength(expectedCount);

  for (const [from, to, via] of requiredEdges(facts)) {
    const fromId = resourceFor(snapshot, from).id;
    const toId = resourceFor(snapshot, to).id;
    const edge = snapshot.edges.find(
      (candidate) => candidate.from === fromId && candidate.to === toId && via.test(candidate.via),
    );
    expect(edge, `edge ${fromId} → ${toId} via ${via}`).toBeDefined();
  }
}
