/**
 * The Cloudflare front door of a live stack, for the checks RC022–RC025: the
 * DNS records that point at its load balancers, the zone and configuration
 * rules that decide their SSL mode, and what the listeners serve.
 */
import type { Resource } from '../../model/resource.js';
import { asDict, asString } from '../util/values.js';
import type { LiveStack } from './live-stack.js';

export const recordsOf = (live: LiveStack): Resource[] => live.resources('Cloudflare::DNS::Record');

/** Why a front-door check has nothing to look at. */
export const NO_RECORDS =
  'no Cloudflare DNS record points at the stack (none found, or read without CLOUDFLARE_API_TOKEN)';

export const hostOf = (record: Resource): string => asString(record.properties.Name) ?? record.physicalId;

/** The load balancer a record points at, when it is one of this stack's. */
export const loadBalancerOf = (live: LiveStack, record: Resource): Resource | undefined =>
  live.targets(record, 'Content').find((target) => target.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');

/** The enabled configuration rules whose expression names the record's host, with the SSL mode they set. */
export function sslRulesOf(live: LiveStack, record: Resource): Array<{ rule: Resource; ssl: string }> {
  return live
    .sources(record, /^Expression$/)
    .filter((rule) => rule.type === 'Cloudflare::Rulesets::ConfigRule' && rule.properties.Enabled !== false)
    .flatMap((rule) => {
      const ssl = asString(asDict(rule.properties.ActionParameters)?.Ssl);
      return ssl ? [{ rule, ssl }] : [];
    });
}

/** The dashboard's names for the SSL/TLS modes. */
export const SSL_MODE_NAMES: Readonly<Record<string, string>> = {
  off: 'Off',
  flexible: 'Flexible',
  full: 'Full',
  strict: 'Full (strict)',
  origin_pull: 'Strict (SSL-Only Origin Pull)',
};
export const sslName = (mode: string): string => SSL_MODE_NAMES[mode] ?? mode;
