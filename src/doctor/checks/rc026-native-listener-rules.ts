import { collect, type Check } from '../check.js';
import { LiveStack, sameId } from '../live/live-stack.js';
import { forwardedTargetGroups, loadBalancersOf, nativeServicesOf } from '../live/native-blue-green.js';
import { asString } from '../util/values.js';

const RULES = ['ProductionListenerRule', 'TestListenerRule'] as const;

/**
 * ECS-native blue/green shifts traffic by rewriting the weights of the
 * production (and test) listener rule's forward action: the rule must forward
 * to both target groups of the pair, or ECS has nothing to shift to.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
 */
export const nativeListenerRules: Check = {
  code: 'RC026',
  id: 'native-listener-rules',
  title: 'Native blue/green: the listener rules forward to both target groups',
  description:
    'Under ECS-native blue/green each load balancer names an alternate target group and a production listener rule; the rule (and the test rule, if any) must forward to both target groups so ECS can shift traffic between them.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const services = nativeServicesOf(live);
    if (services.length === 0) return out.skip('no service under ECS-native blue/green');
    for (const service of services) {
      for (const lb of loadBalancersOf(service)) {
        const alternate = asString(lb.advanced?.AlternateTargetGroupArn);
        if (!lb.advanced || !alternate || !asString(lb.advanced.ProductionListenerRule)) {
          out.error({
            location: LiveStack.locate(service, `${lb.at}.AdvancedConfiguration`),
            what: `Service ${service.physicalId} deploys blue/green, but its load balancer ${lb.index} names no ${alternate ? 'production listener rule' : 'alternate target group'}.`,
            why: 'ECS needs a second target group and a rule to move traffic with; without them the deployment fails.',
            fix: {
              text: 'Set AdvancedConfiguration on the load balancer: AlternateTargetGroupArn, ProductionListenerRule and RoleArn (the infrastructure role).',
            },
          });
          continue;
        }
        for (const name of RULES) {
          const arn = asString(lb.advanced[name]);
          if (!arn || !arn.includes(':listener-rule/')) continue;
          const via = `${lb.at}.AdvancedConfiguration.${name}`;
          const rule = live.target(service, via);
          if (
            rule?.status === 'unknown' ||
            (!rule && live.unreadable('AWS::ElasticLoadBalancingV2::ListenerRule', arn))
          ) {
            out.unknown(live.unknownReason('AWS::ElasticLoadBalancingV2::ListenerRule', arn));
            continue;
          }
          if (!rule) {
            out.error({
              location: LiveStack.locate(service, via),
              what: `Service ${service.physicalId} names listener rule ${arn}, which does not exist.`,
              why: 'ECS cannot shift traffic through a rule that is gone: every deployment fails.',
              fix: { text: `Create a rule on the listener forwarding to both target groups, and set ${name} to it.` },
            });
            continue;
          }
          const forwarded = forwardedTargetGroups(rule.properties.Actions);
          const pair = [lb.targetGroupArn, alternate].filter((tg): tg is string => tg !== undefined);
          const missing = pair.filter((tg) => !forwarded.some((f) => sameId(f, tg)));
          if (missing.length === 0) continue;
          const value = [
            {
              Type: 'forward',
              ForwardConfig: {
                TargetGroups: pair.map((tg, i) => ({ TargetGroupArn: tg, Weight: i === 0 ? 100 : 0 })),
              },
            },
          ];
          out.error({
            location: LiveStack.locate(rule, 'Actions'),
            what: `The ${name === 'ProductionListenerRule' ? 'production' : 'test'} listener rule ${rule.physicalId} of service ${service.physicalId} does not forward to ${missing.join(' and ')}.`,
            why: 'ECS moves traffic by changing the weights of the two target groups in this rule; a group the rule does not name gets none.',
            fix: {
              text: 'Make the rule forward to both target groups, the live one weighted 100 and the alternate 0.',
              value,
              reclaim: { resource: rule.id, type: rule.type, path: 'Actions', value },
            },
          });
        }
      }
    }
    return out.done();
  },
};
