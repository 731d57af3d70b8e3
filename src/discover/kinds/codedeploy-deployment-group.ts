import {
  GetDeploymentGroupCommand,
  ListTagsForResourceCommand,
  type DeploymentGroupInfo,
} from '@aws-sdk/client-codedeploy';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ReadResult, Reference } from '../kind-handler.js';
import { partitionOf } from './codedeploy-application.js';
import { parseArn } from '../../util/arn.js';
import type { Properties } from '../../model/resource.js';
import type { ReadIssue } from '../../model/snapshot.js';
import { set } from '../../util/properties.js';

const TYPE = 'AWS::CodeDeploy::DeploymentGroup' as const;

/**
 * reclaim's physical id for a deployment group is `<application>/<group>`.
 * CloudFormation's `Ref` returns only the group name, but a group name is unique
 * only within its application, and every API call needs both. The form matches
 * the tail of the group's ARN (`…:deploymentgroup:bash-dog-app/bash-dog-dg`).
 */
export function deploymentGroupIdFrom(id: string): string {
  const arn = parseArn(id);
  return arn && arn.service === 'codedeploy' ? arn.resource.replace(/^deploymentgroup:/, '') : id;
}

/**
 * Splits `<application>/<group>` at the first `/`. Like the group's ARN, this
 * assumes that the application name has no `/` in it.
 */
function splitId(id: string): { application: string; group: string } | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  return { application: id.slice(0, slash), group: id.slice(slash + 1) };
}

/** `{ [key]: value }` when AWS set the value, `{}` otherwise: snapshots are JSON and carry no undefined. */
/** An object only when it has at least one property: AWS answers `{}` for unset structures. */
function nonEmpty(value: Properties): Properties | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}

function blueGreenOf(info: DeploymentGroupInfo): Properties | undefined {
  const config = info.blueGreenDeploymentConfiguration;
  const ready = config?.deploymentReadyOption;
  const terminate = config?.terminateBlueInstancesOnDeploymentSuccess;
  return nonEmpty({
    ...set(
      'DeploymentReadyOption',
      nonEmpty({
        ...set('ActionOnTimeout', ready?.actionOnTimeout),
        ...set('WaitTimeInMinutes', ready?.waitTimeInMinutes),
      }),
    ),
    ...set(
      'TerminateBlueInstancesOnDeploymentSuccess',
      nonEmpty({
        ...set('Action', terminate?.action),
        ...set('TerminationWaitTimeInMinutes', terminate?.terminationWaitTimeInMinutes),
      }),
    ),
  });
}

function loadBalancerInfoOf(info: DeploymentGroupInfo): Properties | undefined {
  const lb = info.loadBalancerInfo;
  const pairs = (lb?.targetGroupPairInfoList ?? []).map((pair) => ({
    TargetGroups: (pair.targetGroups ?? []).map((group) => ({ Name: group.name! })),
    ...(pair.prodTrafficRoute?.listenerArns?.length
      ? { ProdTrafficRoute: { ListenerArns: pair.prodTrafficRoute.listenerArns } }
      : {}),
    ...(pair.testTrafficRoute?.listenerArns?.length
      ? { TestTrafficRoute: { ListenerArns: pair.testTrafficRoute.listenerArns } }
      : {}),
  }));
  const groups = (lb?.targetGroupInfoList ?? []).map((group) => ({ Name: group.name! }));
  return nonEmpty({
    ...(pairs.length ? { TargetGroupPairInfoList: pairs } : {}),
    ...(groups.length ? { TargetGroupInfoList: groups } : {}),
  });
}

/** The references a group makes; the property paths mirror `toResource`'s shapes. */
function referencesOf(info: DeploymentGroupInfo): Reference[] {
  const references: Reference[] = [
    { type: 'AWS::CodeDeploy::Application', id: info.applicationName!, via: 'ApplicationName', kind: 'reference' },
  ];
  if (info.serviceRoleArn) {
    references.push({ type: 'AWS::IAM::Role', id: info.serviceRoleArn, via: 'ServiceRoleArn', kind: 'reference' });
  }
  (info.ecsServices ?? []).forEach((service, i) => {
    // The ECS service handler canonicalizes `cluster/service` into the service ARN.
    references.push({
      type: 'AWS::ECS::Service',
      id: `${service.clusterName}/${service.serviceName}`,
      via: `ECSServices.${i}`,
      kind: 'reference',
    });
  });
  (info.loadBalancerInfo?.targetGroupPairInfoList ?? []).forEach((pair, i) => {
    const at = `LoadBalancerInfo.TargetGroupPairInfoList.${i}`;
    // CodeDeploy names target groups by name only; the target group handler resolves names.
    (pair.targetGroups ?? []).forEach((group, j) => {
      references.push({
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        id: group.name!,
        via: `${at}.TargetGroups.${j}.Name`,
        kind: 'reference',
      });
    });
    for (const route of ['ProdTrafficRoute', 'TestTrafficRoute'] as const) {
      const arns = (route === 'ProdTrafficRoute' ? pair.prodTrafficRoute : pair.testTrafficRoute)?.listenerArns ?? [];
      arns.forEach((arn, k) => {
        references.push({
          type: 'AWS::ElasticLoadBalancingV2::Listener',
          id: arn,
          via: `${at}.${route}.ListenerArns.${k}`,
          kind: 'reference',
        });
      });
    }
  });
  (info.loadBalancerInfo?.targetGroupInfoList ?? []).forEach((group, i) => {
    references.push({
      type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      id: group.name!,
      via: `LoadBalancerInfo.TargetGroupInfoList.${i}.Name`,
      kind: 'reference',
    });
  });
  return references;
}

function toResource(info: DeploymentGroupInfo, tags: Record<string, string>): DiscoveredResource {
  const id = `${info.applicationName!}/${info.deploymentGroupName!}`;
  const style = info.deploymentStyle;
  const rollback = info.autoRollbackConfiguration;
  return {
    type: TYPE,
    physicalId: id,
    name: info.deploymentGroupName!,
    properties: {
      ApplicationName: info.applicationName!,
      DeploymentGroupName: info.deploymentGroupName!,
      ...set('ServiceRoleArn', info.serviceRoleArn),
      ...set('DeploymentConfigName', info.deploymentConfigName),
      ...set(
        'DeploymentStyle',
        nonEmpty({
          ...set('DeploymentType', style?.deploymentType),
          ...set('DeploymentOption', style?.deploymentOption),
        }),
      ),
      ...set('BlueGreenDeploymentConfiguration', blueGreenOf(info)),
      ...(info.ecsServices?.length
        ? {
            ECSServices: info.ecsServices.map((service) => ({
              ClusterName: service.clusterName!,
              ServiceName: service.serviceName!,
            })),
          }
        : {}),
      ...set('LoadBalancerInfo', loadBalancerInfoOf(info)),
      ...(rollback?.enabled !== undefined
        ? {
            AutoRollbackConfiguration: {
              Enabled: rollback.enabled,
              ...(rollback.events?.length ? { Events: rollback.events } : {}),
            },
          }
        : {}),
    },
    ...(info.deploymentGroupId ? { attributes: { DeploymentGroupId: info.deploymentGroupId } } : {}),
    tags,
    references: referencesOf(info),
  };
}

async function readGroup(
  ctx: DiscoveryContext,
  id: string,
  issues: ReadIssue[],
): Promise<DiscoveredResource | undefined> {
  const about = { type: TYPE, physicalIds: [id] };
  const parts = splitId(id);
  if (!parts) {
    issues.push({
      operation: 'codedeploy:GetDeploymentGroup',
      code: 'InvalidPhysicalId',
      message: `expected <application>/<group>, got "${id}"`,
      ...about,
    });
    return undefined;
  }
  // The tags need only the ARN, built from the names: read beside the group, not after it.
  const arn = `arn:${partitionOf(ctx.region)}:codedeploy:${ctx.region}:${ctx.account}:deploymentgroup:${id}`;
  const tags = ctx
    .limit(() => ctx.clients.codedeploy.send(new ListTagsForResourceCommand({ ResourceArn: arn })))
    .then(
      (output) => ({
        ok: true as const,
        tags: Object.fromEntries((output.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])),
      }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  let info: DeploymentGroupInfo;
  try {
    const output = await ctx.limit(() =>
      ctx.clients.codedeploy.send(
        new GetDeploymentGroupCommand({ applicationName: parts.application, deploymentGroupName: parts.group }),
      ),
    );
    if (!output.deploymentGroupInfo) return void (await tags);
    info = output.deploymentGroupInfo;
  } catch (error) {
    await tags;
    // DeploymentGroupDoesNotExistException, or ApplicationDoesNotExistException when the whole application is gone.
    if (!isNotFound(error)) issues.push(readIssue('codedeploy:GetDeploymentGroup', error, about));
    return undefined;
  }
  const read = await tags;
  if (!read.ok) {
    issues.push(readIssue('codedeploy:ListTagsForResource', read.error, about));
    return { ...toResource(info, {}), unknown: true };
  }
  return toResource(info, read.tags);
}

export const codedeployDeploymentGroupHandler: KindHandler = {
  type: TYPE,
  canonicalId: deploymentGroupIdFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    // BatchGetDeploymentGroups would read up to 100 groups of one application per call, but moto lacks it,
    // so one GetDeploymentGroup per group (run concurrently under the limiter) keeps discovery testable.
    const read = await Promise.all(physicalIds.map((id) => readGroup(ctx, id, issues)));
    return { resources: read.filter((resource): resource is DiscoveredResource => resource !== undefined), issues };
  },

  // No `list`: deployment groups are found through the application that contains them.
};
