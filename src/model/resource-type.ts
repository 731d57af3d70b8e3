/**
 * The resource types reclaim understands, named by their CloudFormation type
 * names so that a graph exports to a template or to Terraform import blocks
 * without translation.
 */
export const MANAGED_TYPES = [
  'AWS::CodePipeline::Pipeline',
  'AWS::CodeBuild::Project',
  'AWS::CodeDeploy::Application',
  'AWS::CodeDeploy::DeploymentGroup',
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::CertificateManager::Certificate',
  'AWS::ECR::Repository',
  'AWS::SecretsManager::Secret',
  'AWS::IAM::Role',
  'AWS::EC2::SecurityGroup',
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::CodeStarConnections::Connection',
  'AWS::CloudFormation::Stack',
] as const;

/** Referenced and shown, never created or deleted. */
export const EXTERNAL_TYPES = ['AWS::EC2::VPC', 'AWS::EC2::Subnet'] as const;

export type ManagedType = (typeof MANAGED_TYPES)[number];
export type ExternalType = (typeof EXTERNAL_TYPES)[number];
export type ResourceType = ManagedType | ExternalType;

export const RESOURCE_TYPES: readonly ResourceType[] = [...MANAGED_TYPES, ...EXTERNAL_TYPES];

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}

/** `AWS::ECS::Service` → `Service`: the short name used in logical ids and summaries. */
export function shortTypeName(type: ResourceType): string {
  return type.slice(type.lastIndexOf('::') + 2);
}
