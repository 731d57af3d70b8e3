import { describe, expect, it } from 'vitest';
import { planTeardown } from '../../src/reconcile/teardown.js';
import { resource, snapshot } from './support/snapshots.js';

/** The front door of a stack in miniature: zone, proxied CNAME, its rule, the origin certificate behind ACM's. */
function frontDoorSnapshot() {
  return snapshot(
    [
      resource('LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'arn:lb/web'),
      resource('Listener', 'AWS::ElasticLoadBalancingV2::Listener', 'arn:listener/web'),
      resource('Certificate', 'AWS::CertificateManager::Certificate', 'arn:cert/1'),
      resource('Zone', 'Cloudflare::DNS::Zone', 'zone1'),
      resource('Record', 'Cloudflare::DNS::Record', 'zone1/record1'),
      resource('Rule', 'Cloudflare::Rulesets::ConfigRule', 'zone1/ruleset1/rule1'),
      resource('OriginCertificate', 'Cloudflare::SSL::OriginCACertificate', '123'),
    ],
    [
      ['Listener', 'LoadBalancer', 'LoadBalancerArn'],
      ['Listener', 'Certificate', 'Certificates.0.CertificateArn'],
      ['Certificate', 'OriginCertificate', 'Serial'],
      ['Record', 'LoadBalancer', 'Content'],
      ['Record', 'Zone', 'ZoneId'],
      ['Rule', 'Record', 'Expression'],
      ['Rule', 'Zone', 'ZoneId'],
    ],
  );
}

const ids = (changes: readonly { id: string }[]) => changes.map((change) => change.id as string);

describe('planTeardown and Cloudflare', () => {
  it('leaves DNS alone by default, without it holding up the load balancer it points at', () => {
    const { plan, kept } = planTeardown(frontDoorSnapshot());
    expect(ids(plan.changes).sort()).toEqual(['Certificate', 'Listener', 'LoadBalancer']);
    expect(kept.map((k) => [k.id, k.kind])).toEqual(
      expect.arrayContaining([
        ['Record', 'front-door'],
        ['Rule', 'front-door'],
        ['Zone', 'front-door'],
        ['OriginCertificate', 'front-door'],
      ]),
    );
    expect(kept.find((k) => k.id === 'Record')!.why).toMatch(/--include-dns/);
  });

  it('with --include-dns deletes the rule, then the record, before the load balancer; never the zone or the origin certificate', () => {
    const { plan, kept } = planTeardown(frontDoorSnapshot(), { includeDns: true });
    const order = ids(plan.changes);
    expect([...order].sort()).toEqual(['Certificate', 'Listener', 'LoadBalancer', 'Record', 'Rule']);
    expect(order.indexOf('Rule')).toBeLessThan(order.indexOf('Record'));
    expect(order.indexOf('Record')).toBeLessThan(order.indexOf('LoadBalancer'));
    expect(kept.map((k) => k.id).sort()).toEqual(['OriginCertificate', 'Zone']);
  });
});
