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
  // Cloudflare, the stack's front door: named like CloudFormation types, shaped after the Terraform provider's resources.
  'Cloudflare::DNS::Zone',
  'Cloudflare::DNS::Record',
  'Cloudflare::Rulesets::ConfigRule',
  'Cloudflare::SSL::OriginCACertificate',
] as const;

/** The types read through the Cloudflare API: skipped (with one line saying so) when there is no API token. */
export const CLOUDFLARE_TYPES = [
  'Cloudflare::DNS::Zone',
  'Cloudflare::DNS::Record',
  'Cloudflare::Rulesets::ConfigRule',
  'Cloudflare::SSL::OriginCACertificate',
] as const satisfies readonly ManagedType[];

export const isCloudflareType = (type: string): boolean => type.startsWith('Cloudflare::');

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
