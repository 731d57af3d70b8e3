import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeClustersCommand } from '@aws-sdk/client-ecs';
import type { ResourceType } from '../model/resource-type.js';
import { parseArn } from '../util/arn.js';
import type { DiscoveryContext } from './kind-handler.js';
import { allPages } from './paginate.js';

export interface TagFilter {
  readonly key: string;
  readonly value: string;
}

export interface TaggedResource {
  readonly type: ResourceType;
  /** The ARN; each type's handler canonicalizes it. */
  readonly id: string;
}

/** ARN service and resource prefix → reclaim type, for what the Tagging API returns. */
const ARN_TYPES: ReadonlyArray<[service: string, prefix: string, type: ResourceType]> = [
  ['ecs', 'service/', 'AWS::ECS::Service'],
  ['ecs', 'task-definition/', 'AWS::ECS::TaskDefinition'],
  ['elasticloadbalancing', 'loadbalancer/', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
  ['elasticloadbalancing', 'targetgroup/', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
  ['elasticloadbalancing', 'listener/', 'AWS::ElasticLoadBalancingV2::Listener'],
  ['secretsmanager', 'secret:', 'AWS::SecretsManager::Secret'],
  ['logs', 'log-group:', 'AWS::Logs::LogGroup'],
  ['ec2', 'security-group/', 'AWS::EC2::SecurityGroup'],
  ['acm', 'certificate/', 'AWS::CertificateManager::Certificate'],
  ['s3', '', 'AWS::S3::Bucket'],
  ['ecr', 'repository/', 'AWS::ECR::Repository'],
  ['codebuild', 'project/', 'AWS::CodeBuild::Project'],
  ['codepipeline', '', 'AWS::CodePipeline::Pipeline'],
  ['codedeploy', 'application:', 'AWS::CodeDeploy::Application'],
  ['iam', 'role/', 'AWS::IAM::Role'],
  ['cloudformation', 'stack/', 'AWS::CloudFormation::Stack'],
];

/**
 * The Tagging API types to ask for. `ecs:cluster` is left out on purpose: some
 * endpoints (the moto emulator among them) fail the whole call when any
 * untagged cluster exists, so clusters are checked through ECS itself.
 */
const TAGGING_TYPE_FILTERS = [
  'ecs:service',
  'ecs:task-definition',
  'elasticloadbalancing:loadbalancer',
  'elasticloadbalancing:targetgroup',
  'secretsmanager:secret',
  'logs:log-group',
  'ec2:security-group',
  'acm:certificate',
  's3',
  'ecr:repository',
  'codebuild:project',
  'codepipeline:pipeline',
  'codedeploy:application',
  'iam:role',
  'cloudformation:stack',
];

export function typeOfArn(arn: string): ResourceType | undefined {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  return ARN_TYPES.find(([service, prefix]) => parsed.service === service && parsed.resource.startsWith(prefix))?.[2];
}

/** Everything that carries one of the tags, through the Tagging API plus ECS for clusters. */
export async function findTagged(
  ctx: DiscoveryContext,
  filters: readonly TagFilter[],
  clusterNames: readonly string[],
): Promise<TaggedResource[]> {
  const found: TaggedResource[] = [];
  for (const filter of filters) {
    const pages = await allPages(
      ctx,
      (PaginationToken) =>
        ctx.clients.tagging.send(
          new GetResourcesCommand({
            TagFilters: [{ Key: filter.key, Values: [filter.value] }],
            ResourceTypeFilters: TAGGING_TYPE_FILTERS,
            PaginationToken,
          }),
        ),
      (page) => page.PaginationToken,
    );
    for (const page of pages) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        const type = mapping.ResourceARN ? typeOfArn(mapping.ResourceARN) : undefined;
        if (type) found.push({ type, id: mapping.ResourceARN! });
      }
    }
  }
  for (let start = 0; start < clusterNames.length; start += 100) {
    const output = await ctx.limit(() =>
      ctx.clients.ecs.send(
        new DescribeClustersCommand({ clusters: clusterNames.slice(start, start + 100), include: ['TAGS'] }),
      ),
    );
    for (const cluster of output.clusters ?? []) {
      const tags = cluster.tags ?? [];
      const matches = filters.some((filter) =>
        tags.some((tag) => tag.key === filter.key && tag.value === filter.value),
      );
      if (matches && cluster.status !== 'INACTIVE') found.push({ type: 'AWS::ECS::Cluster', id: cluster.clusterName! });
    }
  }
  return found;
}
