import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Apply from '../../src/commands/apply.js';
import Discover from '../../src/commands/discover.js';
import Drift from '../../src/commands/drift.js';
import Import from '../../src/commands/import.js';
import Teardown from '../../src/commands/teardown.js';
import { startCloudflareFake, type CloudflareFake } from '../support/cloudflare-fake.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';
import { buildCloudflareSide, type CloudflareFacts } from '../support/scenario.js';
import { originCertificatePem } from '../support/scenario/environment.js';

// AWS is moto (CodeStar Connections recorded); Cloudflare is the local fake of test/support/cloudflare-fake.ts,
// which keeps state, so what apply writes is read back from it.
let stack: EmulatedStack;
let fake: CloudflareFake;
let cf: CloudflareFacts;
let desiredFile: string;
let otherDnsName: string;

const record = () => fake.state.records.find((r) => r.id === cf.recordId)!;
const rule = () => fake.state.rulesets.get(`${cf.zoneId}|http_config_settings`)!.rules.find((r) => r.id === cf.ruleId)!;
const cli = (Command: Parameters<typeof runCommand>[0], argv: string[]) =>
  runCommand(Command, [...argv, ...stack.awsFlags()]);

beforeAll(async () => {
  [stack, fake] = await Promise.all([startEmulatedStack('bash-dog'), startCloudflareFake()]);
  cf = await buildCloudflareSide(fake, stack.moto.clients(), { loadBalancerArn: stack.facts.names.loadBalancerArn });
  const other = await stack.moto
    .clients()
    .elbv2.send(new CreateLoadBalancerCommand({ Name: 'another-team-alb', Subnets: [...stack.facts.names.subnetIds] }));
  otherDnsName = other.LoadBalancers![0]!.DNSName!;
  desiredFile = join(stack.dir, 'reclaim.yaml');
}, 120_000);
afterAll(async () => {
  await Promise.all([stack?.stop(), fake?.stop()]);
});

describe('with CLOUDFLARE_API_TOKEN', () => {
  beforeEach(() => {
    process.env.CLOUDFLARE_API_TOKEN = fake.token;
    process.env.CLOUDFLARE_BASE_URL = fake.baseUrl;
  });
  afterEach(() => {
    delete process.env.CLOUDFLARE_API_TOKEN;
    delete process.env.CLOUDFLARE_BASE_URL;
  });

  it('imports the front door, and drift on the fresh file is in sync', async () => {
    const imported = await cli(Import, ['--stack', 'bash-dog', '--out', desiredFile]);
    expect(imported.exitCode, imported.stderr).toBe(0);
    const text = await readFile(desiredFile, 'utf8');
    expect(text).toContain('type: Cloudflare::DNS::Record');
    expect(text).toContain('type: Cloudflare::Rulesets::ConfigRule');
    expect(text).toContain('type: Cloudflare::SSL::OriginCACertificate');
    // The record's target is the load balancer, by reference, not a copied DNS name.
    expect(text).toMatch(/Content: !GetAtt \w+\.DNSName/);
    const drift = await cli(Drift, ['--desired', desiredFile]);
    expect(drift.exitCode, drift.stdout + drift.stderr).toBe(0);
    const secrets = [fake.token, (await originCertificatePem()).privateKey.split('\n')[1]!];
    for (const output of [text, imported.stdout, imported.stderr, drift.stdout, drift.stderr])
      for (const secret of secrets) expect(output).not.toContain(secret);
  });

  it('reports a record switched to DNS-only as drift, and apply turns the proxy back on', async () => {
    record().proxied = false;
    const drift = await cli(Drift, ['--desired', desiredFile]);
    expect(drift.exitCode).toBe(2);
    expect(drift.stdout).toMatch(/Proxied/);
    const applied = await cli(Apply, ['--desired', desiredFile, '--yes']);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(record().proxied).toBe(true);
  });

  it('reports a rule set to Flexible as drift, and apply sets Full (strict) again', async () => {
    rule().action_parameters = { ssl: 'flexible' };
    const drift = await cli(Drift, ['--desired', desiredFile]);
    expect(drift.exitCode).toBe(2);
    expect(drift.stdout).toMatch(/ActionParameters\.Ssl/);
    expect(drift.stdout).toMatch(/flexible/);
    const applied = await cli(Apply, ['--desired', desiredFile, '--yes']);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(rule().action_parameters).toEqual({ ssl: 'strict' });
    expect(rule().expression).toBe(`(http.host eq "${cf.host}")`);
  });

  it('reports a record pointed at another load balancer as drift, and apply points it back', async () => {
    record().content = otherDnsName;
    const drift = await cli(Drift, ['--desired', desiredFile]);
    expect(drift.exitCode).toBe(2);
    expect(drift.stdout).toMatch(/Content/);
    const applied = await cli(Apply, ['--desired', desiredFile, '--yes']);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(record().content).toBe(cf.loadBalancerDnsName);
    const after = await cli(Drift, ['--desired', desiredFile]);
    expect(after.exitCode, after.stdout).toBe(0);
  });

  it('never writes an origin certificate: a changed one is drift that apply refuses', async () => {
    const certificate = fake.state.certificates.find((c) => c.id === cf.certificateId)!;
    const before = [...certificate.hostnames];
    certificate.hostnames = ['example.com'];
    try {
      const applied = await cli(Apply, ['--desired', desiredFile, '--yes']);
      expect(applied.exitCode).toBe(1);
      // Hostnames cannot change in place (a new certificate), and reclaim never makes one.
      expect(applied.stdout + applied.stderr).toMatch(/OriginCACertificate.*cannot change in place/);
      expect(certificate.hostnames).toEqual(['example.com']);
    } finally {
      certificate.hostnames = before;
    }
  });
});

describe('without CLOUDFLARE_API_TOKEN', () => {
  it('skips Cloudflare with one line', async () => {
    const result = await cli(Discover, ['--stack', 'bash-dog']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter((line) => /Cloudflare/.test(line))).toEqual([
      'Cloudflare: skipped (CLOUDFLARE_API_TOKEN is not set).',
    ]);
  });

  it('leaves declared Cloudflare resources unknown, not missing', async () => {
    const drift = await cli(Drift, ['--desired', desiredFile, '--format', 'json']);
    expect(drift.exitCode).toBe(1);
    const report = JSON.parse(drift.stdout) as { summary: { missing: number; unknown: number } };
    expect(report.summary.missing).toBe(0);
    expect(report.summary.unknown).toBeGreaterThan(0);
  });
});

describe('teardown --include-dns', () => {
  beforeEach(() => {
    process.env.CLOUDFLARE_API_TOKEN = fake.token;
    process.env.CLOUDFLARE_BASE_URL = fake.baseUrl;
  });
  afterEach(() => {
    delete process.env.CLOUDFLARE_API_TOKEN;
    delete process.env.CLOUDFLARE_BASE_URL;
  });

  it('plans the record and the rule only with the flag (dry run: nothing is deleted)', async () => {
    const without = await cli(Teardown, ['--stack', 'bash-dog', '--confirm', 'bash-dog']);
    expect(without.stdout).not.toMatch(/delete\s+Cloudflare::DNS::Record/);
    const withDns = await cli(Teardown, ['--stack', 'bash-dog', '--confirm', 'bash-dog', '--include-dns']);
    expect(withDns.exitCode, withDns.stderr).toBe(2);
    expect(withDns.stdout).toMatch(/delete\s+Cloudflare::DNS::Record/);
    expect(withDns.stdout).toMatch(/delete\s+Cloudflare::Rulesets::ConfigRule/);
    expect(withDns.stdout).not.toMatch(/delete\s+Cloudflare::DNS::Zone/);
    expect(record()).toBeDefined();
  });
});
