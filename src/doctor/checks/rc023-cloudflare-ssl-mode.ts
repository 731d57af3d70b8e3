import { collect, type Check } from '../check.js';
import { hostOf, NO_RECORDS, recordsOf, sslName, sslRulesOf } from '../live/front-door.js';
import { LiveStack } from '../live/live-stack.js';
import { unique } from '../live/stack-parts.js';
import { asString } from '../util/values.js';

/**
 * Guide, step 8: a configuration rule sets "Full (strict)" for the exact host.
 * The effective mode is the rule's when a rule matches the host (a rule beats
 * the zone setting), else the zone's `ssl` setting. Flexible sends visitors'
 * traffic to the origin unencrypted; Full accepts any certificate.
 */
export const cloudflareSslMode: Check = {
  code: 'RC023',
  id: 'cloudflare-ssl-mode',
  title: 'The effective Cloudflare SSL mode for the host is Full (strict)',
  description:
    'Cloudflare must reach the origin with Full (strict) TLS: a configuration rule matching the exact host beats the zone setting, so the check names which of the two decides.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const records = recordsOf(live);
    if (records.length === 0) return out.skip(NO_RECORDS);
    for (const record of records) {
      const host = hostOf(record);
      const rules = sslRulesOf(live, record);
      const zone = live.target(record, 'ZoneId');
      if (rules.length > 0) {
        const modes = unique(rules.map((r) => r.ssl));
        // Later rules override earlier ones; the snapshot keeps no order, so disagreeing rules are named all.
        for (const { rule, ssl } of rules) {
          if (ssl === 'strict') continue;
          out.error({
            location: LiveStack.locate(rule, 'ActionParameters.Ssl'),
            what: `The effective SSL mode for ${host} is ${sslName(ssl)}, set by configuration rule "${asString(rule.properties.Description) || rule.id}" (a rule beats the zone setting).`,
            why:
              ssl === 'flexible' || ssl === 'off'
                ? 'Cloudflare talks to the origin in plain http: the traffic between Cloudflare and AWS is unencrypted (and the 443-only listener refuses it).'
                : 'Full accepts any certificate from the origin, so the origin certificate protects nothing.',
            fix: {
              text: `Set SSL to Full (strict) in that rule (Rules → Configuration Rules), or ActionParameters.Ssl: strict and run reclaim apply.`,
              value: 'strict',
              reclaim: { resource: rule.id, type: rule.type, path: 'ActionParameters.Ssl', value: 'strict' },
            },
          });
        }
        if (modes.length > 1) out.note(`${host}: configuration rules set different SSL modes (${modes.join(', ')})`);
        continue;
      }
      if (!zone) {
        out.unknown(`the zone of ${host} could not be read`);
        continue;
      }
      const ssl = asString(zone.properties.Ssl);
      if (ssl === undefined) {
        out.unknown(live.unknownReason(zone.type, zone.physicalId));
        continue;
      }
      if (ssl === 'strict') continue;
      out.error({
        location: LiveStack.locate(zone, 'Ssl'),
        what: `The effective SSL mode for ${host} is ${sslName(ssl)}, set by the zone setting of ${asString(zone.properties.Name) ?? zone.physicalId}: no configuration rule matches the host.`,
        why: 'Without Full (strict), Cloudflare does not verify the origin certificate (Full) or does not encrypt at all (Flexible).',
        fix: {
          text: `Create a configuration rule with the hostname filter (http.host eq "${host}") and SSL Full (strict), as the guide does; or set the zone's SSL/TLS mode to Full (strict).`,
          value: 'strict',
          reclaim: { resource: zone.id, type: zone.type, path: 'Ssl', value: 'strict' },
        },
      });
    }
    return out.done();
  },
};
