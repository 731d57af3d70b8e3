import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stateful fake of the Cloudflare API v4, for the endpoints reclaim
 * uses. No emulator exists for Cloudflare, so the tests start this one on a
 * free loopback port (like moto) and point the SDK at it with `baseURL`
 * (`CLOUDFLARE_BASE_URL` for the CLI). Shapes follow the API reference at
 * https://developers.cloudflare.com/api/ (each route names its page) and the
 * types of the official SDK (`cloudflare` on npm, resources/*.d.ts). Every
 * answer is the documented envelope `{ success, errors, messages, result,
 * result_info }`. State is kept so that what apply writes is read back.
 */
export interface CloudflareFake {
  /** The API base, e.g. `http://127.0.0.1:PORT/client/v4`. */
  readonly baseUrl: string;
  /** A token that may read and edit everything. */
  readonly token: string;
  /** A token that lists zones but is refused (403, code 10000) on everything inside them. */
  readonly zoneListOnlyToken: string;
  readonly state: FakeState;
  /** Every request served, as `METHOD /path` (query left out). */
  readonly requests: string[];
  addZone(name: string): FakeZone;
  addRecord(
    zoneId: string,
    record: { name: string; type: string; content: string; proxied: boolean; ttl?: number },
  ): FakeRecord;
  /** Adds a rule to the zone's `http_config_settings` entrypoint, making the entrypoint when there is none. */
  addConfigRule(zoneId: string, rule: { expression: string; ssl: string; description?: string }): FakeRule;
  /**
   * Stores an Origin CA certificate as if Cloudflare had signed it. The real
   * API signs a CSR with Cloudflare's CA; the fake cannot, so tests give it the
   * PEM they also import into ACM (the guide pastes the same one into both).
   */
  addOriginCertificate(certificate: { pem: string; hostnames: string[]; expiresOn: string }): FakeCertificate;
  reset(): void;
  stop(): Promise<void>;
}

export interface FakeZone {
  id: string;
  name: string;
  status: string;
  settings: Record<string, string>;
}
export interface FakeRecord {
  id: string;
  zone_id: string;
  zone_name: string;
  name: string;
  type: string;
  content: string;
  proxied: boolean;
  proxiable: boolean;
  ttl: number;
  comment: string | null;
  tags: string[];
  meta: Record<string, unknown>;
  created_on: string;
  modified_on: string;
}
export interface FakeRule {
  id: string;
  version: string;
  action: string;
  expression: string;
  description: string;
  enabled: boolean;
  action_parameters: Record<string, unknown>;
  last_updated: string;
  ref: string;
}
export interface FakeRuleset {
  id: string;
  name: string;
  description: string;
  kind: string;
  phase: string;
  version: string;
  last_updated: string;
  rules: FakeRule[];
}
export interface FakeCertificate {
  id: string;
  certificate: string;
  csr: string;
  hostnames: string[];
  expires_on: string;
  request_type: string;
  requested_validity: number;
  zoneNames: string[];
}
export interface FakeState {
  zones: FakeZone[];
  records: FakeRecord[];
  /** Entrypoint rulesets by `zoneId|phase`. */
  rulesets: Map<string, FakeRuleset>;
  certificates: FakeCertificate[];
}

/**
 * GET /ips (https://developers.cloudflare.com/api/resources/ips/methods/list/):
 * the ranges Cloudflare publishes at https://www.cloudflare.com/ips/.
 */
export const CLOUDFLARE_IPV4 = [
  '173.245.48.0/20',
  '103.21.244.0/22',
  '103.22.200.0/22',
  '103.31.4.0/22',
  '141.101.64.0/18',
  '108.162.192.0/18',
  '190.93.240.0/20',
  '188.114.96.0/20',
  '197.234.240.0/22',
  '198.41.128.0/17',
  '162.158.0.0/15',
  '104.16.0.0/13',
  '104.24.0.0/14',
  '172.64.0.0/13',
  '131.0.72.0/22',
];
export const CLOUDFLARE_IPV6 = [
  '2400:cb00::/32',
  '2606:4700::/32',
  '2803:f800::/32',
  '2405:b500::/32',
  '2405:8100::/32',
  '2a06:98c0::/29',
  '2c0f:f248::/32',
];

/** Zone setting defaults (https://developers.cloudflare.com/api/resources/zones/subresources/settings/methods/get/). */
const DEFAULT_SETTINGS = { ssl: 'full', always_use_https: 'off', min_tls_version: '1.0' };

const id32 = () => randomBytes(16).toString('hex');
const now = () => new Date().toISOString();

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (what: string) =>
  new HttpError(404, 7003, `Could not route to ${what}, perhaps your object identifier is invalid?`);

function emptyState(): FakeState {
  return { zones: [], records: [], rulesets: new Map(), certificates: [] };
}

export async function startCloudflareFake(): Promise<CloudflareFake> {
  let state = emptyState();
  const requests: string[] = [];
  const token = `fake-${id32()}`;
  const zoneListOnlyToken = `fake-zone-list-${id32()}`;

  const zoneOf = (zoneId: string): FakeZone => {
    const zone = state.zones.find((z) => z.id === zoneId);
    if (!zone) throw notFound(`zone ${zoneId}`);
    return zone;
  };
  const entrypoint = (zoneId: string, phase: string): FakeRuleset => {
    const ruleset = state.rulesets.get(`${zoneId}|${phase}`);
    if (!ruleset) throw new HttpError(404, 10003, `could not find entrypoint ruleset in the ${phase} phase`);
    return ruleset;
  };
  const rulesetById = (zoneId: string, rulesetId: string): FakeRuleset => {
    const ruleset = [...state.rulesets.entries()].find(
      ([key, r]) => key.startsWith(`${zoneId}|`) && r.id === rulesetId,
    )?.[1];
    if (!ruleset) throw new HttpError(404, 10003, `could not find ruleset ${rulesetId}`);
    return ruleset;
  };
  const bump = (ruleset: FakeRuleset) => {
    ruleset.version = String(Number(ruleset.version) + 1);
    ruleset.last_updated = now();
  };

  const fake: Omit<CloudflareFake, 'baseUrl' | 'stop'> = {
    token,
    zoneListOnlyToken,
    get state() {
      return state;
    },
    requests,
    addZone(name) {
      const zone: FakeZone = { id: id32(), name, status: 'active', settings: { ...DEFAULT_SETTINGS } };
      state.zones.push(zone);
      return zone;
    },
    addRecord(zoneId, input) {
      const zone = zoneOf(zoneId);
      const record: FakeRecord = {
        id: id32(),
        zone_id: zoneId,
        zone_name: zone.name,
        name: input.name,
        type: input.type,
        content: input.content,
        proxied: input.proxied,
        proxiable: true,
        ttl: input.ttl ?? 1,
        comment: null,
        tags: [],
        meta: {},
        created_on: now(),
        modified_on: now(),
      };
      state.records.push(record);
      return record;
    },
    addConfigRule(zoneId, input) {
      zoneOf(zoneId);
      const key = `${zoneId}|http_config_settings`;
      let ruleset = state.rulesets.get(key);
      if (!ruleset) {
        ruleset = {
          id: id32(),
          name: 'default',
          description: '',
          kind: 'zone',
          phase: 'http_config_settings',
          version: '1',
          last_updated: now(),
          rules: [],
        };
        state.rulesets.set(key, ruleset);
      }
      const rule: FakeRule = {
        id: id32(),
        version: '1',
        action: 'set_config',
        expression: input.expression,
        description: input.description ?? '',
        enabled: true,
        action_parameters: { ssl: input.ssl },
        last_updated: now(),
        ref: id32(),
      };
      ruleset.rules.push(rule);
      bump(ruleset);
      return rule;
    },
    addOriginCertificate(input) {
      const certificate: FakeCertificate = {
        id: String(BigInt(`0x${randomBytes(8).toString('hex')}`)),
        certificate: input.pem,
        csr: '',
        hostnames: input.hostnames,
        expires_on: input.expiresOn,
        request_type: 'origin-rsa',
        requested_validity: 5475,
        zoneNames: [...new Set(input.hostnames.map((host) => host.replace(/^\*\./, '')))],
      };
      state.certificates.push(certificate);
      return certificate;
    },
    reset() {
      state = emptyState();
      requests.length = 0;
    },
  };

  const route = (method: string, path: string, query: URLSearchParams, body: Record<string, unknown>, auth: string) => {
    if (auth !== token && auth !== zoneListOnlyToken) throw new HttpError(403, 9109, 'Invalid access token');
    const insideZone = /^\/zones\/[^/]+\/|^\/certificates/.test(path);
    if (auth === zoneListOnlyToken && insideZone) throw new HttpError(403, 10000, 'Authentication error');
    let match: RegExpExecArray | null;

    // https://developers.cloudflare.com/api/resources/zones/methods/list/
    if (method === 'GET' && path === '/zones') {
      const name = query.get('name');
      return paged(state.zones.filter((zone) => !name || zone.name === name).map(zoneView), query);
    }
    // https://developers.cloudflare.com/api/resources/zones/methods/get/
    if (method === 'GET' && (match = /^\/zones\/([^/]+)$/.exec(path))) return { result: zoneView(zoneOf(match[1]!)) };

    // https://developers.cloudflare.com/api/resources/zones/subresources/settings/methods/get/ and .../edit/
    if ((match = /^\/zones\/([^/]+)\/settings\/([a-z_0-9]+)$/.exec(path))) {
      const zone = zoneOf(match[1]!);
      const setting = match[2]!;
      if (!(setting in zone.settings)) throw new HttpError(404, 1003, `Invalid or missing setting ${setting}`);
      if (method === 'PATCH') {
        if (typeof body.value !== 'string') throw new HttpError(400, 1007, `Invalid value for zone setting ${setting}`);
        zone.settings[setting] = body.value;
      } else if (method !== 'GET') throw new HttpError(405, 10000, 'method not allowed');
      return { result: { id: setting, value: zone.settings[setting], editable: true, modified_on: now() } };
    }

    // https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/ and .../create/
    if ((match = /^\/zones\/([^/]+)\/dns_records$/.exec(path))) {
      const zone = zoneOf(match[1]!);
      if (method === 'POST') {
        return { result: fake.addRecord(zone.id, body as unknown as Parameters<CloudflareFake['addRecord']>[1]) };
      }
      const type = query.get('type');
      const name = query.get('name') ?? query.get('name.exact');
      const content = query.get('content') ?? query.get('content.exact');
      return paged(
        state.records.filter(
          (r) =>
            r.zone_id === zone.id &&
            (!type || r.type === type) &&
            (!name || r.name === name) &&
            (!content || r.content === content),
        ),
        query,
      );
    }
    // https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/get/ (edit, update, delete)
    if ((match = /^\/zones\/([^/]+)\/dns_records\/([^/]+)$/.exec(path))) {
      zoneOf(match[1]!);
      const index = state.records.findIndex((r) => r.zone_id === match![1] && r.id === match![2]);
      if (index < 0) throw new HttpError(404, 81044, 'Record does not exist.');
      const record = state.records[index]!;
      if (method === 'DELETE') {
        state.records.splice(index, 1);
        return { result: { id: record.id } };
      }
      if (method === 'PATCH' || method === 'PUT') {
        for (const key of ['name', 'type', 'content', 'proxied', 'ttl', 'comment'] as const) {
          if (key in body) (record as unknown as Record<string, unknown>)[key] = body[key];
        }
        record.modified_on = now();
      }
      return { result: record };
    }

    // https://developers.cloudflare.com/api/resources/rulesets/subresources/phases/methods/get/ and .../update/
    if ((match = /^\/zones\/([^/]+)\/rulesets\/phases\/([a-z_]+)\/entrypoint$/.exec(path))) {
      const zoneId = zoneOf(match[1]!).id;
      const phase = match[2]!;
      if (method === 'PUT') {
        const existing = state.rulesets.get(`${zoneId}|${phase}`);
        const ruleset: FakeRuleset = existing ?? {
          id: id32(),
          name: String(body.name ?? 'default'),
          description: '',
          kind: 'zone',
          phase,
          version: '0',
          last_updated: now(),
          rules: [],
        };
        ruleset.rules = ((body.rules as Partial<FakeRule>[] | undefined) ?? []).map((rule) => newRule(rule));
        bump(ruleset);
        state.rulesets.set(`${zoneId}|${phase}`, ruleset);
        return { result: ruleset };
      }
      return { result: entrypoint(zoneId, phase) };
    }
    // https://developers.cloudflare.com/api/resources/rulesets/subresources/rules/methods/edit/ and .../delete/
    if ((match = /^\/zones\/([^/]+)\/rulesets\/([^/]+)\/rules\/([^/]+)$/.exec(path))) {
      const ruleset = rulesetById(zoneOf(match[1]!).id, match[2]!);
      const index = ruleset.rules.findIndex((rule) => rule.id === match![3]);
      if (index < 0) throw new HttpError(404, 10003, `could not find rule ${match[3]}`);
      if (method === 'DELETE') ruleset.rules.splice(index, 1);
      else if (method === 'PATCH') {
        const rule = ruleset.rules[index]!;
        for (const key of ['action', 'expression', 'description', 'enabled', 'action_parameters'] as const) {
          if (key in body) (rule as unknown as Record<string, unknown>)[key] = body[key];
        }
        rule.version = String(Number(rule.version) + 1);
        rule.last_updated = now();
      } else throw new HttpError(405, 10000, 'method not allowed');
      bump(ruleset);
      return { result: ruleset };
    }

    // https://developers.cloudflare.com/api/resources/origin_ca_certificates/methods/list/ (zone_id is required)
    if (method === 'GET' && path === '/certificates') {
      const zoneId = query.get('zone_id');
      if (!zoneId) throw new HttpError(400, 1001, 'zone_id is required');
      const zone = zoneOf(zoneId);
      return paged(state.certificates.filter((c) => c.zoneNames.includes(zone.name)).map(certificateView), query);
    }
    // https://developers.cloudflare.com/api/resources/origin_ca_certificates/methods/get/
    if (method === 'GET' && (match = /^\/certificates\/([^/]+)$/.exec(path))) {
      const certificate = state.certificates.find((c) => c.id === match![1]);
      if (!certificate) throw new HttpError(404, 1002, 'Certificate not found');
      return { result: certificateView(certificate) };
    }

    // https://developers.cloudflare.com/api/resources/ips/methods/list/
    if (method === 'GET' && path === '/ips') {
      return { result: { ipv4_cidrs: CLOUDFLARE_IPV4, ipv6_cidrs: CLOUDFLARE_IPV6, etag: 'fake-etag' } };
    }
    throw new HttpError(404, 7000, `No route for that URI: ${method} ${path}`);
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const path = url.pathname.replace(/^\/client\/v4/, '');
      const method = request.method ?? 'GET';
      requests.push(`${method} ${path}`);
      const auth = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      let status = 200;
      let payload: Record<string, unknown>;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        payload = {
          success: true,
          errors: [],
          messages: [],
          result_info: undefined,
          ...route(method, path, url.searchParams, body, auth),
        };
      } catch (error) {
        const known = error instanceof HttpError ? error : new HttpError(500, 10001, String(error));
        status = known.status;
        payload = {
          success: false,
          errors: [{ code: known.code, message: known.message }],
          messages: [],
          result: null,
        };
      }
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as CloudflareFake;
}

function newRule(rule: Partial<FakeRule>): FakeRule {
  return {
    id: rule.id ?? id32(),
    version: '1',
    action: rule.action ?? 'set_config',
    expression: rule.expression ?? 'true',
    description: rule.description ?? '',
    enabled: rule.enabled ?? true,
    action_parameters: rule.action_parameters ?? {},
    last_updated: now(),
    ref: rule.ref ?? id32(),
  };
}

/** Zone object (https://developers.cloudflare.com/api/resources/zones/methods/get/), the fields reclaim reads. */
function zoneView(zone: FakeZone) {
  return {
    id: zone.id,
    name: zone.name,
    status: zone.status,
    paused: false,
    type: 'full',
    development_mode: 0,
    name_servers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
    original_name_servers: [],
    account: { id: 'fakeaccount0000000000000000000000', name: 'Fake account' },
    owner: { id: null, type: 'user', name: null },
    plan: { id: 'free', name: 'Free Website', is_subscribed: true },
    meta: {},
    created_on: '2026-01-01T00:00:00Z',
    modified_on: '2026-01-01T00:00:00Z',
    activated_on: '2026-01-01T00:00:00Z',
  };
}

/** Origin CA certificate (https://developers.cloudflare.com/api/resources/origin_ca_certificates/methods/get/). */
function certificateView(certificate: FakeCertificate) {
  return {
    id: certificate.id,
    certificate: certificate.certificate,
    csr: certificate.csr,
    hostnames: certificate.hostnames,
    expires_on: certificate.expires_on,
    request_type: certificate.request_type,
    requested_validity: certificate.requested_validity,
  };
}

/** `result_info` of the page-numbered lists (https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/#pagination). */
function paged<T>(items: T[], query: URLSearchParams): { result: T[]; result_info: Record<string, number> } {
  const perPage = Math.max(1, Number(query.get('per_page') ?? 20));
  const page = Math.max(1, Number(query.get('page') ?? 1));
  return {
    result: items.slice((page - 1) * perPage, page * perPage),
    result_info: {
      page,
      per_page: perPage,
      count: Math.min(perPage, Math.max(0, items.length - (page - 1) * perPage)),
      total_count: items.length,
      total_pages: Math.max(1, Math.ceil(items.length / perPage)),
    },
  };
}
