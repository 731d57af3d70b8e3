import { beforeAll, describe, expect, it } from 'vitest';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { parseDesiredState } from '../../src/desired/load.js';
import { UNSET_MANAGED, unsetMarker, withUnsetMarkers } from '../../src/desired/unset-properties.js';
import { renderDesiredState } from '../../src/desired/write.js';
import type { ResourceType } from '../../src/model/resource-type.js';
import { isNoValue, NO_VALUE } from '../../src/model/unset.js';
import { propertyAt } from '../../src/spec/cfn-spec.js';
import { computeDrift } from '../../src/reconcile/diff/drift.js';
import { planReconcile } from '../../src/reconcile/plan-reconcile.js';
import { importedExample, liveResource, withResource, type ImportedExample } from '../support/bash-dog-fixture.js';

/**
 * What import saw unset is written unset (issue 9, item 1), per type, in the
 * form CloudFormation takes; the loader reads it back as a typed value;
 * drift and the plan treat a later value as drift to remove. Pure: the
 * bundled example stands in for live.
 */
let example: ImportedExample;
beforeAll(async () => {
  example = await importedExample();
});

const HEADER = 'version: 1\nstack: bash-dog\naccount: "123456789012"\nregion: us-east-2\n';
const driftOf = (text: string, snapshot = example.snapshot) =>
  computeDrift(parseDesiredState(text, 'reclaim.yaml').state, snapshot);

describe('the per-type table of unset-managed properties', () => {
  it('names only properties the CloudFormation type has, and marks lists with [] and the rest with NoValue', () => {
    for (const [type, names] of Object.entries(UNSET_MANAGED)) {
      for (const name of names!) {
        const shape = propertyAt(type, [name])?.type;
        expect(shape, `${type}.${name}`).toBeDefined();
        const listed =
          shape!.kind === 'array' || (shape!.kind === 'union' && shape!.options.some((o) => o.kind === 'array'));
        expect(unsetMarker(type, name), `${type}.${name}`).toEqual(listed ? [] : NO_VALUE);
      }
    }
  });

  it('covers at least what the issue asks for', () => {
    const has = (type: ResourceType, name: string) => expect(UNSET_MANAGED[type]).toContain(name);
    for (const name of ['Policies', 'ManagedPolicyArns', 'PermissionsBoundary', 'Tags']) has('AWS::IAM::Role', name);
    for (const name of ['SecurityGroupIngress', 'SecurityGroupEgress']) has('AWS::EC2::SecurityGroup', name);
    has('AWS::Logs::LogGroup', 'RetentionInDays');
    for (const name of ['LoadBalancers', 'NetworkConfiguration']) has('AWS::ECS::Service', name);
    has('AWS::ElasticLoadBalancingV2::Listener', 'Certificates');
    has('AWS::S3::Bucket', 'PublicAccessBlockConfiguration');
    has('AWS::ECR::Repository', 'ImageScanningConfiguration');
  });

  it('marks what is absent or empty, and keeps what is set', () => {
    expect(
      withUnsetMarkers('AWS::IAM::Role', {
        RoleName: 'r',
        Policies: [{ PolicyName: 'p', PolicyDocument: {} }],
        ManagedPolicyArns: [],
      }),
    ).toEqual({
      RoleName: 'r',
      Policies: [{ PolicyName: 'p', PolicyDocument: {} }],
      ManagedPolicyArns: [],
      PermissionsBoundary: NO_VALUE,
      Tags: [],
    });
    expect(withUnsetMarkers('AWS::Logs::LogGroup', { LogGroupName: 'g', RetentionInDays: 30 })).toEqual({
      LogGroupName: 'g',
      RetentionInDays: 30,
      Tags: [],
    });
    // A type with nothing listed is left as it is.
    expect(withUnsetMarkers('AWS::ECS::Cluster', { ClusterName: 'c' })).toEqual({ ClusterName: 'c' });
  });

  it('is what import writes for the bundled example', () => {
    const { resources } = desiredFromSnapshot(example.snapshot);
    expect(resources.AwsCodebuildLogGroup!.properties.RetentionInDays).toEqual(NO_VALUE);
    expect(resources.CodeDeployRole!.properties.Policies).toEqual([]);
    expect(resources.CodebuildBuildProjectServiceRole!.properties.ManagedPolicyArns).toEqual([]);
    expect(resources.ServiceRoleForECS!.properties).toMatchObject({
      Policies: [],
      ManagedPolicyArns: [],
      PermissionsBoundary: NO_VALUE,
      Tags: [],
    });
    expect(example.text).toContain('      RetentionInDays: !Ref AWS::NoValue\n');
  });
});

describe('the loader', () => {
  const logGroup = (retention: string) =>
    `${HEADER}resources:\n  Logs:\n    type: AWS::Logs::LogGroup\n    physicalId: /ecs/x\n    properties:\n      RetentionInDays: ${retention}\n`;

  it('accepts !Ref AWS::NoValue, short and long form, as the typed unset value', () => {
    for (const form of ['!Ref AWS::NoValue', '{ Ref: AWS::NoValue }']) {
      const { state } = parseDesiredState(logGroup(form), 'reclaim.yaml');
      const value = state.resources.Logs!.properties.RetentionInDays;
      expect(isNoValue(value), form).toBe(true);
    }
  });

  it('writes it back as !Ref AWS::NoValue', () => {
    const { state } = parseDesiredState(logGroup('!Ref AWS::NoValue'), 'reclaim.yaml');
    expect(renderDesiredState(state)).toContain('RetentionInDays: !Ref AWS::NoValue');
  });

  it('still rejects a reference to something undeclared', () => {
    expect(() => parseDesiredState(logGroup('!Ref AWS::NoSuchValue'), 'reclaim.yaml')).toThrow(
      /refers to "AWS::NoSuchValue"/,
    );
  });
});

describe('drift and plan of unset properties', () => {
  const buildLogGroup = () =>
    liveResource(example.snapshot, 'AWS::Logs::LogGroup', (r) => r.physicalId === '/aws/codebuild/bash-dog');
  const role = (id: string) => liveResource(example.snapshot, 'AWS::IAM::Role', (r) => r.id === id);

  it('is in sync while live sets nothing there', () => {
    expect(driftOf(example.text).drifts).toEqual([]);
  });

  it('reports a value set later as modified, desired shown as none', () => {
    const snapshot = withResource(example.snapshot, buildLogGroup().id, (resource) => ({
      ...resource,
      properties: { ...resource.properties, RetentionInDays: 7 },
    }));
    expect(driftOf(example.text, snapshot).drifts).toMatchObject([
      { kind: 'modified', id: 'AwsCodebuildLogGroup', path: 'RetentionInDays', desired: null, actual: 7 },
    ]);
  });

  it('reports members added to a list declared empty, each by name', () => {
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    let snapshot = withResource(example.snapshot, role('CodebuildBuildProjectServiceRole').id, (resource) => ({
      ...resource,
      properties: { ...resource.properties, ManagedPolicyArns: [admin] },
    }));
    snapshot = withResource(snapshot, role('CodeDeployRole').id, (resource) => ({
      ...resource,
      properties: { ...resource.properties, Policies: [{ PolicyName: 'break-glass', PolicyDocument: allowAll }] },
    }));
    const drifts = driftOf(example.text, snapshot).drifts;
    expect(drifts.map(({ kind, id, path }) => `${kind} ${id} ${path}`)).toEqual([
      'modified CodebuildBuildProjectServiceRole ManagedPolicyArns',
      'modified CodeDeployRole Policies[break-glass]',
    ]);
    expect(drifts[0]).toMatchObject({ desired: [], actual: [admin] });
    expect(drifts[1]).toMatchObject({ desired: undefined, actual: { PolicyName: 'break-glass' } });
  });

  it('is in sync with what AWS reports by default when nothing is set', () => {
    // ECR reports scan on push `false` for a repository that never set it.
    const text = example.text.replace(
      /( {2}ApiRepository:[\s\S]*?)ImageScanningConfiguration:\n\s+ScanOnPush: false\n/,
      '$1ImageScanningConfiguration: !Ref AWS::NoValue\n',
    );
    expect(text).not.toBe(example.text);
    expect(driftOf(text).drifts).toEqual([]);
  });

  it('plans the value away: the update declares it null, or the empty list', () => {
    const snapshot = withResource(example.snapshot, buildLogGroup().id, (resource) => ({
      ...resource,
      properties: { ...resource.properties, RetentionInDays: 7 },
    }));
    const desired = parseDesiredState(example.text, 'reclaim.yaml').state;
    const plan = planReconcile(desired, snapshot, computeDrift(desired, snapshot));
    expect(plan.changes).toMatchObject([
      {
        action: 'update',
        id: 'AwsCodebuildLogGroup',
        properties: { RetentionInDays: null, Tags: [] },
        changes: [{ path: 'RetentionInDays', before: 7, after: null }],
      },
    ]);
  });

  it('keeps the old meaning for a file without markers: undeclared is unmanaged', () => {
    const oldFile = example.text
      .split('\n')
      .filter((line) => !/^\s+\w+: (\[\]|!Ref AWS::NoValue)$/.test(line))
      .join('\n');
    let snapshot = withResource(example.snapshot, buildLogGroup().id, (resource) => ({
      ...resource,
      properties: { ...resource.properties, RetentionInDays: 7 },
      tags: { team: 'web' },
    }));
    snapshot = withResource(snapshot, role('CodebuildBuildProjectServiceRole').id, (resource) => ({
      ...resource,
      properties: { ...resource.properties, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
    }));
    expect(driftOf(oldFile, snapshot).drifts).toEqual([]);
  });
});
