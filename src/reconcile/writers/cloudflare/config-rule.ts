/**
 * Writes Cloudflare::Rulesets::ConfigRule (the reader is
 * discover/kinds/cloudflare/config-rule.ts): PATCH and DELETE
 * /zones/{zone_id}/rulesets/{ruleset_id}/rules/{rule_id}, one rule of the
 * zone's `http_config_settings` entrypoint, leaving its other rules alone.
 * Deleted only by `teardown --include-dns`.
 */
import { apiParameters, cloudflareConfigRuleHandler } from '../../../discover/kinds/cloudflare/config-rule.js';
import type { KindWriter } from '../../kind-writer.js';
import { planUpdate } from '../converge.js';
import { freshCloudflare, idParts, isGone } from './cloudflare-writes.js';

const TYPE = 'Cloudflare::Rulesets::ConfigRule' as const;
const UPDATABLE = new Set(['Expression', 'Description', 'Enabled', 'Action', 'ActionParameters']);

export const cloudflareConfigRuleWriter: KindWriter = {
  type: TYPE,

  /** PATCH of the rule; Cloudflare replaces the fields sent, so the whole rule is sent as declared over live. */
  async update(ctx, change) {
    const [zoneId, rulesetId, ruleId] = idParts(change.physicalId, 3) as [string, string, string];
    const api = freshCloudflare(ctx);
    const { live, todo } = await planUpdate(ctx, change, cloudflareConfigRuleHandler, UPDATABLE);
    if (todo.size === 0) return;
    const merged = { ...live.properties, ...change.properties };
    await (
      await api.sdk()
    ).rulesets.rules.edit(ruleId, {
      zone_id: zoneId,
      ruleset_id: rulesetId,
      action: merged.Action,
      expression: merged.Expression,
      description: merged.Description,
      enabled: merged.Enabled,
      action_parameters: apiParameters((merged.ActionParameters ?? {}) as Record<string, unknown>),
    } as never);
    api.forget();
  },

  async delete(ctx, change) {
    const [zoneId, rulesetId, ruleId] = idParts(change.physicalId, 3) as [string, string, string];
    const api = freshCloudflare(ctx);
    try {
      await (await api.sdk()).rulesets.rules.delete(ruleId, { zone_id: zoneId, ruleset_id: rulesetId });
    } catch (error) {
      if (isGone(error)) return 'already-gone';
      throw error;
    } finally {
      api.forget();
    }
    return 'deleted';
  },
};
