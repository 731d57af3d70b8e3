import { beforeAll, describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../../src/desired/load.js';
import type { IgnoreRule } from '../../../src/desired/types.js';
import type { Drift } from '../../../src/model/drift.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { computeDrift } from '../../../src/reconcile/diff/drift.js';
import { applyIgnoreRules, globToRegExp, ruleMatches } from '../../../src/reconcile/diff/ignore.js';
import { importedExample, withResource, type ImportedExample } from '../../support/bash-dog-fixture.js';

const drift = (overrides: Partial<Drift>): Drift => ({
  kind: 'modified',
  id: 'EcsLogGroup',
  type: 'AWS::Logs::LogGroup',
  physicalId: '/ecs/bash-dog',
  path: 'RetentionInDays',
  desired: 30,
  actual: 90,
  ...overrides,
});

describe('ignore globs', () => {
  it('matches `*` within one segment and `**` across segments', () => {
    expect(globToRegExp('AWS::ECS::*').test('AWS::ECS::Service')).toBe(true);
    expect(globToRegExp('AWS::ECS::*').test('AWS::ECR::Repository')).toBe(false);
    expect(globToRegExp('Policies*').test('Policies[added-by-hand]')).toBe(true);
    expect(globToRegExp('Policies*').test('Policies[x].PolicyDocument')).toBe(false);
    expect(globToRegExp('Stages**').test('Stages[Source].Actions[Source].Configuration.BranchName')).toBe(true);
    expect(
      globToRegExp('Stages*.Actions*.Configuration.*').test('Stages[Source].Actions[Source].Configuration.BranchName'),
    ).toBe(true);
    // Regular-expression characters in a glob are literal.
    expect(globToRegExp('Policies[x]').test('Policies[x]')).toBe(true);
    expect(globToRegExp('Policies[x]').test('Policiesx')).toBe(false);
  });

  it('needs every part the rule names to match', () => {
    const rule: IgnoreRule = { type: 'AWS::Logs::*', path: 'Retention*', reason: 'r' };
    expect(ruleMatches(rule, drift({}))).toBe(true);
    expect(ruleMatches(rule, drift({ path: 'LogGroupName' }))).toBe(false);
    expect(ruleMatches(rule, drift({ type: 'AWS::IAM::Role' }))).toBe(false);
    expect(ruleMatches({ id: 'Ecs*', reason: 'r' }, drift({}))).toBe(true);
    expect(ruleMatches({ id: 'Ecs*', reason: 'r' }, drift({ id: 'AwsCodebuildLogGroup' }))).toBe(false);
  });

  it('drops drift under a rule in force, counts it, and keeps drift under an expired rule with a note', () => {
    const now = new Date('2025-06-01T08:00:00Z');
    const rules: IgnoreRule[] = [
      { id: 'Service', path: 'DesiredCount', reason: 'autoscaling owns it', expires: '2025-06-02' },
      { type: 'AWS::Logs::LogGroup', reason: 'retention under review', expires: '2025-06-01' },
    ];
    const { kept, ignored } = applyIgnoreRules(
      [
        drift({}),
        drift({ id: 'Service', type: 'AWS::ECS::Service', path: 'DesiredCount' }),
        drift({ id: 'Other', type: 'AWS::S3::Bucket' }),
      ],
      rules,
      now,
    );
    expect(ignored).toBe(1);
    expect(kept).toEqual([
      { ...drift({}), note: 'ignore rule 2 ("retention under review") expired on 2025-06-01' },
      drift({ id: 'Other', type: 'AWS::S3::Bucket' }),
    ]);
  });
});

describe('ignore rules in a drift report', () => {
  let example: ImportedExample;
  let snapshot: Snapshot;
  beforeAll(async () => {
    example = await importedExample();
    // Two changes by hand: log retention raised, and the service scaled out.
    snapshot = withResource(example.snapshot, 'EcsLogGroup', (group) => ({
      ...group,
      properties: { ...group.properties, RetentionInDays: 90 },
    }));
    snapshot = withResource(snapshot, 'Service', (service) => ({
      ...service,
      properties: { ...service.properties, DesiredCount: 3 },
    }));
  });

  const withRules = (rules: string) =>
    parseDesiredState(example.text.replace('ignore: []', `ignore:\n${rules}`), 'reclaim.yaml').state;
  const now = new Date('2025-06-01T08:00:00Z');

  it('reports both changes without rules', () => {
    const report = computeDrift(example.desired, snapshot, { now });
    expect(report.drifts.map((d) => `${d.id} ${d.path}`)).toEqual([
      'EcsLogGroup RetentionInDays',
      'Service DesiredCount',
    ]);
    expect(report.summary).toEqual({ missing: 0, modified: 2, unmanaged: 0, unknown: 0, ignored: 0 });
  });

  it('hides what a rule in force covers and counts it as ignored', () => {
    const desired = withRules(
      '  - type: AWS::ECS::*\n    path: Desired*\n    reason: autoscaling owns the count\n    expires: 2025-07-01\n',
    );
    const report = computeDrift(desired, snapshot, { now });
    expect(report.drifts.map((d) => `${d.id} ${d.path}`)).toEqual(['EcsLogGroup RetentionInDays']);
    expect(report.summary).toEqual({ missing: 0, modified: 1, unmanaged: 0, unknown: 0, ignored: 1 });
    expect(report.inSync).toBe(false);
  });

  it('is in sync when rules cover every change', () => {
    const desired = withRules(
      '  - id: Service\n    path: DesiredCount\n    reason: autoscaling\n  - id: "*LogGroup"\n    reason: retention under review\n',
    );
    const report = computeDrift(desired, snapshot, { now });
    expect(report.inSync).toBe(true);
    expect(report.summary.ignored).toBe(2);
  });

  it('shows the drift again once the rule has expired, with a note saying so', () => {
    const desired = withRules('  - id: EcsLogGroup\n    reason: retention under review\n    expires: 2025-05-31\n');
    const report = computeDrift(desired, snapshot, { now });
    expect(report.summary.ignored).toBe(0);
    expect(report.drifts.find((d) => d.id === 'EcsLogGroup')).toMatchObject({
      path: 'RetentionInDays',
      desired: 30,
      actual: 90,
      note: 'ignore rule 1 ("retention under review") expired on 2025-05-31',
    });
    // The same rule, a day before it expires, still hides it.
    expect(computeDrift(desired, snapshot, { now: new Date('2025-05-30T23:00:00Z') }).summary.ignored).toBe(1);
  });
});
