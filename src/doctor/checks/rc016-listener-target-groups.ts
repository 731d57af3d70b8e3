import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { deployingGroupsOf, prodListenersOf } from '../live/stack-parts.js';
import { asDict, asList, asNumber, asString } from '../util/values.js';

/**
 * Guide, step 12 (load balancer): an HTTPS listener on 443 with the imported
 * (Cloudflare origin) certificate; the deployment group has the two target
 * groups (main and secondary) of type `ip` — Fargate tasks register by IP —
 * and the production listener, which forwards to one of them.
 */
export const listenerTargetGroups: Check = {
  code: 'RC016',
  id: 'listener-target-groups',
  title: 'HTTPS listener on 443 with a certificate; two ip target groups and the production listener',
  description:
    'The deployment group needs a pair of two target groups of type ip (Fargate registers tasks by IP) and the production listener: HTTPS on 443 with the imported certificate, forwarding to one of the pair.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const groups = deployingGroupsOf(live);
    if (groups.length === 0) return out.skip('no deployment group');
    for (const group of groups) {
      const info = asDict(group.properties.LoadBalancerInfo) ?? {};
      const pair = asDict(asList(info.TargetGroupPairInfoList)[0]);
      const names = asList(pair?.TargetGroups).map((tg) => asString(asDict(tg)?.Name) ?? '');
      if (!pair || names.length !== 2) {
        out.error({
          location: LiveStack.locate(group, 'LoadBalancerInfo.TargetGroupPairInfoList'),
          what: `Deployment group ${group.physicalId} has ${pair ? `${names.length} target group(s)` : 'no target group pair'}, not two.`,
          why: "Blue/green needs two target groups to shift traffic between (the guide's main and secondary).",
          fix: {
            text: 'Recreate the service with a primary and a secondary target group (the deployment group follows).',
          },
        });
        continue;
      }
      const pairTargets = names.map((name, k) => ({
        name,
        resource: live.target(group, `LoadBalancerInfo.TargetGroupPairInfoList.0.TargetGroups.${k}.Name`),
      }));
      for (const { name, resource } of pairTargets) {
        if (!resource) {
          if (live.unreadable('AWS::ElasticLoadBalancingV2::TargetGroup', name))
            out.unknown(live.unknownReason('AWS::ElasticLoadBalancingV2::TargetGroup', name));
          else
            out.error({
              location: LiveStack.locate(group, 'LoadBalancerInfo.TargetGroupPairInfoList.0.TargetGroups'),
              what: `Deployment group ${group.physicalId} names target group ${name}, which does not exist.`,
              why: 'CodeDeploy fails the deployment when it cannot register the new tasks.',
              fix: { text: 'Recreate the service and its target groups (the console makes both).' },
            });
          continue;
        }
        const type = asString(resource.properties.TargetType) ?? 'instance';
        if (type !== 'ip') {
          out.error({
            location: LiveStack.locate(resource, 'TargetType'),
            what: `Target group ${name} has target type ${type}, not ip.`,
            why: 'Fargate tasks in awsvpc mode register by IP address; an instance target group cannot take them.',
            fix: {
              text: 'Recreate the target group with target type ip (the type cannot change in place).',
              value: 'ip',
              reclaim: { resource: resource.id, type: resource.type, path: 'TargetType', value: 'ip' },
            },
          });
        }
      }
      const pairArns = pairTargets
        .map((t) => t.resource?.physicalId)
        .filter((arn): arn is NonNullable<typeof arn> => !!arn);
      const listeners = prodListenersOf(live, group);
      const listenerArns = asList(asDict(pair.ProdTrafficRoute)?.ListenerArns);
      if (listenerArns.length === 0) {
        out.error({
          location: LiveStack.locate(group, 'LoadBalancerInfo.TargetGroupPairInfoList.0.ProdTrafficRoute'),
          what: `Deployment group ${group.physicalId} has no production listener.`,
          why: 'CodeDeploy reroutes production traffic by rewriting that listener: without it nothing is shifted.',
          fix: { text: 'Recreate the service with its HTTPS listener on 443 (the deployment group follows).' },
        });
      } else if (listeners.length < listenerArns.length) {
        const missing = String(listenerArns.find((arn) => !listeners.some((l) => l.physicalId === arn)));
        if (live.unreadable('AWS::ElasticLoadBalancingV2::Listener', missing))
          out.unknown(live.unknownReason('AWS::ElasticLoadBalancingV2::Listener', missing));
        else
          out.error({
            location: LiveStack.locate(group, 'LoadBalancerInfo.TargetGroupPairInfoList.0.ProdTrafficRoute'),
            what: `Deployment group ${group.physicalId}'s production listener ${missing} does not exist.`,
            why: 'CodeDeploy fails the deployment when it cannot reroute the listener.',
            fix: {
              text: 'Recreate the listener (HTTPS, 443, the origin certificate) and point the deployment group at it.',
            },
          });
      }
      for (const listener of listeners) {
        const port = asNumber(listener.properties.Port);
        const protocol = asString(listener.properties.Protocol);
        if (port !== 443 || protocol !== 'HTTPS') {
          out.error({
            location: LiveStack.locate(listener, 'Port'),
            what: `The production listener is ${protocol ?? '?'} on ${port ?? '?'}, not HTTPS on 443.`,
            why: "Cloudflare's Full (strict) mode connects to the origin over HTTPS on 443 with the origin certificate.",
            fix: {
              text: 'Use an HTTPS listener on 443 with the imported origin certificate.',
              value: { Port: 443, Protocol: 'HTTPS' },
            },
          });
        } else if (asList(listener.properties.Certificates).length === 0) {
          out.error({
            location: LiveStack.locate(listener, 'Certificates'),
            what: 'The HTTPS listener has no certificate.',
            why: 'An HTTPS listener cannot serve without one; the guide uses the imported Cloudflare origin certificate.',
            fix: { text: 'Select the imported origin certificate on the listener.' },
          });
        }
        const forwards = live.targets(listener, /^DefaultActions\.\d+\./).map((tg) => tg.physicalId);
        if (pairArns.length === 2 && !forwards.some((arn) => pairArns.includes(arn))) {
          out.error({
            location: LiveStack.locate(listener, 'DefaultActions'),
            what: `The production listener forwards to ${forwards.join(', ') || 'no target group'}, not to ${names.join(' or ')}.`,
            why: 'CodeDeploy can only swap the listener between the two target groups of its pair.',
            fix: { text: `Forward the listener to ${names[0]}.` },
          });
        }
      }
    }
    return out.done();
  },
};
