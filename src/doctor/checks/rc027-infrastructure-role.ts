import { collect, type Check } from '../check.js';
import { trustedServices, trusts } from '../live/iam-policy.js';
import { LiveStack } from '../live/live-stack.js';
import { ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS, loadBalancersOf, nativeServicesOf } from '../live/native-blue-green.js';
import { asString, stringList } from '../util/values.js';

const ECS = 'ecs.amazonaws.com';

/**
 * ECS-native blue/green: the role in each load balancer's
 * AdvancedConfiguration.RoleArn is ECS's "infrastructure role": it must trust
 * ecs.amazonaws.com and carry AmazonECSInfrastructureRolePolicyForLoadBalancers.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
 */
export const infrastructureRole: Check = {
  code: 'RC027',
  id: 'native-infrastructure-role',
  title: 'Native blue/green: the infrastructure role trusts ecs and has the load balancer policy',
  description:
    'The role ECS uses to shift traffic (AdvancedConfiguration.RoleArn) must trust ecs.amazonaws.com and have the AmazonECSInfrastructureRolePolicyForLoadBalancers managed policy.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const services = nativeServicesOf(live);
    if (services.length === 0) return out.skip('no service under ECS-native blue/green');
    const checked = new Set<string>();
    for (const service of services) {
      for (const lb of loadBalancersOf(service)) {
        if (!lb.advanced) continue;
        const via = `${lb.at}.AdvancedConfiguration.RoleArn`;
        const id = asString(lb.advanced.RoleArn);
        if (!id) {
          out.error({
            location: LiveStack.locate(service, via),
            what: `Service ${service.physicalId} deploys blue/green without an infrastructure role (AdvancedConfiguration.RoleArn).`,
            why: 'ECS needs the role to modify the listener rules and target groups; without it the deployment cannot shift traffic.',
            fix: {
              text: `Create a role trusted by ${ECS} with ${ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS}, and set it as RoleArn.`,
            },
          });
          continue;
        }
        const role = live.target(service, via);
        if (role?.status === 'unknown' || (!role && live.unreadable('AWS::IAM::Role', id))) {
          out.unknown(live.unknownReason('AWS::IAM::Role', role?.physicalId ?? id));
          continue;
        }
        if (!role) {
          out.error({
            location: LiveStack.locate(service, via),
            what: `Service ${service.physicalId} names infrastructure role ${id}, which does not exist.`,
            why: 'ECS cannot assume a role that is gone: every deployment fails.',
            fix: { text: `Recreate the role, trusted by ${ECS} with ${ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS}.` },
          });
          continue;
        }
        if (checked.has(role.id)) continue;
        checked.add(role.id);
        if (!trusts(role.properties.AssumeRolePolicyDocument, ECS)) {
          const trusted = trustedServices(role.properties.AssumeRolePolicyDocument);
          const wanted = {
            Version: '2012-10-17',
            Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: ECS }, Action: 'sts:AssumeRole' }],
          };
          out.error({
            location: LiveStack.locate(role, 'AssumeRolePolicyDocument'),
            what: `The infrastructure role ${role.physicalId} trusts ${trusted.length ? trusted.join(', ') : 'no service'}, not ${ECS}.`,
            why: `ECS can assume only a role whose trust policy names ${ECS} (not ecs-tasks.amazonaws.com, which is for tasks).`,
            fix: {
              text: `Set the trust relationship to allow ${ECS} to sts:AssumeRole.`,
              value: wanted,
              reclaim: { resource: role.id, type: role.type, path: 'AssumeRolePolicyDocument', value: wanted },
            },
          });
        }
        const managed = stringList(role.properties.ManagedPolicyArns);
        if (!managed.some((arn) => arn.endsWith('/AmazonECSInfrastructureRolePolicyForLoadBalancers'))) {
          out.error({
            location: LiveStack.locate(role, 'ManagedPolicyArns'),
            what: `The infrastructure role ${role.physicalId} lacks AmazonECSInfrastructureRolePolicyForLoadBalancers.`,
            why: 'Without it ECS may not modify the listener rules or read the target groups: the deployment fails at the first traffic shift.',
            fix: {
              text: `Attach ${ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS}.`,
              value: ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS,
              reclaim: {
                resource: role.id,
                type: role.type,
                path: `ManagedPolicyArns.${managed.length}`,
                value: ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS,
              },
            },
          });
        }
      }
    }
    return out.done();
  },
};
