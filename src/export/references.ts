import { isIntrinsic, subPlaceholders, type Intrinsic } from '../desired/intrinsics.js';
import type { DesiredResource } from '../desired/types.js';
import { isNoValue } from '../model/unset.js';

/**
 * References in a template: a reference to a resource the template keeps
 * stays an intrinsic; a reference to one it leaves out (not importable,
 * owned by another stack) becomes the literal value, with account and region
 * as pseudo parameters (`!Sub arn:aws:…:${AWS::AccountId}:…`).
 *
 * One attribute means something else in reclaim than in CloudFormation:
 * `!GetAtt LogGroup.Arn` is the log group's ARN in reclaim, and that ARN
 * with `:*` appended in CloudFormation
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#aws-resource-logs-loggroup-return-values).
 * The template spells reclaim's meaning out instead, so a policy grants
 * what it granted before the hand-over.
 */
export interface ReferenceContext {
  readonly resources: Readonly<Record<string, DesiredResource>>;
  /** Logical ids the template declares. */
  readonly kept: ReadonlySet<string>;
  /** Attributes read live, by logical id (when exporting from a snapshot), preferred to composed ones. */
  readonly liveAttributes?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

/** A reference the export could not write as a literal: the referencing resource cannot be declared. */
export interface UnresolvedReference {
  readonly path: string;
  readonly target: string;
  readonly attribute?: string;
}

const LOG_GROUP_ARN = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:';

const nameOf = (resource: DesiredResource, key: string): string | undefined =>
  typeof resource.properties[key] === 'string' ? (resource.properties[key] as string) : undefined;

/** ARNs reclaim can compose from a name, for a resource whose ARN was not read live (a desired-state file alone). */
function composedArn(resource: DesiredResource): string | undefined {
  const id = resource.physicalId;
  if (id === undefined) return undefined;
  const regional = (service: string, rest: string) =>
    `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${rest}`;
  switch (resource.type) {
    case 'AWS::IAM::Role':
      return `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role${nameOf(resource, 'Path') ?? '/'}${id}`;
    case 'AWS::Logs::LogGroup':
      return `${LOG_GROUP_ARN}${id}`;
    case 'AWS::S3::Bucket':
      return `arn:\${AWS::Partition}:s3:::${id}`;
    case 'AWS::CodeBuild::Project':
      return regional('codebuild', `project/${id}`);
    case 'AWS::ECS::Cluster':
      return regional('ecs', `cluster/${id}`);
    case 'AWS::ECR::Repository':
      return regional('ecr', `repository/${id}`);
    case 'AWS::CodePipeline::Pipeline':
      return regional('codepipeline', id);
    default:
      return id.startsWith('arn:') ? id : undefined;
  }
}

/** What `Ref` (no attribute) or `Fn::GetAtt` of a left-out resource stands for, as a Sub template; `undefined` when unknown. */
export function literalFor(
  id: string,
  attribute: string | undefined,
  context: Pick<ReferenceContext, 'resources' | 'liveAttributes'>,
): string | undefined {
  const resource = context.resources[id];
  if (resource?.physicalId === undefined) return undefined;
  if (attribute === undefined) {
    // reclaim's physical id is what Ref returns, but for a deployment group it adds the application in front.
    return resource.type === 'AWS::CodeDeploy::DeploymentGroup'
      ? resource.physicalId.slice(resource.physicalId.indexOf('/') + 1)
      : resource.physicalId;
  }
  const live = context.liveAttributes?.get(id)?.[attribute];
  if (typeof live === 'string') return live;
  if (attribute === 'Arn') return composedArn(resource);
  if (attribute === 'TargetGroupName' || attribute === 'LoadBalancerName') return nameOf(resource, 'Name');
  if (attribute === 'Name' && resource.type === 'AWS::ECS::Service') return nameOf(resource, 'ServiceName');
  return undefined;
}

const asValue = (template: string): unknown =>
  template.includes('${') ? ({ 'Fn::Sub': template } satisfies Intrinsic) : template;

/** The template form of one `${X}` / `${X.Attr}` placeholder, or `undefined` to keep it. */
function placeholderFor(
  target: string,
  attribute: string | undefined,
  context: ReferenceContext,
): string | undefined | null {
  const resource = context.resources[target];
  if (!resource) return undefined; // a pseudo parameter
  if (context.kept.has(target)) {
    return resource.type === 'AWS::Logs::LogGroup' && attribute === 'Arn' ? `${LOG_GROUP_ARN}\${${target}}` : undefined;
  }
  return literalFor(target, attribute, context) ?? null;
}

/**
 * The properties as the template declares them. Every reference the export
 * cannot write is reported, never dropped; the caller leaves the resource out.
 */
export function templateReferences(
  value: unknown,
  context: ReferenceContext,
  unresolved: UnresolvedReference[],
  path = '',
): unknown {
  if (isIntrinsic(value) && !isNoValue(value)) {
    if ('Fn::Sub' in value) {
      const template = value['Fn::Sub'].replace(/\$\{([^!}][^}]*)\}/g, (whole, inner: string) => {
        const [{ target, attribute }] = subPlaceholders(`\${${inner}}`) as [{ target: string; attribute?: string }];
        const replaced = placeholderFor(target, attribute, context);
        if (replaced === null) unresolved.push({ path, target, ...(attribute ? { attribute } : {}) });
        return replaced ?? whole;
      });
      return { 'Fn::Sub': template };
    }
    const [target, attribute] = 'Ref' in value ? [value.Ref, undefined] : value['Fn::GetAtt'];
    const replaced = placeholderFor(target, attribute, context);
    if (replaced === undefined) return value;
    if (replaced === null) {
      unresolved.push({ path, target, ...(attribute ? { attribute } : {}) });
      return value;
    }
    // A kept log group's ARN written out is a template over its Ref; a left-out resource's is a literal.
    return context.kept.has(target) ? { 'Fn::Sub': replaced } : asValue(replaced);
  }
  if (Array.isArray(value))
    return value.map((item, index) => templateReferences(item, context, unresolved, `${path}.${index}`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        templateReferences(item, context, unresolved, path ? `${path}.${key}` : key),
      ]),
    );
  }
  return value;
}
