import { DescribeServicesCommand, ListServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ReadResult, Reference } from '../kind-handler.js';
import { clusterNameFrom } from './ecs-cluster.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import type { Properties } from '../../model/resource.js';
import type { ReadIssue } from '../../model/snapshot.js';
import { defined } from '../../util/properties.js';

const TYPE = 'AWS::ECS::Service' as const;

/** DescribeServices takes at most 10 services per call, all in one cluster. */
const BATCH = 10;

type Where = { account: string; region: string };

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The long-format service ARN, `arn:aws:ecs:REGION:ACCOUNT:service/CLUSTER/SERVICE`. */
export function serviceArn(cluster: string, service: string, where: Where): string {
  return `arn:${partitionOf(where.region)}:ecs:${where.region}:${where.account}:service/${cluster}/${service}`;
}

/**
 * Cluster and service name from a long-format ARN or `cluster/service` (the form CodeDeploy's
 * ECSServices gives). Short-format ARNs (`service/NAME`, accounts that never opted in to the long
 * format) and bare names do not say which cluster the service is in: undefined.
 */
export function parseServiceId(id: string): { cluster: string; service: string } | undefined {
  const arn = parseArn(id);
  if (arn && (arn.service !== 'ecs' || !arn.resource.startsWith('service/'))) return undefined;
  const path = arn ? arn.resource.slice('service/'.length) : id;
  const parts = path.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { cluster: clusterNameFrom(parts[0]), service: parts[1] };
}

/** Every service of a cluster, as long-format ARNs (whatever format the account lists them in). Throws on anything but a missing cluster. */
export async function listServicesInCluster(ctx: DiscoveryContext, cluster: string): Promise<string[]> {
  const clusterName = clusterNameFrom(cluster);
  try {
    const pages = await allPages(
      ctx,
      (nextToken) =>
        ctx.clients.ecs.send(new ListServicesCommand({ cluster: clusterName, maxResults: 100, nextToken })),
      (page) => page.nextToken,
    );
    return pages
      .flatMap((page) => page.serviceArns ?? [])
      .map((arn) => serviceArn(clusterName, arn.slice(arn.lastIndexOf('/') + 1), ctx));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

const ref = (type: Reference['type'], id: string, via: string): Reference => ({ type, id, via, kind: 'reference' });

/** The `via` paths match `propertiesOf`, which keeps AWS's order of load balancers, subnets and groups. */
function referencesOf(cluster: string, service: Service): Reference[] {
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  const at = 'NetworkConfiguration.AwsvpcConfiguration';
  return [
    ref('AWS::ECS::Cluster', cluster, 'Cluster'),
    ...(service.taskDefinition ? [ref('AWS::ECS::TaskDefinition', service.taskDefinition, 'TaskDefinition')] : []),
    ...(service.loadBalancers ?? []).flatMap((lb, index) => {
      const advanced = lb.advancedConfiguration;
      const at = `LoadBalancers.${index}.AdvancedConfiguration`;
      return [
        ...(lb.targetGroupArn
          ? [
              ref(
                'AWS::ElasticLoadBalancingV2::TargetGroup',
                lb.targetGroupArn,
                `LoadBalancers.${index}.TargetGroupArn`,
              ),
            ]
          : []),
        ...(advanced?.alternateTargetGroupArn
          ? [
              ref(
                'AWS::ElasticLoadBalancingV2::TargetGroup',
                advanced.alternateTargetGroupArn,
                `${at}.AlternateTargetGroupArn`,
              ),
            ]
          : []),
        // An NLB names listeners here instead of rules; only ALB rules are a type reclaim reads.
        ...[
          ['ProductionListenerRule', advanced?.productionListenerRule],
          ['TestListenerRule', advanced?.testListenerRule],
        ].flatMap(([name, arn]) =>
          arn?.includes(':listener-rule/')
            ? [ref('AWS::ElasticLoadBalancingV2::ListenerRule', arn, `${at}.${name}`)]
            : [],
        ),
        ...(advanced?.roleArn ? [ref('AWS::IAM::Role', advanced.roleArn, `${at}.RoleArn`)] : []),
      ];
    }),
    ...(service.deploymentConfiguration?.lifecycleHooks ?? []).flatMap((hook, index) =>
      hook.roleArn
        ? [ref('AWS::IAM::Role', hook.roleArn, `DeploymentConfiguration.LifecycleHooks.${index}.RoleArn`)]
        : [],
    ),
    ...(vpc?.subnets ?? []).map((subnet, index) => ref('AWS::EC2::Subnet', subnet, `${at}.Subnets.${index}`)),
    ...(vpc?.securityGroups ?? []).map((group, index) =>
      ref('AWS::EC2::SecurityGroup', group, `${at}.SecurityGroups.${index}`),
    ),
  ];
}

/**
 * The deployment configuration, read only when it names a strategy (ECS-native
 * ROLLING / BLUE_GREEN / LINEAR / CANARY, July 2025): before that, reclaim did
 * not manage the block, and a service that reports no strategy keeps it so.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
function deploymentConfigurationOf(service: Service): Properties | undefined {
  const configuration = service.deploymentConfiguration;
  if (!configuration?.strategy) return undefined;
  const linear = configuration.linearConfiguration;
  const canary = configuration.canaryConfiguration;
  return defined({
    Strategy: configuration.strategy,
    BakeTimeInMinutes: configuration.bakeTimeInMinutes,
    MaximumPercent: configuration.maximumPercent,
    MinimumHealthyPercent: configuration.minimumHealthyPercent,
    LifecycleHooks: configuration.lifecycleHooks?.map((hook) =>
      defined({
        HookTargetArn: hook.hookTargetArn,
        RoleArn: hook.roleArn,
        LifecycleStages: hook.lifecycleStages ? [...hook.lifecycleStages] : undefined,
      }),
    ),
    LinearConfiguration: linear
      ? defined({ StepPercent: linear.stepPercent, StepBakeTimeInMinutes: linear.stepBakeTimeInMinutes })
      : undefined,
    CanaryConfiguration: canary
      ? defined({ CanaryPercent: canary.canaryPercent, CanaryBakeTimeInMinutes: canary.canaryBakeTimeInMinutes })
      : undefined,
  });
}

function propertiesOf(cluster: string, service: Service): Properties {
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  const loadBalancers = (service.loadBalancers ?? []).map((lb) => ({
    ...(lb.containerName !== undefined ? { ContainerName: lb.containerName } : {}),
    ...(lb.containerPort !== undefined ? { ContainerPort: lb.containerPort } : {}),
    ...(lb.targetGroupArn !== undefined ? { TargetGroupArn: lb.targetGroupArn } : {}),
    ...(lb.advancedConfiguration
      ? {
          AdvancedConfiguration: defined({
            AlternateTargetGroupArn: lb.advancedConfiguration.alternateTargetGroupArn,
            ProductionListenerRule: lb.advancedConfiguration.productionListenerRule,
            TestListenerRule: lb.advancedConfiguration.testListenerRule,
            RoleArn: lb.advancedConfiguration.roleArn,
          }),
        }
      : {}),
  }));
  const deploymentConfiguration = deploymentConfigurationOf(service);
  return {
    ServiceName: service.serviceName,
    // `Ref` of an AWS::ECS::Cluster is its name, so that is the form the property takes.
    Cluster: cluster,
    ...(service.taskDefinition ? { TaskDefinition: service.taskDefinition } : {}),
    DesiredCount: service.desiredCount ?? 0,
    // A service that uses a capacity provider strategy has no launch type.
    ...(service.launchType ? { LaunchType: service.launchType } : {}),
    ...(service.platformVersion ? { PlatformVersion: service.platformVersion } : {}),
    DeploymentController: { Type: service.deploymentController?.type ?? 'ECS' },
    ...(deploymentConfiguration ? { DeploymentConfiguration: deploymentConfiguration } : {}),
    ...(service.healthCheckGracePeriodSeconds !== undefined
      ? { HealthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds }
      : {}),
    // With the CODE_DEPLOY controller this is the target group the service was created with;
    // CodeDeploy swaps traffic between the pair without rewriting it. Under ECS-native blue/green,
    // AdvancedConfiguration names the other of the pair, the listener rules and the role ECS uses.
    ...(loadBalancers.length > 0 ? { LoadBalancers: loadBalancers } : {}),
    ...(vpc
      ? {
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              ...(vpc.assignPublicIp ? { AssignPublicIp: vpc.assignPublicIp } : {}),
              SecurityGroups: [...(vpc.securityGroups ?? [])],
              Subnets: [...(vpc.subnets ?? [])],
            },
          },
        }
      : {}),
    ...(service.schedulingStrategy ? { SchedulingStrategy: service.schedulingStrategy } : {}),
    ...(service.enableECSManagedTags !== undefined ? { EnableECSManagedTags: service.enableECSManagedTags } : {}),
    // The API reports NONE when tags are not propagated; CloudFormation leaves the property out.
    ...(service.propagateTags && service.propagateTags !== 'NONE' ? { PropagateTags: service.propagateTags } : {}),
  };
}

function toResource(service: Service, ctx: DiscoveryContext): DiscoveredResource {
  const cluster = clusterNameFrom(service.clusterArn!);
  const name = service.serviceName!;
  const arn = serviceArn(cluster, name, ctx);
  const aliases = [
    `${cluster}/${name}`,
    ...(service.serviceArn && service.serviceArn !== arn ? [service.serviceArn] : []),
  ];
  return {
    type: TYPE,
    physicalId: arn,
    name,
    aliases,
    properties: propertiesOf(cluster, service),
    attributes: { Status: service.status, RunningCount: service.runningCount ?? 0, Arn: arn },
    tags: Object.fromEntries((service.tags ?? []).map((tag) => [tag.key!, tag.value ?? ''])),
    references: referencesOf(cluster, service),
  };
}

async function describe(
  ctx: DiscoveryContext,
  cluster: string,
  names: readonly string[],
  issues: ReadIssue[],
): Promise<Service[]> {
  try {
    const output = await ctx.limit(() =>
      ctx.clients.ecs.send(new DescribeServicesCommand({ cluster, services: [...names], include: ['TAGS'] })),
    );
    // Missing services come back in `failures` (MISSING). A deleted service lingers as DRAINING, then
    // INACTIVE (in moto, forever): both are gone as far as the stack is concerned.
    return (output.services ?? []).filter((service) => service.status === 'ACTIVE');
  } catch (error) {
    // ClusterNotFoundException: no cluster, so none of its services.
    if (!isNotFound(error)) {
      issues.push(
        readIssue('ecs:DescribeServices', error, {
          type: TYPE,
          physicalIds: names.map((name) => serviceArn(cluster, name, ctx)),
        }),
      );
    }
    return [];
  }
}

export const ecsServiceHandler: KindHandler = {
  type: TYPE,

  /** A long-format ARN is canonical already (and may name another account); `cluster/service` becomes one. */
  canonicalId(id, where) {
    if (parseArn(id)) return id;
    const parsed = parseServiceId(id);
    return parsed ? serviceArn(parsed.cluster, parsed.service, where) : id;
  },

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const byCluster = new Map<string, Set<string>>();
    const unresolvable: string[] = [];
    for (const id of physicalIds) {
      const parsed = parseServiceId(id);
      if (!parsed) {
        unresolvable.push(id);
        continue;
      }
      const names = byCluster.get(parsed.cluster) ?? new Set<string>();
      names.add(parsed.service);
      byCluster.set(parsed.cluster, names);
    }
    if (unresolvable.length > 0) {
      issues.push({
        operation: 'ecs:DescribeServices',
        code: 'UnresolvableServiceId',
        message: 'a service id must be a long-format ARN or cluster/service: the cluster is not known',
        type: TYPE,
        physicalIds: unresolvable,
      });
    }
    const calls: Promise<Service[]>[] = [];
    for (const [cluster, names] of byCluster) {
      const list = [...names];
      for (let start = 0; start < list.length; start += BATCH) {
        calls.push(describe(ctx, cluster, list.slice(start, start + BATCH), issues));
      }
    }
    const services = (await Promise.all(calls)).flat();
    return { resources: services.map((service) => toResource(service, ctx)), issues };
  },
};
