import { beforeAll, describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../../src/desired/load.js';
import { UserError } from '../../../src/errors.js';
import type { Resource } from '../../../src/model/resource.js';
import type { ReadIssue, Snapshot } from '../../../src/model/snapshot.js';
import { computeDrift } from '../../../src/reconcile/diff/drift.js';
import { copy, importedExample, withResource, type ImportedExample } from '../../support/bash-dog-fixture.js';

/**
 * computeDrift on the bundled example, changed in memory: what each kind of
 * drift looks like, what partial knowledge gives, and what must not drift.
 */
let example: ImportedExample;
beforeAll(async () => {
  example = await importedExample();
});

const desiredFrom = (text: string) => parseDesiredState(text, 'reclaim.yaml').state;
/** Edits the imported file; fails if the text to replace is not there. */
function edited(from: string, to: string): string {
  expect(example.text).toContain(from);
  return example.text.replace(from, to);
}
const without = (snapshot: Snapshot, ids: readonly string[]): Snapshot => ({
  ...snapshot,
  resources: snapshot.resources.filter((resource) => !ids.includes(resource.id)),
  edges: snapshot.edges.filter((edge) => !ids.includes(edge.from) && !ids.includes(edge.to)),
});
const withIssues = (snapshot: Snapshot, issues: ReadIssue[]): Snapshot => ({ ...snapshot, issues });
const ACCESS_DENIED = {
  operation: 'ecr:DescribeRepositories',
  code: 'AccessDeniedException',
  message: 'not authorized',
};

describe('computeDrift on the bundled example', () => {
  it('is in sync with the file imported from it, debris and external resources included', () => {
    const report = computeDrift(example.desired, example.snapshot);
    expect(report).toMatchObject({
      schemaVersion: 1,
      stack: 'bash-dog',
      account: example.snapshot.account,
      region: example.snapshot.region,
      capturedAt: example.snapshot.capturedAt,
      inSync: true,
      summary: { missing: 0, modified: 0, unmanaged: 0, unknown: 0, ignored: 0 },
      drifts: [],
    });
    expect(example.snapshot.resources.some((resource) => resource.orphan)).toBe(true);
    expect(example.snapshot.resources.some((resource) => resource.external)).toBe(true);
  });

  it('refuses a snapshot of another account or region', () => {
    const otherAccount = { ...example.snapshot, account: '210987654321' };
    expect(() => computeDrift(example.desired, otherAccount)).toThrow(UserError);
    expect(() => computeDrift(example.desired, otherAccount)).toThrow(
      expect.objectContaining({
        code: 'WRONG_ACCOUNT',
        message: `the file declares ${example.desired.account}/us-east-2 but live was read from 210987654321/us-east-2`,
      }),
    );
    expect(() => computeDrift(example.desired, { ...example.snapshot, region: 'eu-west-1' })).toThrow(
      expect.objectContaining({ code: 'WRONG_ACCOUNT' }),
    );
  });
});

describe('missing, unmanaged and debris', () => {
  it('reports a declared resource that is gone as missing, and nothing else', () => {
    const report = computeDrift(example.desired, without(example.snapshot, ['SecondaryTargetGroup']));
    const secondary = example.snapshot.resources.find((resource) => resource.id === 'SecondaryTargetGroup')!;
    expect(report.drifts).toEqual([
      {
        kind: 'missing',
        id: 'SecondaryTargetGroup',
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        physicalId: secondary.physicalId,
        path: '',
        desired: secondary.physicalId,
        actual: null,
      },
    ]);
  });

  it('reports a resource found in scope but neither declared nor debris as unmanaged', () => {
    const main = example.snapshot.resources.find((resource) => resource.id === 'MainTargetGroup')!;
    const added: Resource = {
      ...copy(main),
      id: 'CanaryTargetGroup' as Resource['id'],
      physicalId: main.physicalId.replace('bash-dog-main/', 'bash-dog-canary/') as Resource['physicalId'],
      properties: { ...main.properties, Name: 'bash-dog-canary' },
    };
    const report = computeDrift(example.desired, {
      ...example.snapshot,
      resources: [...example.snapshot.resources, added],
    });
    expect(report.drifts).toEqual([
      {
        kind: 'unmanaged',
        id: 'CanaryTargetGroup',
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        physicalId: added.physicalId,
        path: '',
        desired: null,
        actual: added.physicalId,
      },
    ]);
  });

  it('says nothing about debris that has since been cleaned up', () => {
    const debris = example.snapshot.resources.filter((resource) => resource.orphan).map((resource) => resource.id);
    expect(debris.length).toBeGreaterThan(0);
    expect(computeDrift(example.desired, without(example.snapshot, debris)).drifts).toEqual([]);
  });

  it('reports an orphan that the file does not list as debris as unmanaged', () => {
    const text = example.text.replace(/ {2}- type: AWS::ElasticLoadBalancingV2::TargetGroup\n.*tg-stale.*\n.*\n/, '');
    expect(text).not.toBe(example.text);
    const report = computeDrift(desiredFrom(text), example.snapshot);
    expect(report.drifts.map((d) => `${d.kind} ${d.id}`)).toEqual(['unmanaged TgStaleTargetGroup']);
  });
});

describe('partial knowledge is unknown, never missing or modified', () => {
  it('reports a declared resource that could not be read as unknown, not by its partial properties', () => {
    let snapshot = withResource(example.snapshot, 'ApiRepository', (repository) => ({
      ...repository,
      status: 'unknown',
      properties: { RepositoryName: repository.properties.RepositoryName },
    }));
    snapshot = withIssues(snapshot, [
      {
        ...ACCESS_DENIED,
        operation: 'ecr:ListTagsForResource',
        type: 'AWS::ECR::Repository',
        physicalIds: ['bash-dog-api'],
      },
    ]);
    const report = computeDrift(example.desired, snapshot);
    expect(report.drifts).toEqual([
      {
        kind: 'unknown',
        id: 'ApiRepository',
        type: 'AWS::ECR::Repository',
        physicalId: 'bash-dog-api',
        path: '',
        desired: null,
        actual: null,
        note: 'ecr:ListTagsForResource: AccessDeniedException: not authorized',
      },
    ]);
    expect(report.summary).toMatchObject({ unknown: 1, modified: 0, missing: 0 });
    expect(report.inSync).toBe(false);
  });

  it('gives an issue that names no resource its own unknown entry', () => {
    const snapshot = withIssues(example.snapshot, [
      {
        operation: 'ecs:ListServices',
        code: 'ThrottlingException',
        message: 'Rate exceeded',
        type: 'AWS::ECS::Service',
      },
    ]);
    expect(computeDrift(example.desired, snapshot).drifts).toEqual([
      {
        kind: 'unknown',
        id: '',
        type: 'AWS::ECS::Service',
        physicalId: '',
        path: '',
        desired: null,
        actual: null,
        note: 'ecs:ListServices: ThrottlingException: Rate exceeded',
      },
    ]);
  });

  it('reports a declared resource that is absent while a read of its type failed as unknown, not missing', () => {
    const repositories = ['ApiRepository', 'NginxRepository', 'SidecarRepository'];
    const snapshot = withIssues(without(example.snapshot, repositories), [
      { ...ACCESS_DENIED, type: 'AWS::ECR::Repository' },
    ]);
    const report = computeDrift(example.desired, snapshot);
    expect(report.summary).toMatchObject({ missing: 0, unknown: 4 });
    expect(report.drifts.map((d) => `${d.kind} ${d.id}`)).toEqual([
      'unknown ',
      'unknown ApiRepository',
      'unknown NginxRepository',
      'unknown SidecarRepository',
    ]);
    expect(
      report.drifts.every((d) => d.note === 'ecr:DescribeRepositories: AccessDeniedException: not authorized'),
    ).toBe(true);
  });

  it('still reports missing what a failed read did not cover', () => {
    const snapshot = withIssues(without(example.snapshot, ['ApiRepository', 'NginxRepository']), [
      { ...ACCESS_DENIED, type: 'AWS::ECR::Repository', physicalIds: ['bash-dog-api'] },
    ]);
    expect(computeDrift(example.desired, snapshot).drifts.map((d) => `${d.kind} ${d.id}`)).toEqual([
      'unknown ApiRepository',
      'missing NginxRepository',
    ]);
  });

  it('reports an undeclared resource in scope that could not be read as unknown, not unmanaged', () => {
    const main = example.snapshot.resources.find((resource) => resource.id === 'MainTargetGroup')!;
    const unread: Resource = {
      ...copy(main),
      id: 'CanaryTargetGroup' as Resource['id'],
      physicalId: main.physicalId.replace('bash-dog-main/', 'bash-dog-canary/') as Resource['physicalId'],
      status: 'unknown',
    };
    const report = computeDrift(example.desired, {
      ...example.snapshot,
      resources: [...example.snapshot.resources, unread],
    });
    expect(report.drifts).toMatchObject([
      { kind: 'unknown', id: 'CanaryTargetGroup', note: 'in scope, but could not be read' },
    ]);
  });
});

describe('the service health-check grace period', () => {
  /*
   * moto drops healthCheckGracePeriodSeconds entirely (CreateService and
   * UpdateService accept it, DescribeServices never returns it), so the
   * emulator cannot show this change. The snapshot is what discovery would
   * read from AWS: the file declares 120 s, live says 300 s.
   */
  const declared = (seconds: number) =>
    edited('      DesiredCount: 1\n', `      DesiredCount: 1\n      HealthCheckGracePeriodSeconds: ${seconds}\n`);
  const live = (seconds: number) =>
    withResource(example.snapshot, 'Service', (service) => ({
      ...service,
      properties: { ...service.properties, HealthCheckGracePeriodSeconds: seconds },
    }));

  it('reports a changed grace period as exactly one modified drift at HealthCheckGracePeriodSeconds', () => {
    const report = computeDrift(desiredFrom(declared(120)), live(300));
    expect(report.drifts).toEqual([
      {
        kind: 'modified',
        id: 'Service',
        type: 'AWS::ECS::Service',
        physicalId: example.snapshot.resources.find((r) => r.id === 'Service')!.physicalId,
        path: 'HealthCheckGracePeriodSeconds',
        desired: 120,
        actual: 300,
      },
    ]);
    expect(report.summary).toEqual({ missing: 0, modified: 1, unmanaged: 0, unknown: 0, ignored: 0 });
  });

  it('is in sync when both say the same', () => {
    expect(computeDrift(desiredFrom(declared(120)), live(120)).drifts).toEqual([]);
  });

  it('does not manage the grace period when the file does not declare it', () => {
    expect(computeDrift(example.desired, live(300)).drifts).toEqual([]);
  });
});

describe('ARN and name forms of the same reference', () => {
  const roleArn = (name: string, path = '/') => `arn:aws:iam::${example.snapshot.account}:role${path}${name}`;

  it('compares a literal ARN in the file with live naming the resource by reference', () => {
    const text = edited(
      'ServiceRole: !GetAtt CodebuildBuildProjectServiceRole.Arn',
      `ServiceRole: ${roleArn('codebuild-bash-dog-build-project-service-role', '/service-role/')}`,
    );
    expect(computeDrift(desiredFrom(text), example.snapshot).drifts).toEqual([]);
  });

  it('compares a literal ARN written with pseudo parameters the same way', () => {
    const text = edited(
      'ExecutionRoleArn: !GetAtt ExecutionRoleForECS.Arn',
      'ExecutionRoleArn: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/bashDogExecutionRoleForECS',
    );
    expect(computeDrift(desiredFrom(text), example.snapshot).drifts).toEqual([]);
  });

  it('compares !GetAtt X.Arn and !Ref X as the same reference', () => {
    const text = edited(
      'ServiceRole: !GetAtt CodebuildBuildProjectServiceRole.Arn',
      'ServiceRole: !Ref CodebuildBuildProjectServiceRole',
    );
    const both = text.replace('TaskRoleArn: !GetAtt ServiceRoleForECS.Arn', 'TaskRoleArn: !Ref ServiceRoleForECS');
    expect(both).not.toBe(text);
    expect(computeDrift(desiredFrom(both), example.snapshot).drifts).toEqual([]);
  });

  it('still reports a reference to a different resource, showing concrete values', () => {
    const text = edited('TaskRoleArn: !GetAtt ServiceRoleForECS.Arn', 'TaskRoleArn: !GetAtt ExecutionRoleForECS.Arn');
    expect(computeDrift(desiredFrom(text), example.snapshot).drifts).toMatchObject([
      {
        kind: 'modified',
        id: 'TaskDefinition',
        path: 'TaskRoleArn',
        desired: roleArn('bashDogExecutionRoleForECS'),
        actual: roleArn('bashDogServiceRoleForECS'),
      },
    ]);
  });
});
