import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLiveFacts } from '../../src/doctor/live/read-live-facts.js';
import type { LiveFacts } from '../../src/doctor/live/live-facts.js';
import type { DoctorReport } from '../../src/doctor/report.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { discover } from '../../src/discover/discover.js';
import type { Resource } from '../../src/model/resource.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { startCloudflareFake, type CloudflareFake } from '../support/cloudflare-fake.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { buildCloudflareSide, type CloudflareFacts } from '../support/scenario.js';

// The guide's stack in moto with its Cloudflare side in the fake (ALB narrowed to Cloudflare's ranges):
// discovered once, then broken the ways the guide warns about, as data.
let stack: EmulatedStack;
let fake: CloudflareFake;
let cf: CloudflareFacts;
let base: Snapshot;
let facts: LiveFacts;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Deep = Record<string, any>;
const CODES = ['RC022', 'RC023', 'RC024', 'RC025'];

beforeAll(async () => {
  [stack, fake] = await Promise.all([startEmulatedStack('bash-dog'), startCloudflareFake()]);
  cf = await buildCloudflareSide(fake, stack.moto.clients(), {
    loadBalancerArn: stack.facts.names.loadBalancerArn,
    restrictAlbGroup: stack.facts.names.albSecurityGroupId,
  });
  const clients = stack.moto.clients(undefined, { cloudflare: { apiToken: fake.token, baseUrl: fake.baseUrl } });
  base = await discover(clients, { stack: 'bash-dog' });
  facts = await readLiveFacts(clients, base);
}, 120_000);
afterAll(async () => {
  await Promise.all([stack?.stop(), fake?.stop()]);
});

const doctor = (snapshot: Snapshot, withFacts: LiveFacts = facts): DoctorReport =>
  runDoctor({ snapshot, facts: withFacts, now: new Date(snapshot.capturedAt) });
const ours = (report: DoctorReport) => report.findings.filter((f) => CODES.includes(f.code));
const ofType = (s: Deep, type: string) => (s.resources as Resource[]).find((r) => r.type === type) as Resource & Deep;
function variant(edit: (s: Deep) => void): Snapshot {
  const copy = structuredClone(base) as unknown as Deep;
  edit(copy);
  return copy as unknown as Snapshot;
}

describe('doctor on the sound Cloudflare front door', () => {
  it('reads the published ranges and says nothing', () => {
    expect(facts.cloudflareRanges?.ipv4).toContain('173.245.48.0/20');
    const report = doctor(base);
    expect(ours(report)).toEqual([]);
    expect(report.checks.filter((c) => CODES.includes(c.code)).map((c) => [c.code, c.status])).toEqual(
      CODES.map((code) => [code, 'pass']),
    );
  });
});

describe('doctor on a broken front door', () => {
  it('RC022: a DNS-only record, with the fix that turns the proxy on', () => {
    const [finding, ...rest] = ours(
      doctor(variant((s) => (ofType(s, 'Cloudflare::DNS::Record').properties.Proxied = false))),
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: 'RC022', severity: 'error', what: expect.stringMatching(/DNS only/) });
    expect(finding!.fix.reclaim).toMatchObject({ path: 'Proxied', value: true });
  });

  it('RC022: a record pointing at another load balancer, with the DNS name to point it at', () => {
    const s = variant((s) => {
      const record = ofType(s, 'Cloudflare::DNS::Record');
      record.properties.Content = 'another-team-alb-1.us-east-2.elb.amazonaws.com';
      s.edges = (s.edges as Deep[]).filter((e) => !(e.from === record.id && e.via === 'Content'));
    });
    const found = ours(doctor(s)).filter((f) => f.code === 'RC022');
    expect(found).toHaveLength(1);
    expect(found[0]!.what).toMatch(/another-team-alb/);
    expect(found[0]!.fix.value).toBe(cf.loadBalancerDnsName);
  });

  it('RC023: a rule set to Flexible, naming the rule as what decides', () => {
    const s = variant(
      (s) => ((ofType(s, 'Cloudflare::Rulesets::ConfigRule').properties.ActionParameters as Deep).Ssl = 'flexible'),
    );
    const [finding, ...rest] = ours(doctor(s));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: 'RC023', severity: 'error' });
    expect(finding!.what).toMatch(/Flexible, set by configuration rule/);
    expect(finding!.fix.reclaim).toMatchObject({ path: 'ActionParameters.Ssl', value: 'strict' });
  });

  it('RC023: no rule for the host and the zone on Full, naming the zone setting as what decides', () => {
    const s = variant((s) => {
      const rule = ofType(s, 'Cloudflare::Rulesets::ConfigRule');
      s.resources = (s.resources as Resource[]).filter((r) => r.id !== rule.id);
      s.edges = (s.edges as Deep[]).filter((e) => e.from !== rule.id);
    });
    const [finding, ...rest] = ours(doctor(s));
    expect(rest).toEqual([]);
    expect(finding!.what).toMatch(/Full, set by the zone setting/);
    expect(finding!.fix.text).toMatch(/http\.host eq "bash-dog\.example\.com"/);
  });

  it('RC024: the listener certificate is not the origin certificate', () => {
    const s = variant((s) => (s.edges = (s.edges as Deep[]).filter((e) => e.via !== 'Serial')));
    const [finding, ...rest] = ours(doctor(s));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      code: 'RC024',
      what: expect.stringMatching(/not a Cloudflare origin certificate/),
    });
    expect(finding!.fix.text).toMatch(/import it into ACM/);
  });

  it('RC024: a host two levels under the zone is not covered by the free origin certificate', () => {
    const s = variant((s) => (ofType(s, 'Cloudflare::DNS::Record').properties.Name = 'api.bash-dog.example.com'));
    const found = ours(doctor(s)).filter((f) => f.code === 'RC024');
    expect(found).toHaveLength(1);
    expect(found[0]!.why).toMatch(/one level of subdomain/);
  });

  it('RC025: the ALB group admitting 0.0.0.0/0 on 443 is a hardening finding, with the ranges to use', () => {
    const s = variant((s) => {
      const group = (s.resources as Resource[]).find(
        (r) => r.physicalId === stack.facts.names.albSecurityGroupId,
      ) as Deep;
      group.properties.SecurityGroupIngress.push({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        CidrIp: '0.0.0.0/0',
      });
    });
    const [finding, ...rest] = ours(doctor(s));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      code: 'RC025',
      severity: 'hardening',
      what: expect.stringMatching(/0\.0\.0\.0\/0 on 443/),
    });
    expect(finding!.fix.value).toEqual(expect.arrayContaining(['173.245.48.0/20', '2400:cb00::/32']));
  });

  it('is silent about Cloudflare when the stack has no Cloudflare record (no token)', () => {
    const s = variant(
      (s) => (s.resources = (s.resources as Resource[]).filter((r) => !r.type.startsWith('Cloudflare::'))),
    );
    const report = doctor(s);
    expect(ours(report)).toEqual([]);
    expect(report.checks.filter((c) => CODES.includes(c.code)).map((c) => c.status)).toEqual(
      CODES.map(() => 'skipped'),
    );
  });
});
