import {
  AddTagsCommand,
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupCommand,
  RemoveTagsCommand,
  type Matcher,
  type ProtocolEnum,
  type TargetTypeEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isNotFound } from '../../discover/aws-errors.js';
import { elbv2TargetGroupHandler } from '../../discover/kinds/elbv2-target-group.js';
import type { Properties } from '../../model/resource.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { retryWhile } from '../wait.js';
import {
  assertCreatable,
  defined,
  optionalBoolean,
  optionalNumber,
  optionalString,
  planUpdate,
  requiredString,
} from './converge.js';
import { declaredTags, tagChanges, tagList } from './tags.js';

const TYPE = 'AWS::ElasticLoadBalancingV2::TargetGroup' as const;

/** A listener or service deleted a moment ago can still hold the group for a little while. */
const IN_USE = new Set(['ResourceInUse', 'ResourceInUseException']);

/** The health check, as ModifyTargetGroup changes it in place. */
const HEALTH_CHECK = [
  'HealthCheckEnabled',
  'HealthCheckPath',
  'HealthCheckPort',
  'HealthCheckProtocol',
  'HealthCheckIntervalSeconds',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
  'Matcher',
] as const;

/**
 * What `update` changes in place. Name, Port, Protocol, ProtocolVersion,
 * TargetType and VpcId are fixed when a group is made (CloudFormation
 * replaces the group for them), so an update asked to change one refuses.
 */
const UPDATABLE = new Set<string>([...HEALTH_CHECK, 'Tags']);

/** What `create` writes. */
const CREATABLE = new Set<string>(['Name', 'Port', 'Protocol', 'ProtocolVersion', 'TargetType', 'VpcId', ...UPDATABLE]);

function matcherOf(value: unknown): Matcher | undefined {
  if (value === undefined || value === null) return undefined;
  const matcher = value as Readonly<Record<string, unknown>>;
  return defined({ HttpCode: optionalString(matcher.HttpCode), GrpcCode: optionalString(matcher.GrpcCode) });
}

/** The declared health check fields among `names`, in the API's shape. */
function healthCheck(properties: Properties, names: ReadonlySet<string>) {
  const pick = (name: (typeof HEALTH_CHECK)[number]) => (names.has(name) ? properties[name] : undefined);
  return defined({
    HealthCheckEnabled: optionalBoolean(pick('HealthCheckEnabled')),
    HealthCheckPath: optionalString(pick('HealthCheckPath')),
    HealthCheckPort: optionalString(pick('HealthCheckPort')),
    HealthCheckProtocol: optionalString(pick('HealthCheckProtocol')) as ProtocolEnum | undefined,
    HealthCheckIntervalSeconds: optionalNumber(pick('HealthCheckIntervalSeconds')),
    HealthCheckTimeoutSeconds: optionalNumber(pick('HealthCheckTimeoutSeconds')),
    HealthyThresholdCount: optionalNumber(pick('HealthyThresholdCount')),
    UnhealthyThresholdCount: optionalNumber(pick('UnhealthyThresholdCount')),
    Matcher: matcherOf(pick('Matcher')),
  });
}

async function syncTags(ctx: WriterContext, arn: string, declared: unknown, live: Record<string, string>) {
  const { set, remove } = tagChanges(declared, live);
  if (Object.keys(set).length > 0) {
    await ctx.clients.elbv2.send(new AddTagsCommand({ ResourceArns: [arn], Tags: tagList(set) }));
  }
  if (remove.length > 0) await ctx.clients.elbv2.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: remove }));
}

export const elbv2TargetGroupWriter: KindWriter = {
  type: TYPE,

  /** One CreateTargetGroup call, health check and tags included. Returns the group's ARN. */
  async create(ctx, change) {
    const properties = change.properties;
    assertCreatable(properties, CREATABLE);
    const tags = tagList(declaredTags(properties.Tags));
    const created = await ctx.clients.elbv2.send(
      new CreateTargetGroupCommand(
        defined({
          Name: requiredString(properties, 'Name'),
          Port: optionalNumber(properties.Port),
          Protocol: optionalString(properties.Protocol) as ProtocolEnum | undefined,
          ProtocolVersion: optionalString(properties.ProtocolVersion),
          TargetType: optionalString(properties.TargetType) as TargetTypeEnum | undefined,
          VpcId: optionalString(properties.VpcId),
          ...healthCheck(properties, CREATABLE),
          Tags: tags.length > 0 ? tags : undefined,
        }),
      ),
    );
    return { physicalId: created.TargetGroups![0]!.TargetGroupArn! };
  },

  /** The health check fields and Matcher the plan names, in one ModifyTargetGroup; then tags. */
  async update(ctx, change) {
    const { live, todo } = await planUpdate(ctx, change, elbv2TargetGroupHandler, UPDATABLE);
    const arn = change.physicalId;
    const modified = healthCheck(change.properties, todo);
    if (Object.keys(modified).length > 0) {
      await ctx.clients.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, ...modified }));
    }
    if (todo.has('Tags')) await syncTags(ctx, arn, change.properties.Tags, { ...live.tags });
  },

  /** The registered targets are deregistered with the group. */
  async delete(ctx, change) {
    const arn = change.physicalId;
    try {
      await ctx.clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }));
      await retryWhile(
        () => ctx.clients.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })),
        IN_USE,
        ctx.wait,
        () => ctx.note('the target group is still in use; waiting for its listener or service to let go'),
      );
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
