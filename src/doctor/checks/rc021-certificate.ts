import type { Resource } from '../../model/resource.js';
import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { deployingGroupsOf, prodListenersOf, unique } from '../live/stack-parts.js';
import { asDict, asList, asString, stringList } from '../util/values.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const RENEW_WITHIN_DAYS = 30;

/** Whether a certificate name (`example.com`, `*.example.com`) covers a host: a wildcard covers exactly one label. */
export function covers(name: string, host: string): boolean {
  const [n, h] = [name.toLowerCase(), host.toLowerCase()];
  if (n === h) return true;
  if (!n.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === n.slice(2);
}

const namesOf = (certificate: Resource): string[] =>
  unique([
    asString(certificate.properties.DomainName) ?? '',
    ...stringList(certificate.properties.SubjectAlternativeNames),
  ]).filter((name) => name !== '');

/** Host names worth checking: real DNS names, not nginx's catch-alls, regexes or variables. */
const isHostName = (name: string) =>
  /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(name) && !/^\d+(\.\d+){3}$/.test(name) && name !== 'localhost';

/**
 * Guide, step 8: the listener uses the Cloudflare origin certificate imported
 * into ACM. It must cover the host names served (an origin certificate covers
 * the bare domain and one level of subdomain: `example.com`, `*.example.com`),
 * must not be expired, and must be the one the listener uses.
 */
export const certificateCoverage: Check = {
  code: 'RC021',
  id: 'certificate-coverage',
  title: 'The listener certificate covers the served host names and is not expired',
  description:
    "The production listener's certificate must be issued, unexpired, and cover every host name served (from --host and nginx.conf's server_name); a Cloudflare origin certificate covers the bare domain and one level of subdomain only.",
  appliesTo: 'live',

  run({ live, repo, settings }) {
    const out = collect(this);
    if (!live) return out.done();
    const hostSources = new Map<string, string>();
    for (const host of settings.hosts) hostSources.set(host.toLowerCase(), '--host');
    for (const conf of repo?.nginx ?? []) {
      for (const { name, line } of conf.serverNames) {
        if (isHostName(name) && !hostSources.has(name.toLowerCase()))
          hostSources.set(name.toLowerCase(), `${conf.path}:${line}`);
      }
    }
    const listeners = unique(deployingGroupsOf(live).flatMap((group) => prodListenersOf(live, group))).filter(
      (listener) => listener.properties.Protocol === 'HTTPS',
    );
    if (listeners.length === 0) return out.skip('no HTTPS production listener');
    const allCertificates = live.resources('AWS::CertificateManager::Certificate', { orphans: true });
    for (const listener of listeners) {
      const arn = asString(asDict(asList(listener.properties.Certificates)[0])?.CertificateArn);
      if (!arn) continue; // RC016 reports a listener without a certificate.
      const certificate = live.target(listener, 'Certificates.0.CertificateArn');
      if (!certificate) {
        if (live.unreadable('AWS::CertificateManager::Certificate', arn))
          out.unknown(live.unknownReason('AWS::CertificateManager::Certificate', arn));
        else
          out.error({
            location: LiveStack.locate(listener, 'Certificates.0.CertificateArn'),
            what: `The listener uses certificate ${arn}, which does not exist in ACM.`,
            why: 'The listener cannot complete a TLS handshake; Cloudflare reports 525/526 errors.',
            fix: { text: 'Import the Cloudflare origin certificate into ACM again and select it on the listener.' },
          });
        continue;
      }
      const status = asString(certificate.attributes.Status);
      const notAfter = asString(certificate.attributes.NotAfter);
      const label = asString(certificate.properties.DomainName) ?? certificate.physicalId;
      if (status !== undefined && status !== 'ISSUED') {
        out.error({
          location: LiveStack.locate(certificate),
          what: `Certificate ${label} is ${status}, not ISSUED.`,
          why: 'The load balancer serves only issued certificates.',
          fix: { text: 'Import a valid Cloudflare origin certificate and select it on the listener.' },
        });
      }
      if (notAfter) {
        const left = (Date.parse(notAfter) - settings.now.getTime()) / DAY_MS;
        if (left < 0) {
          out.error({
            location: LiveStack.locate(certificate),
            what: `Certificate ${label} expired on ${notAfter.slice(0, 10)}.`,
            why: "Cloudflare's Full (strict) mode refuses an expired origin certificate: the site is down (526).",
            fix: {
              text: 'Create a new origin certificate in Cloudflare, re-import it into ACM (same ARN: "Reimport"), and keep the listener on it.',
            },
          });
        } else if (left < RENEW_WITHIN_DAYS) {
          out.warning({
            location: LiveStack.locate(certificate),
            what: `Certificate ${label} expires on ${notAfter.slice(0, 10)}, in ${Math.floor(left)} days.`,
            why: 'Imported certificates do not renew themselves.',
            fix: { text: 'Create a new origin certificate in Cloudflare and re-import it into ACM ("Reimport").' },
          });
        }
      }
      const names = namesOf(certificate);
      for (const [host, source] of hostSources) {
        if (names.some((name) => covers(name, host))) continue;
        const better = allCertificates.find(
          (other) => other !== certificate && namesOf(other).some((name) => covers(name, host)),
        );
        const deep = names.some((name) => name.startsWith('*.') && host.endsWith(name.slice(1)));
        out.error({
          location: LiveStack.locate(certificate, 'SubjectAlternativeNames'),
          what: `Certificate ${label} (${names.join(', ')}) does not cover ${host} (from ${source}).`,
          why: deep
            ? 'A wildcard covers one level of subdomain only; a Cloudflare origin certificate covers the bare domain and one level.'
            : "Cloudflare's Full (strict) mode refuses an origin certificate that does not name the host (526).",
          fix: better
            ? {
                text: `Select certificate ${better.physicalId}, which covers ${host}, on the listener.`,
                value: better.physicalId,
              }
            : {
                text: `Create a Cloudflare origin certificate that lists ${host}, import it into ACM and select it on the listener.`,
              },
        });
      }
    }
    return out.done();
  },
};
