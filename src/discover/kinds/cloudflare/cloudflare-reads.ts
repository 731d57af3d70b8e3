/**
 * The Cloudflare reads the four Cloudflare kinds share, each sent once per run
 * (through `CloudflareApi.once`): a zone's records serve the zone handler (which
 * records point at the stack's load balancers), the record handler and the
 * doctor alike. Shapes are the API's (https://developers.cloudflare.com/api/),
 * narrowed to the fields reclaim reads.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { allPages, type CloudflareApi } from '../../../cloudflare/client.js';
import type { DiscoveryContext } from '../../kind-handler.js';
import type { ReadIssue } from '../../../model/snapshot.js';

export interface CfZone {
  readonly id: string;
  readonly name: string;
  readonly status?: string;
}
export interface CfRecord {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly content: string;
  readonly proxied?: boolean;
  readonly ttl?: number;
}
export interface CfRule {
  readonly id: string;
  readonly action?: string;
  readonly expression?: string;
  readonly description?: string;
  readonly enabled?: boolean;
  readonly action_parameters?: Record<string, unknown>;
}
export interface CfRuleset {
  readonly id: string;
  readonly phase?: string;
  readonly rules: readonly CfRule[];
}
export interface CfCertificate {
  readonly id: string;
  readonly certificate: string;
  readonly hostnames: readonly string[];
  readonly expires_on?: string;
  readonly request_type?: string;
  readonly requested_validity?: number;
}

/** The phase whose rules are the dashboard's "Configuration Rules". */
export const CONFIG_PHASE = 'http_config_settings';
const PER_PAGE = 100;

/** The run's Cloudflare client; handlers are only registered when there is one. */
export function cloudflareOf(ctx: DiscoveryContext): CloudflareApi {
  const api = ctx.clients.cloudflare;
  if (!api) throw new Error('no Cloudflare API token: the Cloudflare kinds should have been skipped');
  return api;
}

/** GET /zones: every zone the token can see. */
export function listZones(ctx: DiscoveryContext): Promise<CfZone[]> {
  const api = cloudflareOf(ctx);
  return api.once('zones', () =>
    allPages(
      (page) =>
        ctx.limit(async () => (await api.sdk()).zones.list({ page, per_page: 50 })) as unknown as Promise<{
          result: CfZone[];
        }>,
    ),
  );
}

/** GET /zones/{zone_id}/dns_records: every record of a zone (zones hold few; one list serves every lookup). */
export function listRecords(ctx: DiscoveryContext, zoneId: string): Promise<CfRecord[]> {
  const api = cloudflareOf(ctx);
  return api.once(`records|${zoneId}`, () =>
    allPages(
      (page) =>
        ctx.limit(async () =>
          (await api.sdk()).dns.records.list({ zone_id: zoneId, page, per_page: PER_PAGE }),
        ) as unknown as Promise<{
          result: CfRecord[];
        }>,
    ),
  );
}

/**
 * GET /zones/{zone_id}/rulesets/phases/http_config_settings/entrypoint, or
 * undefined when the zone has no configuration rules yet (the API answers 404).
 */
export function configEntrypoint(ctx: DiscoveryContext, zoneId: string): Promise<CfRuleset | undefined> {
  const api = cloudflareOf(ctx);
  return api.once(`entrypoint|${zoneId}`, async () => {
    try {
      return (await ctx.limit(async () =>
        (await api.sdk()).rulesets.phases.get(CONFIG_PHASE, { zone_id: zoneId }),
      )) as unknown as CfRuleset;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  });
}

/** GET /zones/{zone_id}/settings/{setting_id}: the setting's value. */
export function zoneSetting(ctx: DiscoveryContext, zoneId: string, setting: string): Promise<unknown> {
  const api = cloudflareOf(ctx);
  return api.once(`setting|${zoneId}|${setting}`, async () => {
    const answer = (await ctx.limit(async () =>
      (await api.sdk()).zones.settings.get(setting, { zone_id: zoneId }),
    )) as {
      value?: unknown;
    };
    return answer.value;
  });
}

/** GET /certificates?zone_id=: the zone's Origin CA certificates (the list requires a zone). */
export function listOriginCertificates(ctx: DiscoveryContext, zoneId: string): Promise<CfCertificate[]> {
  const api = cloudflareOf(ctx);
  return api.once(`certificates|${zoneId}`, () =>
    allPages(
      (page) =>
        ctx.limit(async () =>
          (await api.sdk()).originCACertificates.list({ zone_id: zoneId, page, per_page: PER_PAGE } as never),
        ) as unknown as Promise<{ result: CfCertificate[] }>,
    ),
  );
}

/**
 * The host names a rule expression matches exactly: `http.host eq "x"`,
 * `http.host == "x"` and `http.host in {"x" "y"}`. The guide's lesson is that
 * the filter must name the fully qualified host; looser forms are not matched.
 */
export function hostsOf(expression: string): string[] {
  const hosts = new Set<string>();
  for (const match of expression.matchAll(/http\.host\s+(?:eq|==)\s+"([^"]+)"/g)) hosts.add(match[1]!.toLowerCase());
  for (const match of expression.matchAll(/http\.host\s+in\s+\{([^}]*)\}/g)) {
    for (const quoted of match[1]!.matchAll(/"([^"]+)"/g)) hosts.add(quoted[1]!.toLowerCase());
  }
  return [...hosts].sort();
}

/**
 * A certificate serial as one canonical string: lower-case hex, no colons, no
 * leading zeros. ACM reports `0a:1b:…`; moto reports the serial in decimal, and
 * Node's X509Certificate in upper-case hex.
 */
export function canonicalSerial(serial: string): string {
  const trimmed = serial.trim();
  const hex =
    /^\d+$/.test(trimmed) && !trimmed.includes(':') ? BigInt(trimmed).toString(16) : trimmed.replaceAll(':', '');
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

/** Serial and public key fingerprint (SHA-256 of the DER SubjectPublicKeyInfo) of a PEM certificate. */
export function certificateIdentity(
  pem: string,
): { serial: string; publicKeySha256: string; notAfter: string; subjectAltNames: string[] } | undefined {
  try {
    const certificate = new X509Certificate(pem);
    const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
    return {
      serial: canonicalSerial(certificate.serialNumber),
      publicKeySha256: createHash('sha256').update(spki).digest('hex'),
      notAfter: new Date(certificate.validTo).toISOString(),
      subjectAltNames: (certificate.subjectAltName ?? '')
        .split(/,\s*/)
        .filter((name) => name.startsWith('DNS:'))
        .map((name) => name.slice(4))
        .sort(),
    };
  } catch {
    return undefined;
  }
}

/** True for the DNS name of an AWS load balancer: what a record pointing at the stack's ALB holds. */
export const isElbDnsName = (content: string): boolean => /\.elb\.amazonaws\.com\.?$/i.test(content);

export const normalHost = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** What the SDK's APIError carries (https://developers.cloudflare.com/fundamentals/api/reference/errors/). */
interface CfErrorShape {
  readonly status?: number;
  readonly errors?: ReadonlyArray<{ code?: number; message?: string }>;
  readonly message?: string;
}

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'AuthenticationError',
  403: 'PermissionDenied',
  404: 'NotFound',
  429: 'Throttled',
};

/** A failed Cloudflare read as the snapshot reports it. The SDK's errors name no token or header, so none can leak. */
export function cloudflareIssue(
  operation: string,
  error: unknown,
  about: { type: ReadIssue['type']; physicalIds?: readonly string[] },
): ReadIssue {
  const shape = (error ?? {}) as CfErrorShape;
  const first = shape.errors?.[0];
  const code = shape.status ? (STATUS_CODES[shape.status] ?? `HTTP${shape.status}`) : 'ConnectionError';
  const message = first?.message
    ? `${first.message}${first.code ? ` (Cloudflare error ${first.code})` : ''}`
    : (shape.message ?? String(error)).split('\n')[0]!;
  return {
    operation,
    code,
    message: message.slice(0, 500),
    ...(about.type ? { type: about.type } : {}),
    ...(about.physicalIds ? { physicalIds: [...about.physicalIds] } : {}),
  };
}

export const isCloudflareNotFound = (error: unknown): boolean => (error as CfErrorShape)?.status === 404;
