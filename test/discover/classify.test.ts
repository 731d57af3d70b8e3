import { describe, expect, it } from 'vitest';
import { classify, type WalkResult } from '../../src/discover/classify.js';
import type { DiscoveredResource, Reference, ReferenceKind } from '../../src/discover/kind-handler.js';
import type { ResourceType } from '../../src/model/resource-type.js';

type Spec = [type: ResourceType, id: string, refs?: Array<[ResourceType, string, ReferenceKind]>, external?: boolean];

function walk(specs: Spec[], roots: string[], swept: string[] = [], declared?: string[]): WalkResult {
  const resources = new Map<string, DiscoveredResource>();
  for (const [type, id, refs = [], external] of specs) {
    const references: Reference[] = refs.map(([targetType, target, kind]) => ({
      type: targetType,
      id: target,
      via: 'x',
      kind,
    }));
    resources.set(`${type}|${id}`, { type, physicalId: id, name: id, properties: {}, tags: {}, references, external });
  }
  return {
    resources,
    resolve: (reference) =>
      resources.has(`${reference.type}|${reference.id}`) ? `${reference.type}|${reference.id}` : undefined,
    roots: new Set(roots),
    swept: new Set(swept),
    ...(declared ? { declared: new Set(declared) } : {}),
  };
}

describe('classify', () => {
  const specs: Spec[] = [
    [
      'AWS::ECS::Service',
      'svc',
      [
        ['AWS::ElasticLoadBalancingV2::TargetGroup', 'tg-blue', 'reference'],
        ['AWS::EC2::Subnet', 'subnet-1', 'reference'],
      ],
    ],
    ['AWS::ElasticLoadBalancingV2::TargetGroup', 'tg-blue', [['AWS::EC2::VPC', 'vpc-1', 'reference']]],
    [
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'lb',
      [['AWS::ElasticLoadBalancingV2::Listener', 'listener', 'contains']],
    ],
    [
      'AWS::ElasticLoadBalancingV2::Listener',
      'listener',
      [['AWS::ElasticLoadBalancingV2::LoadBalancer', 'lb', 'reference']],
    ],
    ['AWS::EC2::Subnet', 'subnet-1', [['AWS::EC2::VPC', 'vpc-1', 'reference']], true],
    ['AWS::EC2::VPC', 'vpc-1', [], true],
    ['AWS::CloudFormation::Stack', 'service-stack', [['AWS::ElasticLoadBalancingV2::TargetGroup', 'tg-blue', 'owns']]],
    ['AWS::CloudFormation::Stack', 'debris-stack', [['AWS::ElasticLoadBalancingV2::TargetGroup', 'tg-old', 'owns']]],
    ['AWS::ElasticLoadBalancingV2::TargetGroup', 'tg-old', [['AWS::EC2::VPC', 'vpc-1', 'reference']]],
    ['AWS::CodeDeploy::Application', 'app-v1', [['AWS::CodeDeploy::DeploymentGroup', 'app-v1/dg', 'contains']]],
    ['AWS::CodeDeploy::DeploymentGroup', 'app-v1/dg', [['AWS::ECS::Service', 'someone-elses', 'reference']]],
    ['AWS::ECS::Service', 'someone-elses', []],
  ];

  it('marks what the roots use as live, stacks that own something live too', () => {
    const { live } = classify(
      walk(
        specs,
        ['AWS::ECS::Service|svc', 'AWS::ElasticLoadBalancingV2::LoadBalancer|lb'],
        [
          'AWS::CloudFormation::Stack|service-stack',
          'AWS::CloudFormation::Stack|debris-stack',
          'AWS::CodeDeploy::Application|app-v1',
        ],
      ),
    );
    expect([...live].sort()).toEqual(
      [
        'AWS::CloudFormation::Stack|service-stack',
        'AWS::EC2::Subnet|subnet-1',
        'AWS::EC2::VPC|vpc-1',
        'AWS::ECS::Service|svc',
        'AWS::ElasticLoadBalancingV2::Listener|listener',
        'AWS::ElasticLoadBalancingV2::LoadBalancer|lb',
        'AWS::ElasticLoadBalancingV2::TargetGroup|tg-blue',
      ].sort(),
    );
  });

  it('keeps debris the sweep found, and what debris stacks own and leftovers contain', () => {
    const { kept, live } = classify(
      walk(
        specs,
        ['AWS::ECS::Service|svc'],
        ['AWS::CloudFormation::Stack|debris-stack', 'AWS::CodeDeploy::Application|app-v1'],
      ),
    );
    for (const key of [
      'AWS::CloudFormation::Stack|debris-stack',
      'AWS::ElasticLoadBalancingV2::TargetGroup|tg-old',
      'AWS::CodeDeploy::Application|app-v1',
      'AWS::CodeDeploy::DeploymentGroup|app-v1/dg',
    ]) {
      expect(kept.has(key), key).toBe(true);
      expect(live.has(key), key).toBe(false);
    }
  });

  it('drops what only a leftover points at, so it is never mistaken for debris', () => {
    const { kept } = classify(walk(specs, ['AWS::ECS::Service|svc'], ['AWS::CodeDeploy::Application|app-v1']));
    expect(kept.has('AWS::ECS::Service|someone-elses')).toBe(false);
  });

  it('keeps a declared resource nothing live reaches, as an orphan, and changes nothing else', () => {
    // Given a certificate the listener no longer serves, which the desired file declares
    const withCertificate: Spec[] = [
      ...specs,
      ['AWS::CertificateManager::Certificate', 'old-cert', []],
      ['AWS::IAM::Role', 'declared-role', [['AWS::Logs::LogGroup', 'not-declared', 'reference']]],
      ['AWS::Logs::LogGroup', 'not-declared', []],
    ];
    const roots = ['AWS::ECS::Service|svc'];
    const swept = ['AWS::CodeDeploy::Application|app-v1'];
    const declared = ['AWS::CertificateManager::Certificate|old-cert', 'AWS::IAM::Role|declared-role'];
    const without = classify(walk(withCertificate, roots, swept));
    const seeded = classify(walk(withCertificate, roots, swept, declared));

    // Then it is kept (so drift compares it) but not live (nothing running uses it)
    for (const key of declared) {
      expect(without.kept.has(key), key).toBe(false);
      expect(seeded.kept.has(key), key).toBe(true);
      expect(seeded.live.has(key), key).toBe(false);
    }
    // And what it references is not pulled in, and every other resource stands as before
    expect(seeded.kept.has('AWS::Logs::LogGroup|not-declared')).toBe(false);
    expect([...seeded.live].sort()).toEqual([...without.live].sort());
    expect([...seeded.kept].filter((key) => !declared.includes(key)).sort()).toEqual([...without.kept].sort());
  });
});
