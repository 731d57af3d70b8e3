/**
 * Cloudflare::Rulesets::ConfigRule — one rule of a zone's `http_config_settings`
 * entrypoint ruleset (the dashboard's Rules → Configuration Rules), shaped after
 * a rule of Terraform's `cloudflare_ruleset` (expression, action `set_config`,
 * action_parameters, description, enabled). Writer:
 * reconcile/writers/cloudflare/config-rule.ts.
 *
 * Physical id `ZONE_ID/RULESET_ID/RULE_ID`. References the zone, and each
 * record whose host its expression names exactly (the edge rule → record).
 */
import type { DiscoveredResource, KindHandler, ReadResult, Reference } from '../../kind-handler.js';
import type { ReadIssue } from '../../../model/snapshot.js';
import { CONFIG_PHASE, cloudflareIssue, configEntrypoint, hostsOf, type CfRule } from './cloudflare-reads.js';
import { recordByHostId } from './dns-record.js';

const TYPE = 'Cloudflare::Rulesets::ConfigRule' as const;

/** `action_parameters` keys → property names: the settings a configuration rule can set that reclaim manages. */
const PARAMETERS: Readonly<Record<string, string>> = {
  ssl: 'Ssl',
  automatic_https_rewrites: 'AutomaticHttpsRewrites',
};

export const ruleParameters = (parameters: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(parameters ?? {})
      .filter(([key]) => key in PARAMETERS)
      .map(([key, value]) => [PARAMETERS[key]!, value]),
  );

export const apiParameters = (parameters: Record<string, unknown>): Record<string, unknown> => {
  const back = Object.fromEntries(Object.entries(PARAMETERS).map(([key, property]) => [property, key]));
  return Object.fromEntries(Object.entries(parameters).map(([property, value]) => [back[property] ?? property, value]));
};

function toResource(zoneId: string, rulesetId: string, rule: CfRule): DiscoveredResource {
  const references: Reference[] = [
    { type: 'Cloudflare::DNS::Zone', id: zoneId, via: 'ZoneId', kind: 'reference' },
    ...hostsOf(rule.expression ?? '').map((host): Reference => ({
      type: 'Cloudflare::DNS::Record',
      id: recordByHostId(zoneId, host),
      via: 'Expression',
      kind: 'reference',
    })),
  ];
  return {
    type: TYPE,
    physicalId: `${zoneId}/${rulesetId}/${rule.id}`,
    name: rule.description || `config-rule-${rule.id.slice(0, 8)}`,
    properties: {
      ZoneId: zoneId,
      Phase: CONFIG_PHASE,
      Expression: rule.expression ?? '',
      Description: rule.description ?? '',
      Enabled: rule.enabled ?? true,
      Action: rule.action ?? 'set_config',
      ActionParameters: ruleParameters(rule.action_parameters),
    },
    attributes: { RulesetId: rulesetId },
    tags: {},
    references,
  };
}

export const cloudflareConfigRuleHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const byZone = new Map<string, string[]>();
    for (const id of new Set(physicalIds)) {
      const [zoneId, rulesetId, ruleId] = id.split('/');
      if (!zoneId || !rulesetId || !ruleId) continue;
      byZone.set(zoneId, [...(byZone.get(zoneId) ?? []), id]);
    }
    const resources: DiscoveredResource[] = [];
    await Promise.all(
      [...byZone].map(async ([zoneId, ids]) => {
        try {
          const ruleset = await configEntrypoint(ctx, zoneId);
          for (const id of ids) {
            const [, rulesetId, ruleId] = id.split('/');
            const rule = ruleset && ruleset.id === rulesetId ? ruleset.rules.find((r) => r.id === ruleId) : undefined;
            if (rule) resources.push(toResource(zoneId, rulesetId!, rule));
          }
        } catch (error) {
          if ((error as { status?: number }).status === 404) return;
          issues.push(cloudflareIssue('cloudflare:GetRulesetEntrypoint', error, { type: TYPE, physicalIds: ids }));
        }
      }),
    );
    return { resources, issues };
  },
};
