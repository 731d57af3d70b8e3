import { collect, type Check } from '../check.js';
import { hostOf, loadBalancerOf, NO_RECORDS, recordsOf } from '../live/front-door.js';
import { LiveStack } from '../live/live-stack.js';
import { asString } from '../util/values.js';

/**
 * Guide, step 13: the host is a proxied CNAME to the stack's load balancer. A
 * DNS-only record hands visitors the ALB itself (its origin certificate is not
 * one browsers trust, and Cloudflare's TLS and protection are bypassed); a
 * record pointing elsewhere serves another stack.
 */
export const cloudflareRecord: Check = {
  code: 'RC022',
  id: 'cloudflare-record',
  title: "The Cloudflare record is proxied and points at this stack's load balancer",
  description:
    "The host's DNS record must be proxied (orange cloud) and a CNAME to this stack's load balancer: DNS only exposes the load balancer, whose origin certificate browsers do not trust.",
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const records = recordsOf(live);
    if (records.length === 0) return out.skip(NO_RECORDS);
    const balancers = live.resources('AWS::ElasticLoadBalancingV2::LoadBalancer');
    for (const record of records) {
      if (record.status === 'unknown') {
        out.unknown(live.unknownReason(record.type, record.physicalId));
        continue;
      }
      const host = hostOf(record);
      if (record.properties.Proxied !== true) {
        out.error({
          location: LiveStack.locate(record, 'Proxied'),
          what: `${host} is DNS only: the record is not proxied through Cloudflare.`,
          why: "Visitors reach the load balancer directly: its Cloudflare origin certificate is not trusted by browsers, and Cloudflare's TLS and protection are bypassed.",
          fix: {
            text: `Turn the proxy on (orange cloud) for ${host} in Cloudflare → DNS, or set Proxied: true and run reclaim apply.`,
            value: true,
            reclaim: { resource: record.id, type: record.type, path: 'Proxied', value: true },
          },
        });
      }
      if (!loadBalancerOf(live, record)) {
        const content = asString(record.properties.Content) ?? '';
        const ours = balancers.find((lb) => typeof lb.attributes.DNSName === 'string') ?? balancers[0];
        const dnsName = asString(ours?.attributes.DNSName)?.toLowerCase();
        out.error({
          location: LiveStack.locate(record, 'Content'),
          what: `${host} points at ${content}, not at this stack's load balancer${dnsName ? ` (${dnsName})` : ''}.`,
          why: 'Visitors of the host are served by something else: this stack receives none of its traffic.',
          fix: dnsName
            ? {
                text: `Point the CNAME ${host} at ${dnsName}.`,
                value: dnsName,
                reclaim: { resource: record.id, type: record.type, path: 'Content', value: dnsName },
              }
            : { text: `Point the CNAME ${host} at the DNS name of the stack's load balancer.` },
        });
      }
    }
    return out.done();
  },
};
