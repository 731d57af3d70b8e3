/**
 * The read side of AWS::ElasticLoadBalancingV2::ListenerRule;
 * `reconcile/writers/elbv2-listener-rule.ts` is the write side. Reclaim reads
 * the rules a service names for ECS-native blue/green
 * (`LoadBalancers[].AdvancedConfiguration.ProductionListenerRule` and
 * `TestListenerRule`): ECS shifts traffic by rewriting their forward weights.
 * Shapes: https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Rule.html
 */
import { DescribeRulesCommand, type Rule, type RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ReadResult, Reference } from '../kind-handler.js';
import { isNotFound, readIssue } from '../aws-errors.js';
import { parseArn } from '../../util/arn.js';
import type { Properties } from '../../model/resource.js';
import type { ReadIssue } from '../../model/snapshot.js';
import { defined } from '../../util/properties.js';
import { describeInBatches } from '../batched-describe.js';
import { toAction } from './elbv2-listener.js';

const TYPE = 'AWS::ElasticLoadBalancingV2::ListenerRule' as const;

/** DescribeRules takes up to 20 rule ARNs a call in practice (no documented limit). */
const BATCH = 20;

/**
 * DescribeRules does not say which listener a rule is on; its ARN does:
 * `…:listener-rule/app/LB/lbid/listenerid/ruleid` is on `…:listener/app/LB/lbid/listenerid`.
 */
export function listenerArnOfRule(ruleArn: string): string | undefined {
  const parsed = parseArn(ruleArn);
  const parts = parsed?.resource.split('/');
  if (!parts || parts[0] !== 'listener-rule' || parts.length !== 6) return undefined;
  return ruleArn.replace(/:listener-rule\/(.*)\/[^/]+$/, ':listener/$1');
}

/** AWS reports `Values` beside the typed config on every condition; CloudFormation takes one or the other. */
function toCondition(condition: RuleCondition): Properties {
  const configured =
    condition.HostHeaderConfig ??
    condition.HttpHeaderConfig ??
    condition.HttpRequestMethodConfig ??
    condition.PathPatternConfig ??
    condition.QueryStringConfig ??
    condition.SourceIpConfig;
  return defined({
    Field: condition.Field,
    HostHeaderConfig: condition.HostHeaderConfig ? { Values: condition.HostHeaderConfig.Values ?? [] } : undefined,
    HttpHeaderConfig: condition.HttpHeaderConfig
      ? defined({
          HttpHeaderName: condition.HttpHeaderConfig.HttpHeaderName,
          Values: condition.HttpHeaderConfig.Values ?? [],
        })
      : undefined,
    HttpRequestMethodConfig: condition.HttpRequestMethodConfig
      ? { Values: condition.HttpRequestMethodConfig.Values ?? [] }
      : undefined,
    PathPatternConfig: condition.PathPatternConfig ? { Values: condition.PathPatternConfig.Values ?? [] } : undefined,
    QueryStringConfig: condition.QueryStringConfig
      ? {
          Values: (condition.QueryStringConfig.Values ?? []).map((pair) =>
            defined({ Key: pair.Key, Value: pair.Value }),
          ),
        }
      : undefined,
    SourceIpConfig: condition.SourceIpConfig ? { Values: condition.SourceIpConfig.Values ?? [] } : undefined,
    Values: configured ? undefined : condition.Values,
  });
}

function referencesOf(rule: Rule, listenerArn: string | undefined): Reference[] {
  const references: Reference[] = listenerArn
    ? [{ type: 'AWS::ElasticLoadBalancingV2::Listener', id: listenerArn, via: 'ListenerArn', kind: 'reference' }]
    : [];
  const seen = new Set<string>();
  (rule.Actions ?? []).forEach((action, i) => {
    const add = (id: string | undefined, via: string) => {
      if (!id || seen.has(id)) return;
      seen.add(id);
      references.push({ type: 'AWS::ElasticLoadBalancingV2::TargetGroup', id, via, kind: 'reference' });
    };
    add(action.TargetGroupArn, `Actions.${i}.TargetGroupArn`);
    (action.ForwardConfig?.TargetGroups ?? []).forEach((tg, j) =>
      add(tg.TargetGroupArn, `Actions.${i}.ForwardConfig.TargetGroups.${j}.TargetGroupArn`),
    );
  });
  return references;
}

function toResource(rule: Rule): DiscoveredResource {
  const arn = rule.RuleArn!;
  const listenerArn = listenerArnOfRule(arn);
  const priority = Number(rule.Priority);
  return {
    type: TYPE,
    physicalId: arn,
    name: `rule-${rule.Priority ?? arn.slice(arn.lastIndexOf('/') + 1)}`,
    properties: defined({
      ListenerArn: listenerArn,
      Priority: Number.isFinite(priority) ? priority : undefined,
      Conditions: (rule.Conditions ?? []).map(toCondition),
      Actions: (rule.Actions ?? []).map(toAction),
    }),
    attributes: { IsDefault: rule.IsDefault ?? false, RuleArn: arn },
    // CloudFormation's ListenerRule has no Tags property.
    tags: {},
    references: referencesOf(rule, listenerArn),
  };
}

/**
 * The rules at the given priorities of the given listeners: one
 * DescribeRules by listener (paginated) for each listener named. A listener
 * that is gone has no rules; another failure is an issue for the type, so
 * that the rules declared there are `unknown`, not missing.
 */
async function rulesAt(ctx: DiscoveryContext, places: readonly Properties[]): Promise<ReadResult> {
  const wanted = new Map<string, Set<number>>();
  for (const place of places) {
    const listener = String(place.ListenerArn);
    wanted.set(listener, (wanted.get(listener) ?? new Set()).add(Number(place.Priority)));
  }
  const issues: ReadIssue[] = [];
  const found = await Promise.all(
    [...wanted].map(async ([ListenerArn, priorities]) => {
      const rules: Rule[] = [];
      try {
        let Marker: string | undefined;
        do {
          const page = await ctx.limit(() => ctx.clients.elbv2.send(new DescribeRulesCommand({ ListenerArn, Marker })));
          rules.push(...(page.Rules ?? []));
          Marker = page.NextMarker;
        } while (Marker);
      } catch (error) {
        if (!isNotFound(error)) issues.push(readIssue('elasticloadbalancing:DescribeRules', error, { type: TYPE }));
      }
      return rules.filter((rule) => !rule.IsDefault && priorities.has(Number(rule.Priority)));
    }),
  );
  return { resources: found.flat().map(toResource), issues };
}

/** Rules are found through the services that name them, so there is no `list`. */
export const elbv2ListenerRuleHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const rules = await describeInBatches(
      ctx,
      physicalIds,
      {
        batchSize: BATCH,
        operation: 'elasticloadbalancing:DescribeRules',
        type: TYPE,
        describe: async (RuleArns) =>
          (await ctx.clients.elbv2.send(new DescribeRulesCommand({ RuleArns }))).Rules ?? [],
      },
      issues,
    );
    return { resources: rules.map(toResource), issues };
  },

  findAt: rulesAt,
};
