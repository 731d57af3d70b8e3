import { isIntrinsic, subPlaceholders, type Intrinsic } from '../desired/intrinsics.js';
import { partitionOf } from '../desired/pseudo.js';
import type { Change } from '../model/plan.js';
import type { ResourceType } from '../model/resource-type.js';

/** What the executor knows of a resource it created earlier in the same run. */
export interface CreatedResource {
  readonly type: ResourceType;
  readonly physicalId: string;
}

/** The ARN of a resource reclaim can create, from its physical id. */
export function arnOf(resource: CreatedResource, where: { account: string; region: string }): string {
  const partition = partitionOf(where.region);
  const { physicalId } = resource;
  if (physicalId.startsWith('arn:')) return physicalId;
  switch (resource.type) {
    case 'AWS::IAM::Role':
      return `arn:${partition}:iam::${where.account}:role/${physicalId}`;
    case 'AWS::Logs::LogGroup':
      return `arn:${partition}:logs:${where.region}:${where.account}:log-group:${physicalId}`;
    case 'AWS::ECR::Repository':
      return `arn:${partition}:ecr:${where.region}:${where.account}:repository/${physicalId}`;
    case 'AWS::EC2::SecurityGroup':
      return `arn:${partition}:ec2:${where.region}:${where.account}:security-group/${physicalId}`;
    default:
      return physicalId;
  }
}

function attributeOf(resource: CreatedResource, attribute: string, where: { account: string; region: string }): string {
  if (attribute === 'Arn') return arnOf(resource, where);
  if (attribute.endsWith('Name')) {
    // TargetGroupName, LoadBalancerName: the name inside the ARN.
    const named = /:(?:targetgroup|loadbalancer\/(?:app|net))\/([^/]+)\//.exec(resource.physicalId);
    return named ? named[1]! : resource.physicalId;
  }
  return resource.physicalId;
}

/**
 * Resolves the intrinsics a plan left for the executor: references to
 * resources the same plan creates, which have physical ids only once those
 * changes have run. Throws when a target was not created (yet).
 */
export function resolvePending(
  change: Change,
  created: ReadonlyMap<string, CreatedResource>,
  where: { account: string; region: string },
): Change {
  if (change.action === 'delete') return change;
  const reference = (target: string, attribute?: string): string => {
    const resource = created.get(target);
    if (!resource) throw new Error(`${change.id} refers to ${target}, which this run has not created`);
    return attribute ? attributeOf(resource, attribute, where) : resource.physicalId;
  };
  const resolve = (value: unknown): unknown => {
    if (isIntrinsic(value)) return resolveIntrinsic(value, reference);
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
    return value;
  };
  return { ...change, properties: resolve(change.properties) as Record<string, unknown> } as Change;
}

function resolveIntrinsic(value: Intrinsic, reference: (target: string, attribute?: string) => string): string {
  if ('Ref' in value) return reference(value.Ref);
  if ('Fn::GetAtt' in value) return reference(value['Fn::GetAtt'][0], value['Fn::GetAtt'][1]);
  let template = value['Fn::Sub'];
  for (const placeholder of subPlaceholders(template)) {
    const text = placeholder.attribute
      ? `\${${placeholder.target}.${placeholder.attribute}}`
      : `\${${placeholder.target}}`;
    template = template.replaceAll(text, reference(placeholder.target, placeholder.attribute));
  }
  return template.replaceAll('${!', '${');
}
