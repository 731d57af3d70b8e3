import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../../../src/discover/discover.js';
import type { Snapshot } from '../../../../src/model/snapshot.js';
import { startCloudflareFake, type CloudflareFake } from '../../../support/cloudflare-fake.js';
import { startEmulatedStack, type EmulatedStack } from '../../../support/emulated-stack.js';
import { buildCloudflareSide, type CloudflareFacts } from '../../../support/scenario.js';

// AWS is moto (CodeStar Connections recorded); Cloudflare is the local fake of test/support/cloudflare-fake.ts.
let stack: EmulatedStack;
let fake: CloudflareFake;
let cf: CloudflareFacts;

beforeAll(async () => {
  [stack, fake] = await Promise.all([startEmulatedStack('bash-dog'), startCloudflareFake()]);
  cf = await buildCloudflareSide(fake, stack.moto.clients(), { loadBalancerArn: stack.facts.names.loadBalancerArn });
}, 120_000);
afterAll(async () => {
  await Promise.all([stack?.stop(), fake?.stop()]);
});

const withToken = (token = fake.token) =>
  stack.moto.clients(undefined, { cloudflare: { apiToken: token, baseUrl: fake.baseUrl } });
const byType = (snapshot: Snapshot, type: string) => snapshot.resources.filter((resource) => resource.type === type);
const edge = (snapshot: Snapshot, fromType: string, toType: string, via: string) =>
  snapshot.edges.filter((e) => {
    const from = snapshot.resources.find((r) => r.id === e.from);
    const to = snapshot.resources.find((r) => r.id === e.to);
    return from?.type === fromType && to?.type === toType && e.via === via;
  });

describe('discover --stack bash-dog with Cloudflare', () => {
  it('reads the zone, the record, the rule and the origin certificate, with the three front-door edges', async () => {
    const snapshot = await discover(withToken(), { stack: 'bash-dog' });
    expect(snapshot.issues).toEqual([]);
    const [record] = byType(snapshot, 'Cloudflare::DNS::Record');
    expect(record).toMatchObject({
      physicalId: `${cf.zoneId}/${cf.recordId}`,
      orphan: false,
      properties: { Name: cf.host, Type: 'CNAME', Content: cf.loadBalancerDnsName, Proxied: true },
    });
    expect(byType(snapshot, 'Cloudflare::DNS::Zone')[0]).toMatchObject({
      physicalId: cf.zoneId,
      properties: { Name: 'example.com', Ssl: 'full', AlwaysUseHttps: 'on', MinTlsVersion: '1.2' },
    });
    expect(byType(snapshot, 'Cloudflare::Rulesets::ConfigRule')[0]).toMatchObject({
      physicalId: `${cf.zoneId}/${cf.rulesetId}/${cf.ruleId}`,
      properties: { Expression: `(http.host eq "${cf.host}")`, ActionParameters: { Ssl: 'strict' } },
    });
    expect(byType(snapshot, 'Cloudflare::SSL::OriginCACertificate')[0]).toMatchObject({ physicalId: cf.certificateId });

    expect(
      edge(snapshot, 'Cloudflare::DNS::Record', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Content'),
    ).toHaveLength(1);
    expect(edge(snapshot, 'Cloudflare::Rulesets::ConfigRule', 'Cloudflare::DNS::Record', 'Expression')).toHaveLength(1);
    expect(
      edge(snapshot, 'AWS::CertificateManager::Certificate', 'Cloudflare::SSL::OriginCACertificate', 'Serial'),
    ).toHaveLength(1);
    // Each read once: the zone's records serve the zone and the record handlers alike.
    expect(fake.requests.filter((r) => r.endsWith('/dns_records'))).toHaveLength(1);
  });

  it('without a token reads AWS only, with no issue', async () => {
    const snapshot = await discover(stack.moto.clients(), { stack: 'bash-dog' });
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.resources.filter((r) => r.type.startsWith('Cloudflare::'))).toEqual([]);
  });

  it('a token that cannot read inside the zone leaves the front door unknown, with issues', async () => {
    const snapshot = await discover(withToken(fake.zoneListOnlyToken), { stack: 'bash-dog' });
    expect(
      snapshot.issues.some((issue) => issue.code === 'PermissionDenied' && issue.type === 'Cloudflare::DNS::Zone'),
    ).toBe(true);
    expect(byType(snapshot, 'Cloudflare::DNS::Zone').some((zone) => zone.status === 'unknown')).toBe(true);
    expect(JSON.stringify(snapshot)).not.toContain(fake.zoneListOnlyToken);
  });
});
