/**
 * One table per CloudFormation type: the Terraform AWS provider resource, its
 * import id, what `Ref` and each `Fn::GetAtt` attribute are in Terraform, and
 * each CloudFormation property as provider arguments. A property a table does
 * not map is left out and listed, never dropped silently; a type without a
 * table stays out of the Terraform export, with the reason.
 * Argument names: https://registry.terraform.io/providers/hashicorp/aws/latest/docs
 */
import { attribute, block, type Expr, type HclItem } from './hcl.js';

/** Turns a CloudFormation value (intrinsics included) into an expression. */
export type Convert = (value: unknown) => Expr;

export interface TerraformMapping {
  readonly resource: string;
  /** The provider's import id, from the CloudFormation import identifier. */
  readonly importId: (identifier: Readonly<Record<string, string>>) => string;
  /** The Terraform attribute `Ref` stands for, and each `Fn::GetAtt` attribute's. */
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, (value: unknown, convert: Convert) => HclItem[]>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

/** A property that is one argument. */
const as =
  (name: string) =>
  (value: unknown, convert: Convert): HclItem[] => [attribute(name, convert(value))];

/** A structure that is one nested block, field by field. */
const blockOf =
  (name: string, fields: Readonly<Record<string, string>>) =>
  (value: unknown, convert: Convert): HclItem[] =>
    isRecord(value)
      ? [
          block(
            name,
            Object.entries(fields)
              .filter(([field]) => value[field] !== undefined)
              .map(([field, argument]) => attribute(argument, convert(value[field]))),
          ),
        ]
      : [];

/** A list of structures that is one repeated block. */
const blocksOf =
  (name: string, fields: Readonly<Record<string, string>>) =>
  (value: unknown, convert: Convert): HclItem[] =>
    records(value).flatMap((item) => blockOf(name, fields)(item, convert));

/** CloudFormation's `[{ Key, Value }]` (or reclaim's map) as the provider's `tags` map. */
const tags = (value: unknown, convert: Convert): HclItem[] => {
  const entries = Array.isArray(value)
    ? records(value).map((tag) => [String(tag.Key), tag.Value] as const)
    : isRecord(value)
      ? Object.entries(value)
      : [];
  return entries.length === 0
    ? []
    : [attribute('tags', { kind: 'object', entries: entries.map(([key, item]) => [key, convert(item)] as const) })];
};

const jsonArgument =
  (name: string) =>
  (value: unknown, convert: Convert): HclItem[] => [
    attribute(name, { kind: 'call', name: 'jsonencode', argument: convert(value) }),
  ];

/** A security group rule as an inline `ingress` / `egress` block: single sources become the provider's lists. */
const rules =
  (name: string) =>
  (value: unknown, convert: Convert): HclItem[] =>
    records(value).map((rule) => {
      const protocol = String(rule.IpProtocol);
      const body: HclItem[] = [
        attribute('protocol', convert(rule.IpProtocol)),
        attribute('from_port', convert(rule.FromPort ?? (protocol === '-1' ? 0 : rule.FromPort))),
        attribute('to_port', convert(rule.ToPort ?? (protocol === '-1' ? 0 : rule.ToPort))),
      ];
      if (rule.CidrIp !== undefined)
        body.push(attribute('cidr_blocks', { kind: 'list', items: [convert(rule.CidrIp)] }));
      if (rule.CidrIpv6 !== undefined)
        body.push(attribute('ipv6_cidr_blocks', { kind: 'list', items: [convert(rule.CidrIpv6)] }));
      const group = rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId;
      if (group !== undefined) body.push(attribute('security_groups', { kind: 'list', items: [convert(group)] }));
      if (rule.Description !== undefined) body.push(attribute('description', convert(rule.Description)));
      return block(name, body);
    });

const byName = (property: string) => (identifier: Readonly<Record<string, string>>) => identifier[property]!;

export const TERRAFORM_MAPPINGS: Readonly<Record<string, TerraformMapping>> = {
  'AWS::ECR::Repository': {
    resource: 'aws_ecr_repository',
    importId: byName('RepositoryName'),
    ref: 'name',
    attributes: { Arn: 'arn', RepositoryUri: 'repository_url' },
    properties: {
      RepositoryName: as('name'),
      ImageTagMutability: as('image_tag_mutability'),
      ImageScanningConfiguration: blockOf('image_scanning_configuration', { ScanOnPush: 'scan_on_push' }),
      EncryptionConfiguration: blockOf('encryption_configuration', {
        EncryptionType: 'encryption_type',
        KmsKey: 'kms_key',
      }),
      Tags: tags,
    },
  },
  'AWS::Logs::LogGroup': {
    resource: 'aws_cloudwatch_log_group',
    importId: byName('LogGroupName'),
    ref: 'name',
    attributes: { Arn: 'arn' },
    properties: { LogGroupName: as('name'), RetentionInDays: as('retention_in_days'), Tags: tags },
  },
  'AWS::S3::Bucket': {
    resource: 'aws_s3_bucket',
    importId: byName('BucketName'),
    ref: 'bucket',
    attributes: { Arn: 'arn', DomainName: 'bucket_domain_name', RegionalDomainName: 'bucket_regional_domain_name' },
    properties: { BucketName: as('bucket'), Tags: tags },
  },
  'AWS::IAM::Role': {
    resource: 'aws_iam_role',
    importId: byName('RoleName'),
    ref: 'name',
    attributes: { Arn: 'arn', RoleId: 'unique_id' },
    properties: {
      RoleName: as('name'),
      Path: as('path'),
      Description: as('description'),
      MaxSessionDuration: as('max_session_duration'),
      PermissionsBoundary: as('permissions_boundary'),
      AssumeRolePolicyDocument: jsonArgument('assume_role_policy'),
      ManagedPolicyArns: as('managed_policy_arns'),
      Policies: (value, convert) =>
        records(value).map((policy) =>
          block('inline_policy', [
            attribute('name', convert(policy.PolicyName)),
            attribute('policy', { kind: 'call', name: 'jsonencode', argument: convert(policy.PolicyDocument) }),
          ]),
        ),
      Tags: tags,
    },
  },
  'AWS::EC2::SecurityGroup': {
    resource: 'aws_security_group',
    importId: byName('Id'),
    ref: 'id',
    attributes: { GroupId: 'id', VpcId: 'vpc_id' },
    properties: {
      GroupName: as('name'),
      GroupDescription: as('description'),
      VpcId: as('vpc_id'),
      SecurityGroupIngress: rules('ingress'),
      SecurityGroupEgress: rules('egress'),
      Tags: tags,
    },
  },
  'AWS::ECS::Cluster': {
    resource: 'aws_ecs_cluster',
    importId: byName('ClusterName'),
    ref: 'name',
    attributes: { Arn: 'arn' },
    properties: {
      ClusterName: as('name'),
      ClusterSettings: blocksOf('setting', { Name: 'name', Value: 'value' }),
      Tags: tags,
    },
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    resource: 'aws_lb_target_group',
    importId: byName('TargetGroupArn'),
    ref: 'arn',
    attributes: { TargetGroupName: 'name', TargetGroupFullName: 'arn_suffix', LoadBalancerArns: 'load_balancer_arns' },
    properties: {
      Name: as('name'),
      Port: as('port'),
      Protocol: as('protocol'),
      ProtocolVersion: as('protocol_version'),
      TargetType: as('target_type'),
      VpcId: as('vpc_id'),
      Tags: tags,
    },
  },
  'AWS::SecretsManager::Secret': {
    resource: 'aws_secretsmanager_secret',
    importId: byName('Id'),
    ref: 'arn',
    attributes: { Id: 'arn' },
    properties: { Name: as('name'), Description: as('description'), KmsKeyId: as('kms_key_id'), Tags: tags },
  },
  'AWS::CodeDeploy::Application': {
    resource: 'aws_codedeploy_app',
    importId: byName('ApplicationName'),
    ref: 'name',
    attributes: {},
    properties: { ApplicationName: as('name'), ComputePlatform: as('compute_platform'), Tags: tags },
  },
  'AWS::CodeStarConnections::Connection': {
    resource: 'aws_codestarconnections_connection',
    importId: byName('ConnectionArn'),
    ref: 'arn',
    attributes: { ConnectionArn: 'arn' },
    properties: { ConnectionName: as('name'), ProviderType: as('provider_type'), Tags: tags },
  },
};

/** The target group's health check: CloudFormation's flat `HealthCheck*` properties are one provider block. */
export const TARGET_GROUP_HEALTH_CHECK: Readonly<Record<string, string>> = {
  HealthCheckEnabled: 'enabled',
  HealthCheckPath: 'path',
  HealthCheckPort: 'port',
  HealthCheckProtocol: 'protocol',
  HealthCheckIntervalSeconds: 'interval',
  HealthCheckTimeoutSeconds: 'timeout',
  HealthyThresholdCount: 'healthy_threshold',
  UnhealthyThresholdCount: 'unhealthy_threshold',
};
