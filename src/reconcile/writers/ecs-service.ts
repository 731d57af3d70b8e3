import {
  DeleteServiceCommand,
  DescribeServicesCommand,
  UpdateServiceCommand,
  type AwsVpcConfiguration,
  type Service,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { isNotFound } from '../../discover/aws-errors.js';
import { parseServiceId } from '../../discover/kinds/ecs-service.js';
import type { Rollout, UpdateChange } from '../../model/plan.js';
import { lastArnSegment } from '../../util/arn.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { pollUntil } from '../wait.js';
import {
  apiName,
  mergeDeclared,
  refuseUnsupported,
  sameApiValue,
  toApiShape,
  topProperty,
  withoutNulls,
} from './api-shape.js';
import { deployThroughCodeDeploy } from './ecs-rollout.js';

/** The service as ECS describes it now, or undefined when it is missing or already INACTIVE (deleted). */
export async function describeService(
  ctx: WriterContext,
  cluster: string,
  service: string,
): Promise<Service | undefined> {
  try {
    const output = await ctx.clients.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const found = output.services?.[0];
    return found && found.status !== 'INACTIVE' ? found : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * What UpdateService changes in place. The rest (name, cluster, launch type)
 * means a new service. The deployment controller changes in place between
 * ECS and CODE_DEPLOY (UpdateService's `deploymentController`, 2025): the
 * migration to ECS-native blue/green, which CloudFormation would replace the service for.
 */
const UPDATABLE = new Set([
  'DeploymentController',
  'DesiredCount',
  'HealthCheckGracePeriodSeconds',
  'NetworkConfiguration',
  'PlatformVersion',
  'DeploymentConfiguration',
  'TaskDefinition',
  'LoadBalancers',
  'EnableECSManagedTags',
  'PropagateTags',
]);

/**
 * What UpdateService refuses for a service under the CODE_DEPLOY controller:
 * these reach it only through a CodeDeploy deployment (its appspec).
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
 */
const THROUGH_CODEDEPLOY = ['NetworkConfiguration', 'PlatformVersion', 'TaskDefinition', 'LoadBalancers'] as const;

/** The strategies under which ECS itself runs a deployment across two target groups. */
const NATIVE_STRATEGIES = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);

/** The controllers UpdateService moves a service between; EXTERNAL is not one of them. */
const SWITCHABLE_CONTROLLERS = new Set(['ECS', 'CODE_DEPLOY']);

/** The declared controller type, when the file declares one UpdateService can switch to. */
function declaredController(declared: UpdateChange['properties']): 'ECS' | 'CODE_DEPLOY' | undefined {
  const type = (declared.DeploymentController as { Type?: unknown } | null | undefined)?.Type;
  if (type === undefined) return undefined;
  if (typeof type !== 'string' || !SWITCHABLE_CONTROLLERS.has(type)) {
    throw new Error(`UpdateService cannot switch a service to the ${String(type)} deployment controller`);
  }
  return type as 'ECS' | 'CODE_DEPLOY';
}

/** `arn:…:task-definition/bash-dog:7`, `bash-dog:7` and `bash-dog` are all the family `bash-dog`. */
const familyOf = (taskDefinition: string): string => lastArnSegment(taskDefinition).replace(/:\d+$/, '');

/**
 * The UpdateService members that differ from the service as ECS describes it
 * now, each declared value merged over the live one. The task definition
 * compares by family, as drift does: which revision of the family runs is the
 * task definition's rollout to decide, not the service's. So do the load
 * balancers of a CODE_DEPLOY service: which target group of the pair it names
 * is CodeDeploy's to swap (see `refuseThroughCodeDeploy`).
 */
function differences(change: UpdateChange, live: Service): Partial<UpdateServiceCommandInput> {
  const declared = change.properties;
  const input: Partial<UpdateServiceCommandInput> = {};
  const controller = declaredController(declared);
  if (controller !== undefined && controller !== (live.deploymentController?.type ?? 'ECS')) {
    input.deploymentController = { type: controller };
  }
  // What the service is under once this call is made: leaving CodeDeploy, its load balancers are written with it.
  const codeDeploy = (controller ?? live.deploymentController?.type) === 'CODE_DEPLOY';
  // Under ECS-native blue/green, ECS swaps the service's target group and alternate with each deployment:
  // the load balancers are written only when the plan names them (drift compares the pair as one).
  const nativeBlueGreen = !codeDeploy && NATIVE_STRATEGIES.has(live.deploymentConfiguration?.strategy ?? '');
  const planned = new Set(change.changes.map((entry) => topProperty(entry.path)));
  const merged = (name: string, liveValue: unknown, member: string): unknown =>
    withoutNulls(mergeDeclared(toApiShape(declared[name], name), liveValue, member));
  if ('DesiredCount' in declared && Number(declared.DesiredCount) !== live.desiredCount) {
    input.desiredCount = Number(declared.DesiredCount);
  }
  if (
    'HealthCheckGracePeriodSeconds' in declared &&
    Number(declared.HealthCheckGracePeriodSeconds) !== live.healthCheckGracePeriodSeconds
  ) {
    input.healthCheckGracePeriodSeconds = Number(declared.HealthCheckGracePeriodSeconds);
  }
  if ('PlatformVersion' in declared && declared.PlatformVersion !== live.platformVersion) {
    input.platformVersion = String(declared.PlatformVersion);
  }
  if (
    'TaskDefinition' in declared &&
    familyOf(String(declared.TaskDefinition)) !== familyOf(live.taskDefinition ?? '')
  ) {
    input.taskDefinition = String(declared.TaskDefinition);
  }
  if (
    'EnableECSManagedTags' in declared &&
    Boolean(declared.EnableECSManagedTags) !== (live.enableECSManagedTags ?? false)
  ) {
    input.enableECSManagedTags = Boolean(declared.EnableECSManagedTags);
  }
  if ('PropagateTags' in declared && declared.PropagateTags !== (live.propagateTags ?? 'NONE')) {
    input.propagateTags = declared.PropagateTags as UpdateServiceCommandInput['propagateTags'];
  }
  const members = [
    ['NetworkConfiguration', 'networkConfiguration', live.networkConfiguration],
    ['DeploymentConfiguration', 'deploymentConfiguration', live.deploymentConfiguration],
    ['LoadBalancers', 'loadBalancers', live.loadBalancers],
  ] as const;
  for (const [name, member, liveValue] of members) {
    if (!(name in declared)) continue;
    if (name === 'LoadBalancers' && (codeDeploy || (nativeBlueGreen && !planned.has(name)))) continue;
    if (declared[name] === null && name === 'NetworkConfiguration') {
      // The network mode is the task definition's: UpdateService cannot take a network configuration away.
      if (live.networkConfiguration) {
        throw new Error(
          'NetworkConfiguration is declared unset, but UpdateService cannot remove it; ' +
            'declare the network configuration the service has, or replace the service',
        );
      }
      continue;
    }
    // Load balancers declared unset are none: an empty list takes them all away.
    const written = declared[name] === null && name === 'LoadBalancers' ? [] : merged(name, liveValue, member);
    const value =
      nativeBlueGreen && name === 'LoadBalancers' ? inLiveOrientation(written, live.loadBalancers) : written;
    if (!sameApiValue(value, liveValue ?? (member === 'loadBalancers' ? [] : {}), member)) {
      Object.assign(input, { [member]: value });
    }
  }
  return input;
}

type ApiLoadBalancer = NonNullable<Service['loadBalancers']>[number];

/**
 * The declared load balancers with each blue/green pair the way ECS has it
 * now: the file names the pair as it was at import, and ECS swaps the
 * service's target group and alternate with every deployment. Writing the
 * declared orientation back would make the idle target group production.
 */
function inLiveOrientation(value: unknown, live: readonly ApiLoadBalancer[] | undefined): unknown {
  if (!Array.isArray(value)) return value;
  return (value as ApiLoadBalancer[]).map((entry) => {
    const alternate = entry.advancedConfiguration?.alternateTargetGroupArn;
    // The same pair, the other way round (the entry's container port may be what the change is about).
    const swapped = live?.some(
      (current) =>
        alternate !== undefined &&
        current.containerName === entry.containerName &&
        current.targetGroupArn === alternate &&
        current.advancedConfiguration?.alternateTargetGroupArn === entry.targetGroupArn,
    );
    if (!swapped || !entry.advancedConfiguration) return entry;
    return {
      ...entry,
      targetGroupArn: alternate,
      advancedConfiguration: { ...entry.advancedConfiguration, alternateTargetGroupArn: entry.targetGroupArn },
    };
  });
}

/**
 * Refuses, before any write, what only a CodeDeploy deployment can change on
 * a CODE_DEPLOY service. The load balancers count as changed only when the
 * plan says they differ: drift compares a blue/green pair as one.
 */
function refuseThroughCodeDeploy(change: UpdateChange, live: Service, input: Partial<UpdateServiceCommandInput>): void {
  if (live.deploymentController?.type !== 'CODE_DEPLOY' || input.deploymentController) return;
  const named = new Set(change.changes.map((entry) => topProperty(entry.path)));
  const refused = THROUGH_CODEDEPLOY.filter((name) =>
    name === 'LoadBalancers' ? named.has(name) : apiName(name) in input,
  );
  if (refused.length === 0) return;
  const service = live.serviceName ?? change.physicalId;
  if (refused.includes('TaskDefinition')) {
    throw new Error(
      `the task definition reaches service ${service} through CodeDeploy (deployment controller CODE_DEPLOY): ` +
        'UpdateService may not change it. Change the task definition itself; reclaim registers a revision and ' +
        "deploys it through the service's deployment group.",
    );
  }
  throw new Error(
    `service ${service} runs under the CODE_DEPLOY deployment controller: its ${refused.join(', ')} change only ` +
      'through a CodeDeploy deployment (the appspec of the next deployment), never through UpdateService, ' +
      'which refuses them. See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html',
  );
}

/**
 * A CODE_DEPLOY service's network configuration changes with a deployment,
 * whose appspec carries it: when the plan names the service's deployment
 * group, the change is taken out of the UpdateService call and returned for
 * a deployment of the revision the service runs now.
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs
 */
function networkThroughCodeDeploy(
  change: UpdateChange,
  live: Service,
  input: Partial<UpdateServiceCommandInput>,
): { rollout: Extract<Rollout, { kind: 'codedeploy' }>; configuration: AwsVpcConfiguration } | undefined {
  const rollout = change.rollouts?.find((candidate) => candidate.kind === 'codedeploy');
  const configuration = input.networkConfiguration?.awsvpcConfiguration;
  if (
    live.deploymentController?.type !== 'CODE_DEPLOY' ||
    input.deploymentController ||
    !rollout ||
    !configuration ||
    !live.taskDefinition
  )
    return undefined;
  delete input.networkConfiguration;
  return { rollout, configuration };
}

export const ecsServiceWriter: KindWriter = {
  type: 'AWS::ECS::Service',

  /**
   * One UpdateService with exactly the members that differ from the service
   * now (none: no call). Does not wait for the service to reach a steady
   * state: nothing later in a plan needs the tasks replaced, and for a
   * CODE_DEPLOY service the running tasks change only with a deployment.
   */
  async update(ctx, change) {
    refuseUnsupported(change, UPDATABLE);
    const id = parseServiceId(change.physicalId);
    if (!id) throw new Error('the physical id must be a service ARN or CLUSTER/SERVICE');
    const live = await describeService(ctx, id.cluster, id.service);
    if (!live) throw new Error(`service ${id.service} does not exist in cluster ${id.cluster} (or is INACTIVE)`);
    const input = differences(change, live);
    const network = networkThroughCodeDeploy(change, live, input);
    refuseThroughCodeDeploy(change, live, input);
    if (Object.keys(input).length > 0) {
      await ctx.clients.ecs.send(new UpdateServiceCommand({ cluster: id.cluster, service: id.service, ...input }));
    }
    if (network) await deployThroughCodeDeploy(ctx, network.rollout, live.taskDefinition!, network.configuration);
  },

  /**
   * Scales the service to zero, deletes it (`force`, so that ECS stops any
   * task still running), then waits until ECS reports it INACTIVE: until then
   * its tasks still hold the target groups, subnets' addresses and security
   * groups that later changes delete. A daemon service has no desired count to set.
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/delete-service.html
   */
  async delete(ctx, change) {
    const id = parseServiceId(change.physicalId);
    if (!id) throw new Error('the physical id must be a service ARN or CLUSTER/SERVICE');
    const found = await describeService(ctx, id.cluster, id.service);
    if (!found) return 'already-gone';
    if (found.status === 'ACTIVE') {
      if (found.schedulingStrategy !== 'DAEMON' && (found.desiredCount ?? 0) > 0) {
        await ctx.clients.ecs.send(
          new UpdateServiceCommand({ cluster: id.cluster, service: id.service, desiredCount: 0 }),
        );
      }
      try {
        await ctx.clients.ecs.send(new DeleteServiceCommand({ cluster: id.cluster, service: id.service, force: true }));
      } catch (error) {
        if (isNotFound(error)) return 'already-gone';
        throw error;
      }
    }
    ctx.note(`waiting for service ${id.service} to drain`);
    await pollUntil(
      async () => (await describeService(ctx, id.cluster, id.service)) === undefined,
      ctx.wait,
      `service ${id.service} is INACTIVE`,
    );
    return 'deleted';
  },
};
