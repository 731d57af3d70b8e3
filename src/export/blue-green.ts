import { intrinsicTargets, isIntrinsic } from '../desired/intrinsics.js';
import type { DesiredResource } from '../desired/types.js';

/**
 * How a service under CodeDeploy (`DeploymentController: CODE_DEPLOY`) is
 * handed over. CloudFormation's own blue/green shape, the
 * `AWS::CodeDeploy::BlueGreen` hook with the `AWS::CodeDeployBlueGreen`
 * transform
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/blue-green.html),
 * runs the deployments itself, on a service with the EXTERNAL controller and
 * task sets; the spec marks `DeploymentController` as replace-on-change, so
 * moving to it is a new service, not a hand-over. The export keeps the
 * CodeDeploy-run shape instead, and leaves to CodeDeploy what each deployment
 * changes: ECS refuses TaskDefinition, LoadBalancers and network changes to
 * a CODE_DEPLOY service outside a CodeDeploy deployment
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html),
 * and a template that declared them would drift after every deployment.
 */
export interface BlueGreenService {
  readonly serviceId: string;
  readonly deploymentGroupId?: string;
  readonly targetGroupIds: readonly string[];
  readonly listenerIds: readonly string[];
}

/** The service properties CodeDeploy owns after the hand-over; the template leaves them out. */
export const CODE_DEPLOY_OWNED = {
  TaskDefinition:
    "CodeDeploy owns the task definition revision the service runs: each deployment registers a revision (from the pipeline's taskdef.json) and moves the service to it",
  LoadBalancers:
    'CodeDeploy owns which target group of the pair the service is registered with: each deployment moves it to the other one',
} as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Logical ids a value references (intrinsics anywhere inside it). */
function referencedIds(value: unknown): string[] {
  if (isIntrinsic(value)) return intrinsicTargets(value);
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (isRecord(value)) return Object.values(value).flatMap(referencedIds);
  return [];
}

const literalOrRefName = (value: unknown, resources: Readonly<Record<string, DesiredResource>>): string | undefined => {
  if (typeof value === 'string') return value;
  if (isIntrinsic(value) && 'Ref' in value) return resources[value.Ref]?.physicalId;
  return undefined;
};

/** Whether a deployment group's `ECSServices` names the service. */
function groupNamesService(
  group: DesiredResource,
  service: DesiredResource,
  resources: Readonly<Record<string, DesiredResource>>,
): boolean {
  const entries = Array.isArray(group.properties.ECSServices) ? group.properties.ECSServices : [];
  const cluster = literalOrRefName(service.properties.Cluster, resources);
  return entries.some(
    (entry) =>
      isRecord(entry) &&
      literalOrRefName(entry.ServiceName, resources) === service.properties.ServiceName &&
      (cluster === undefined || literalOrRefName(entry.ClusterName, resources) === cluster),
  );
}

export function blueGreenServices(resources: Readonly<Record<string, DesiredResource>>): BlueGreenService[] {
  const entries = Object.entries(resources);
  return entries
    .filter(
      ([, resource]) =>
        resource.type === 'AWS::ECS::Service' &&
        isRecord(resource.properties.DeploymentController) &&
        resource.properties.DeploymentController.Type === 'CODE_DEPLOY',
    )
    .map(([serviceId, service]) => {
      const group = entries.find(
        ([, candidate]) =>
          candidate.type === 'AWS::CodeDeploy::DeploymentGroup' && groupNamesService(candidate, service, resources),
      );
      const pairs = referencedIds(group?.[1].properties.LoadBalancerInfo);
      const ofType = (type: string) => [...new Set(pairs)].filter((id) => resources[id]?.type === type).sort();
      return {
        serviceId,
        ...(group ? { deploymentGroupId: group[0] } : {}),
        targetGroupIds: ofType('AWS::ElasticLoadBalancingV2::TargetGroup'),
        listenerIds: ofType('AWS::ElasticLoadBalancingV2::Listener'),
      };
    });
}
