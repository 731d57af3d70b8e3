import type { Resource } from '../../model/resource.js';
import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { deployingGroupsOf, prodListenersOf, servicesOf, unique } from '../live/stack-parts.js';
import { asDict, asList, asNumber, asString, type Dict } from '../util/values.js';

/** Whether an ingress rule lets TCP traffic to `port` in (`-1` is every protocol and port). */
function coversPort(rule: Dict, port: number): boolean {
  const protocol = asString(rule.IpProtocol);
  if (protocol === '-1') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = asNumber(rule.FromPort) ?? 0;
  const to = asNumber(rule.ToPort) ?? 65535;
  return from <= port && port <= to;
}

const rulesOf = (group: Resource): Dict[] => asList(group.properties.SecurityGroupIngress).map((r) => asDict(r) ?? {});

/**
 * Guide, steps 11 and 12: the service's security group admits the load
 * balancer's group on the container port (80), and the load balancer's group
 * admits HTTPS (443) — without either, targets never turn healthy or no
 * request arrives.
 */
export const securityGroupPath: Check = {
  code: 'RC020',
  id: 'security-group-path',
  title: "The service's group admits the load balancer on the container port; the load balancer's admits 443",
  description:
    "Traffic flows internet → load balancer (443) → tasks (the container port, 80). The load balancer's security group must admit 443 and the service's groups must admit the load balancer's group on the container port.",
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    for (const service of servicesOf(live)) {
      const front = asDict(asList(service.properties.LoadBalancers)[0]);
      const port = asNumber(front?.ContainerPort);
      const targetGroup = live.target(service, 'LoadBalancers.0.TargetGroupArn');
      if (!front || port === undefined || !targetGroup) continue;
      // The load balancer in front: the one of the deployment group's production listener (after a
      // blue/green swap the service's original target group may be detached), else the target group's.
      const viaListener = deployingGroupsOf(live)
        .filter((group) => live.targets(group, /^ECSServices\.\d+$/).includes(service))
        .flatMap((group) => prodListenersOf(live, group))
        .map((listener) => live.target(listener, 'LoadBalancerArn'))
        .filter((lb): lb is Resource => lb !== undefined);
      const loadBalancers = unique(
        viaListener.length > 0
          ? viaListener
          : live
              .resources('AWS::ElasticLoadBalancingV2::LoadBalancer')
              .filter((lb) => asList(targetGroup.attributes.LoadBalancerArns).includes(lb.physicalId)),
      );
      const serviceGroups = live.targets(service, /^NetworkConfiguration\.AwsvpcConfiguration\.SecurityGroups\.\d+$/);
      const declared = asList(
        asDict(asDict(service.properties.NetworkConfiguration)?.AwsvpcConfiguration)?.SecurityGroups,
      );
      if (serviceGroups.length < declared.length || serviceGroups.some((g) => g.status === 'unknown')) {
        out.unknown(`the security groups of ${service.physicalId} could not all be read`);
        continue;
      }
      for (const lb of loadBalancers) {
        const lbGroups = live.targets(lb, /^SecurityGroups\.\d+$/);
        if (
          lbGroups.length < asList(lb.properties.SecurityGroups).length ||
          lbGroups.some((g) => g.status === 'unknown')
        ) {
          out.unknown(`the security groups of load balancer ${lb.physicalId} could not all be read`);
          continue;
        }
        const lbGroupIds = lbGroups.map((g) => g.physicalId as string);
        const vpcCidr = asString(
          live.resources('AWS::EC2::VPC').find((v) => v.physicalId === asString(lb.attributes.VpcId))?.properties
            .CidrBlock,
        );
        const admitsLb = serviceGroups.some((group) =>
          rulesOf(group).some(
            (rule) =>
              coversPort(rule, port) &&
              (lbGroupIds.includes(asString(rule.SourceSecurityGroupId) ?? '') ||
                rule.CidrIp === '0.0.0.0/0' ||
                (vpcCidr !== undefined && rule.CidrIp === vpcCidr)),
          ),
        );
        if (!admitsLb) {
          const own = serviceGroups.find((g) => g.properties.GroupName !== 'default') ?? serviceGroups[0];
          const rule = { IpProtocol: 'tcp', FromPort: port, ToPort: port, SourceSecurityGroupId: lbGroupIds[0] };
          out.error({
            location: own
              ? LiveStack.locate(own, 'SecurityGroupIngress')
              : LiveStack.locate(service, 'NetworkConfiguration'),
            what: `No security group of service ${service.physicalId} admits load balancer ${asString(lb.properties.Name) ?? lb.physicalId} (${lbGroupIds.join(', ')}) on port ${port}.`,
            why: 'Health checks and requests from the load balancer never reach the tasks: targets stay unhealthy and the first deployment is torn down.',
            fix: {
              text: `Add an ingress rule: tcp ${port} from ${lbGroupIds[0] ?? "the load balancer's group"}.`,
              value: rule,
              ...(own
                ? {
                    reclaim: {
                      resource: own.id,
                      type: own.type,
                      path: `SecurityGroupIngress.${rulesOf(own).length}`,
                      value: rule,
                    },
                  }
                : {}),
            },
          });
        }
        const admits443 = lbGroups.some((group) => rulesOf(group).some((rule) => coversPort(rule, 443)));
        if (!admits443 && lbGroups[0]) {
          const rule = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' };
          const group = lbGroups[0];
          out.error({
            location: LiveStack.locate(group, 'SecurityGroupIngress'),
            what: `Load balancer ${asString(lb.properties.Name) ?? lb.physicalId}'s security group ${group.physicalId} does not admit HTTPS (443).`,
            why: "No request (Cloudflare's included) reaches the listener on 443.",
            fix: {
              text: "Add an ingress rule: tcp 443 (from 0.0.0.0/0, or Cloudflare's address ranges).",
              value: rule,
              reclaim: {
                resource: group.id,
                type: group.type,
                path: `SecurityGroupIngress.${rulesOf(group).length}`,
                value: rule,
              },
            },
          });
        }
      }
    }
    return out.done();
  },
};
