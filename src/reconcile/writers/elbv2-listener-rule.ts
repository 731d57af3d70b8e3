/**
 * The write side of AWS::ElasticLoadBalancingV2::ListenerRule;
 * `discover/kinds/elbv2-listener-rule.ts` is the read side.
 */
import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  ModifyRuleCommand,
  SetRulePrioritiesCommand,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isNotFound } from '../../discover/aws-errors.js';
import { elbv2ListenerRuleHandler } from '../../discover/kinds/elbv2-listener-rule.js';
import type { Properties } from '../../model/resource.js';
import type { KindWriter } from '../kind-writer.js';
import { assertCreatable, planUpdate, requiredString } from './converge.js';
import { toAction } from './elbv2-listener.js';

/** ListenerArn is a CloudFormation replacement; the rest changes in place. */
const UPDATABLE = new Set(['Priority', 'Conditions', 'Actions']);
const CREATABLE = new Set(['ListenerArn', ...UPDATABLE]);

const actionsOf = (properties: Properties) => ((properties.Actions as unknown[] | undefined) ?? []).map(toAction);
/** Declared conditions are CloudFormation-shaped, which is the API's shape too. */
const conditionsOf = (properties: Properties) => (properties.Conditions as RuleCondition[] | undefined) ?? [];

export const elbv2ListenerRuleWriter: KindWriter = {
  type: 'AWS::ElasticLoadBalancingV2::ListenerRule',

  async create(ctx, change) {
    assertCreatable(change.properties, CREATABLE);
    const created = await ctx.clients.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: requiredString(change.properties, 'ListenerArn'),
        Priority: Number(change.properties.Priority),
        Conditions: conditionsOf(change.properties),
        Actions: actionsOf(change.properties),
      }),
    );
    const arn = created.Rules?.[0]?.RuleArn;
    if (!arn) throw new Error('CreateRule returned no rule ARN');
    return { physicalId: arn };
  },

  /**
   * Conditions and actions through ModifyRule, the priority through
   * SetRulePriorities, each only when the plan names it and live still
   * differs. Under ECS-native blue/green the forward weights are ECS's:
   * drift compares the pair without them, so a plan names Actions only when
   * the rule forwards somewhere else, and then this writes the declared weights.
   */
  async update(ctx, change) {
    const { todo } = await planUpdate(ctx, change, elbv2ListenerRuleHandler, UPDATABLE);
    if (todo.has('Conditions') || todo.has('Actions')) {
      await ctx.clients.elbv2.send(
        new ModifyRuleCommand({
          RuleArn: change.physicalId,
          ...(todo.has('Conditions') ? { Conditions: conditionsOf(change.properties) } : {}),
          ...(todo.has('Actions') ? { Actions: actionsOf(change.properties) } : {}),
        }),
      );
    }
    if (todo.has('Priority')) {
      await ctx.clients.elbv2.send(
        new SetRulePrioritiesCommand({
          RulePriorities: [{ RuleArn: change.physicalId, Priority: Number(change.properties.Priority) }],
        }),
      );
    }
  },

  /**
   * The rule only: its listener and target groups stay. Looked up first: AWS
   * answers RuleNotFound for a rule that is gone, the emulator deletes nothing
   * and says it did, and the result should say which it was either way.
   */
  async delete(ctx, change) {
    try {
      const found = await ctx.clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [change.physicalId] }));
      if ((found.Rules ?? []).length === 0) return 'already-gone';
      await ctx.clients.elbv2.send(new DeleteRuleCommand({ RuleArn: change.physicalId }));
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
