import type { ManagedType } from '../model/resource-type.js';

/**
 * Whether CloudFormation can import a resource of each type reclaim manages,
 * and the values of the type's identifier properties (its registry schema's
 * `primaryIdentifier`, which `cfn-spec.json` carries; a test holds the two
 * together) for `create-change-set --change-set-type IMPORT`.
 *
 * CloudFormation's spec has no "supports import" flag: import needs a
 * registry-based (Cloud Control) type, listed in
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import-supported-resources.html.
 * Checked there for reclaim's types; a type CloudFormation adds later moves
 * from `reason` to `identifier` here.
 */
export type ImportSupport =
  | {
      readonly importable: true;
      /** Identifier property → value, from the physical id (pseudo parameters already replaced) and properties. */
      readonly identifier: (
        physicalId: string,
        properties: Readonly<Record<string, unknown>>,
      ) => Record<string, string>;
    }
  | { readonly importable: false; readonly reason: string };

const named =
  (property: string) =>
  (physicalId: string): Record<string, string> => ({ [property]: physicalId });

/** `arn:aws:ecs:R:A:service/CLUSTER/SERVICE` → the cluster's ARN, the second half of a service's identifier. */
export function clusterArnOfService(serviceArn: string): string {
  const match = /^(arn:[^:]+:ecs:[^:]*:[^:]*:)service\/([^/]+)\/[^/]+$/.exec(serviceArn);
  return match ? `${match[1]}cluster/${match[2]}` : '';
}

/** CloudFormation has no Cloudflare types: the front door stays with reclaim (or Terraform's cloudflare provider). */
const NOT_CLOUDFORMATION: ImportSupport = {
  importable: false,
  reason:
    'a Cloudflare resource: CloudFormation has no Cloudflare types, so it stays with reclaim (the Terraform cloudflare provider can take it over)',
};

export const IMPORT_SUPPORT: Readonly<Record<ManagedType, ImportSupport>> = {
  'AWS::CodePipeline::Pipeline': { importable: true, identifier: named('Name') },
  'AWS::CodeBuild::Project': {
    importable: false,
    reason:
      'AWS::CodeBuild::Project is not a registry (Cloud Control) type, and CloudFormation imports only those (see "Resource type support")',
  },
  'AWS::CodeDeploy::Application': { importable: true, identifier: named('ApplicationName') },
  'AWS::CodeDeploy::DeploymentGroup': {
    importable: true,
    // reclaim's physical id is APPLICATION/GROUP.
    identifier: (physicalId) => ({
      ApplicationName: physicalId.slice(0, physicalId.indexOf('/')),
      DeploymentGroupName: physicalId.slice(physicalId.indexOf('/') + 1),
    }),
  },
  'AWS::ECS::Cluster': { importable: true, identifier: named('ClusterName') },
  'AWS::ECS::Service': {
    importable: true,
    identifier: (physicalId) => ({ ServiceArn: physicalId, Cluster: clusterArnOfService(physicalId) }),
  },
  'AWS::ECS::TaskDefinition': { importable: true, identifier: named('TaskDefinitionArn') },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { importable: true, identifier: named('LoadBalancerArn') },
  'AWS::ElasticLoadBalancingV2::Listener': { importable: true, identifier: named('ListenerArn') },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { importable: true, identifier: named('TargetGroupArn') },
  'AWS::ElasticLoadBalancingV2::ListenerRule': { importable: true, identifier: named('RuleArn') },
  'AWS::CertificateManager::Certificate': {
    importable: false,
    reason:
      'a certificate uploaded to ACM has no CloudFormation shape (AWS::CertificateManager::Certificate only requests certificates), and reclaim does not read the validation method a requested one is declared with',
  },
  'AWS::ECR::Repository': { importable: true, identifier: named('RepositoryName') },
  'AWS::SecretsManager::Secret': { importable: true, identifier: named('Id') },
  'AWS::IAM::Role': { importable: true, identifier: named('RoleName') },
  'AWS::EC2::SecurityGroup': { importable: true, identifier: named('Id') },
  'AWS::Logs::LogGroup': { importable: true, identifier: named('LogGroupName') },
  'AWS::S3::Bucket': { importable: true, identifier: named('BucketName') },
  'AWS::CodeStarConnections::Connection': { importable: true, identifier: named('ConnectionArn') },
  'AWS::CloudFormation::Stack': {
    importable: false,
    reason:
      'a CloudFormation stack the console made stays a stack of its own (a stack cannot be nested by import); what it owns stays with it, and `reclaim cleanup` removes it once it owns nothing',
  },
  'Cloudflare::DNS::Zone': NOT_CLOUDFORMATION,
  'Cloudflare::DNS::Record': NOT_CLOUDFORMATION,
  'Cloudflare::Rulesets::ConfigRule': NOT_CLOUDFORMATION,
  'Cloudflare::SSL::OriginCACertificate': NOT_CLOUDFORMATION,
};
