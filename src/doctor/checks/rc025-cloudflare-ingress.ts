import type { Resource } from '../../model/resource.js';
import { collect, type Check } from '../check.js';
import { loadBalancerOf, NO_RECORDS, recordsOf } from '../live/front-door.js';
import { LiveStack } from '../live/live-stack.js';
import { unique } from '../live/stack-parts.js';
import { asDict, asList, asNumber, asString } from '../util/values.js';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** Does the rule admit TCP port 443? */
function admits443(rule: Record<string, unknown>): boolean {
  const protocol = String(rule.IpProtocol ?? '');
  if (protocol === '-1') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = asNumber(rule.FromPort) ?? 0;
  const to = asNumber(rule.ToPort) ?? 65535;
  return from <= 443 && 443 <= to;
}

const ipv4ToNumber = (ip: string): number => ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);

/** Whether IPv4 CIDR `inner` lies within `outer`. IPv6 ranges are compared as written. */
export function cidrWithin(inner: string, outer: string): boolean {
  if (inner.includes(':') || outer.includes(':')) return inner.toLowerCase() === outer.toLowerCase();
  const [innerIp, innerBits] = inner.split('/') as [string, string?];
  const [outerIp, outerBits] = outer.split('/') as [string, string?];
  const [ib, ob] = [Number(innerBits ?? 32), Number(outerBits ?? 32)];
  if (ib < ob) return false;
  const size = 2 ** (32 - ob);
  return Math.floor(ipv4ToNumber(innerIp) / size) === Math.floor(ipv4ToNumber(outerIp) / size);
}

/**
 * Guide, hardening: once Cloudflare proxies the host, the load balancer needs
 * to answer Cloudflare only. Its security groups should admit 443 from
 * Cloudflare's published ranges (GET /ips) and nothing else; 0.0.0.0/0 lets
 * anyone go around Cloudflare to the origin.
 */
export const cloudflareIngress: Check = {
  code: 'RC025',
  id: 'cloudflare-ingress',
  title: "The load balancer admits only Cloudflare's ranges on 443",
  description:
    "With Cloudflare in front, the load balancer's security groups should admit HTTPS only from Cloudflare's published ranges (GET /ips); 0.0.0.0/0 lets anyone bypass Cloudflare.",
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const records = recordsOf(live);
    if (records.length === 0) return out.skip(NO_RECORDS);
    const ranges = live.facts?.cloudflareRanges;
    if (ranges === null) out.unknown("Cloudflare's IP ranges could not be read (GET /ips)");
    else if (ranges === undefined)
      out.note("Cloudflare's IP ranges were not read (offline): only 0.0.0.0/0 is checked");
    const published = ranges ? [...ranges.ipv4, ...ranges.ipv6] : [];
    const balancers = unique(
      records.map((record) => loadBalancerOf(live, record)).filter((lb): lb is Resource => !!lb),
    );
    for (const lb of balancers) {
      for (const group of live.targets(lb, /^SecurityGroups\.\d+$/)) {
        asList(group.properties.SecurityGroupIngress).forEach((entry, index) => {
          const rule = asDict(entry);
          if (!rule || !admits443(rule)) return;
          const cidr = asString(rule.CidrIp) ?? asString(rule.CidrIpv6);
          if (!cidr) return;
          const anywhere = ANYWHERE.has(cidr);
          if (!anywhere && (!ranges || published.some((range) => cidrWithin(cidr, range)))) return;
          out.hardening({
            location: LiveStack.locate(group, `SecurityGroupIngress.${index}`),
            what: anywhere
              ? `Security group ${group.physicalId} of load balancer ${String(lb.properties.Name ?? lb.id)} admits ${cidr} on 443.`
              : `Security group ${group.physicalId} admits ${cidr} on 443, which is not a Cloudflare range.`,
            why: 'Anyone who finds the load balancer can reach the origin around Cloudflare, its TLS settings and its protection.',
            fix: {
              text: `Replace the rule with one rule per Cloudflare range on 443${
                published.length > 0 ? `: ${published.join(', ')}` : ' (see https://www.cloudflare.com/ips/)'
              }.`,
              ...(published.length > 0 ? { value: published } : {}),
            },
          });
        });
      }
    }
    return out.done();
  },
};
