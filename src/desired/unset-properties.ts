import type { Properties } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';
import { NO_VALUE, type NoValue } from '../model/unset.js';
import { propertyAt, type TypeShape } from '../spec/cfn-spec.js';

/**
 * The properties import records as unset when it finds them unset live, by
 * type: what a person could add by hand to widen access or change behaviour
 * (an inline policy, an attached managed policy, a retention, a certificate),
 * and that reclaim's writers can take away again. A later value is then drift,
 * and apply removes it. A property not listed here, left out by import, stays
 * unmanaged. The form of the marker comes from CloudFormation's specification:
 * an empty list where the property is a list, `!Ref AWS::NoValue` otherwise.
 *
 * `Tags` is listed for the types whose writer updates tags. A security
 * group's rules and a repository's scan settings are listed although
 * discovery always reports them (rules `[]`, scan on push `false`), so they
 * stay managed should that change. An ECR repository's `RepositoryPolicyText`
 * is read with GetRepositoryPolicy and removed with DeleteRepositoryPolicy.
 * Left out: an S3 bucket policy, which is not a property of AWS::S3::Bucket
 * but the separate AWS::S3::BucketPolicy type (reclaim does not model it).
 */
export const UNSET_MANAGED: Readonly<Partial<Record<ResourceType, readonly string[]>>> = {
  'AWS::IAM::Role': ['Policies', 'ManagedPolicyArns', 'PermissionsBoundary', 'Tags'],
  'AWS::EC2::SecurityGroup': ['SecurityGroupIngress', 'SecurityGroupEgress', 'Tags'],
  'AWS::Logs::LogGroup': ['RetentionInDays', 'Tags'],
  'AWS::ECS::Service': ['LoadBalancers', 'NetworkConfiguration'],
  'AWS::ElasticLoadBalancingV2::Listener': ['Certificates'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['Tags'],
  'AWS::S3::Bucket': ['PublicAccessBlockConfiguration', 'Tags'],
  'AWS::ECR::Repository': ['ImageScanningConfiguration', 'RepositoryPolicyText', 'Tags'],
  'AWS::SecretsManager::Secret': ['Tags'],
};

/** The marker for "unset" of one property: `[]` for a list, `!Ref AWS::NoValue` for anything else. */
export function unsetMarker(type: string, property: string): readonly [] | NoValue {
  return isList(propertyAt(type, [property])?.type) ? [] : NO_VALUE;
}

/** A list, or a union that takes one (reclaim reads `Tags` as CloudFormation's list or as a map). */
const isList = (shape: TypeShape | undefined): boolean =>
  shape?.kind === 'array' || (shape?.kind === 'union' && shape.options.some((option) => option.kind === 'array'));

const isAbsent = (value: unknown): boolean =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** The properties with an unset marker for every unset-managed property live does not set. */
export function withUnsetMarkers(type: string, properties: Properties): Properties {
  const missing = (UNSET_MANAGED[type as ResourceType] ?? []).filter((name) => isAbsent(properties[name]));
  if (missing.length === 0) return properties;
  return { ...properties, ...Object.fromEntries(missing.map((name) => [name, unsetMarker(type, name)])) };
}
