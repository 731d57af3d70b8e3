import type { Resource } from '../../model/resource.js';
import { asDict, asList, asString, type Dict } from '../util/values.js';
import type { LiveStack } from './live-stack.js';

/**
 * ECS-native blue/green (July 2025): a service under the ECS deployment
 * controller whose deployment configuration names BLUE_GREEN, LINEAR or
 * CANARY, with each load balancer's AdvancedConfiguration naming the
 * alternate target group, the listener rules and the infrastructure role.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
 */
export const NATIVE_STRATEGIES = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);

export const ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS =
  'arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers';

export interface NativeLoadBalancer {
  readonly index: number;
  /** `LoadBalancers.N`: where the entry sits in the service. */
  readonly at: string;
  readonly targetGroupArn?: string;
  readonly advanced?: Dict;
}

export function strategyOf(service: Resource): string | undefined {
  return asString(asDict(service.properties.DeploymentConfiguration)?.Strategy);
}

export function controllerOf(service: Resource): string {
  return asString(asDict(service.properties.DeploymentController)?.Type) ?? 'ECS';
}

/** Services ECS itself deploys blue/green, linear or canary. */
export function nativeServicesOf(live: LiveStack): Resource[] {
  return live
    .resources('AWS::ECS::Service')
    .filter((service) => controllerOf(service) === 'ECS' && NATIVE_STRATEGIES.has(strategyOf(service) ?? ''));
}

export function loadBalancersOf(service: Resource): NativeLoadBalancer[] {
  return asList(service.properties.LoadBalancers).map((entry, index) => {
    const lb = asDict(entry) ?? {};
    const targetGroupArn = asString(lb.TargetGroupArn);
    const advanced = asDict(lb.AdvancedConfiguration);
    return {
      index,
      at: `LoadBalancers.${index}`,
      ...(targetGroupArn ? { targetGroupArn } : {}),
      ...(advanced ? { advanced } : {}),
    };
  });
}

/** Every target group ARN a rule's (or listener's) actions forward to. */
export function forwardedTargetGroups(actions: unknown): string[] {
  return asList(actions).flatMap((entry) => {
    const action = asDict(entry);
    const direct = asString(action?.TargetGroupArn);
    const weighted = asList(asDict(action?.ForwardConfig)?.TargetGroups).flatMap((tg) => {
      const arn = asString(asDict(tg)?.TargetGroupArn);
      return arn ? [arn] : [];
    });
    return [...(direct ? [direct] : []), ...weighted];
  });
}
