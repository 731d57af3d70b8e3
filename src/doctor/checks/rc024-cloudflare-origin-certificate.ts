import type { Resource } from '../../model/resource.js';
import { collect, type Check } from '../check.js';
import { hostOf, loadBalancerOf, NO_RECORDS, recordsOf } from '../live/front-door.js';
import { LiveStack } from '../live/live-stack.js';
import { asString, stringList } from '../util/values.js';
import { covers } from './rc021-certificate.js';

const httpsListenersOf = (live: LiveStack, lb: Resource): Resource[] =>
  live
    .sources(lb, /^LoadBalancerArn$/)
    .filter((r) => r.type === 'AWS::ElasticLoadBalancingV2::Listener' && r.properties.Protocol === 'HTTPS');

/**
 * Guide, step 8: the certificate on the listener is the Cloudflare origin
 * certificate pasted into ACM, matched by serial (the ACM certificate's edge),
 * never by name; and it covers the host. A free origin certificate covers the
 * bare domain and one level of subdomain only.
 */
export const cloudflareOriginCertificate: Check = {
  code: 'RC024',
  id: 'cloudflare-origin-certificate',
  title: "The listener's certificate is the Cloudflare origin certificate and covers the host",
  description:
    "With Full (strict), Cloudflare accepts only a certificate it trusts: the listener's ACM certificate must be a Cloudflare origin certificate (same serial), unexpired, covering the host (the bare domain and one level of subdomain).",
  appliesTo: 'live',

  run({ live, settings }) {
    const out = collect(this);
    if (!live) return out.done();
    const records = recordsOf(live);
    if (records.length === 0) return out.skip(NO_RECORDS);
    for (const record of records) {
      const lb = loadBalancerOf(live, record);
      if (!lb) continue; // RC022 reports a record that points elsewhere.
      const host = hostOf(record);
      for (const listener of httpsListenersOf(live, lb)) {
        const certificate = live.target(listener, 'Certificates.0.CertificateArn');
        if (!certificate) continue; // RC016 and RC021 report a listener without a readable certificate.
        const origin = live.target(certificate, 'Serial');
        const label = asString(certificate.properties.DomainName) ?? certificate.physicalId;
        if (!origin) {
          if (live.unreadable('Cloudflare::SSL::OriginCACertificate')) {
            out.unknown(`the Cloudflare origin certificates could not be read`);
            continue;
          }
          out.error({
            location: LiveStack.locate(listener, 'Certificates.0.CertificateArn'),
            what: `The listener serves ACM certificate ${label}, which is not a Cloudflare origin certificate of the zone (no origin certificate has its serial).`,
            why: 'Full (strict) accepts only a certificate Cloudflare trusts: visitors get error 526. An origin certificate re-created in Cloudflare but not re-imported into ACM no longer matches.',
            fix: {
              text: 'Create an origin certificate in Cloudflare (SSL/TLS → Origin Server), import it into ACM (Certificate and Private key, no chain), and select it on the listener.',
            },
          });
          continue;
        }
        const names = stringList(origin.properties.Hostnames);
        if (!names.some((name) => covers(name, host))) {
          const deep = names.some((name) => name.startsWith('*.') && host.endsWith(name.slice(1)));
          out.error({
            location: LiveStack.locate(origin, 'Hostnames'),
            what: `The origin certificate on the listener (${names.join(', ')}) does not cover ${host}.`,
            why: deep
              ? 'A free origin certificate covers the bare domain and one level of subdomain only.'
              : 'Cloudflare refuses an origin certificate that does not name the host (526).',
            fix: {
              text: `Create an origin certificate that lists ${host}, import it into ACM and select it on the listener${deep ? ', or serve the host one level under the zone' : ''}.`,
            },
          });
        }
        const expires = asString(origin.attributes.ExpiresOn);
        if (expires && Date.parse(expires) < settings.now.getTime()) {
          out.error({
            location: LiveStack.locate(origin),
            what: `The origin certificate on the listener expired on ${expires.slice(0, 10)}.`,
            why: 'Full (strict) refuses an expired origin certificate: the site is down (526).',
            fix: { text: 'Create a new origin certificate, re-import it into ACM ("Reimport", same ARN).' },
          });
        }
      }
    }
    return out.done();
  },
};
