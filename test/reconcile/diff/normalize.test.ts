import { beforeAll, describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../../src/desired/load.js';
import type { Edge, Resource } from '../../../src/model/resource.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { computeDrift } from '../../../src/reconcile/diff/drift.js';
import { Atom, normalizePolicyDocument, normalizeTags, normalizeValue } from '../../../src/reconcile/diff/normalize.js';
import { importedExample, liveResource, withResource, type ImportedExample } from '../../support/bash-dog-fixture.js';

/**
 * Equal things compare equal: the shapes AWS and people write the same
 * policy, tags and unordered lists in never show as drift, and a real change
 * still does. Pure: the bundled example stands in for live.
 */
let example: ImportedExample;
beforeAll(async () => {
  example = await importedExample();
});

const driftAgainst = (snapshot: Snapshot, text = example.text) =>
  computeDrift(parseDesiredState(text, 'reclaim.yaml').state, snapshot);
const where = (snapshot: Snapshot) =>
  driftAgainst(snapshot).drifts.map(({ kind, id, path }) => `${kind} ${id} ${path}`);
const canonical = (value: unknown) => (normalizeValue(value) as Atom).canonical;

const TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Sid: '', Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

describe('IAM policy documents', () => {
  it('reads a statement given as an object or as a one-item list the same', () => {
    expect(canonical({ ...TRUST, Statement: TRUST.Statement[0] })).toBe(canonical(TRUST));
  });

  it('reads an action, resource or principal given as a string or as a one-item list the same', () => {
    const listed = {
      ...TRUST,
      Statement: [
        { ...TRUST.Statement[0], Action: ['sts:AssumeRole'], Principal: { Service: ['ecs-tasks.amazonaws.com'] } },
      ],
    };
    expect(canonical(listed)).toBe(canonical(TRUST));
  });

  it('ignores the order of statements, of actions and of principals, and an empty Sid', () => {
    const a = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
        { Sid: '', Effect: 'Deny', Action: 'iam:*', Resource: ['b', 'a'] },
      ],
    };
    const b = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: ['iam:*'], Resource: ['a', 'b'] },
        { Resource: ['*'], Action: ['s3:PutObject', 's3:GetObject'], Effect: 'Allow' },
      ],
    };
    expect(canonical(a)).toBe(canonical(b));
  });

  it('still tells different policies apart', () => {
    const wider = {
      ...TRUST,
      Statement: [{ ...TRUST.Statement[0], Principal: { Service: ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'] } }],
    };
    expect(canonical(wider)).not.toBe(canonical(TRUST));
    expect(normalizePolicyDocument({ Statement: [] }).Version).toBe('2008-10-17');
  });

  it('reports no drift when live returns the trust policy in another equivalent shape', () => {
    const role = liveResource(example.snapshot, 'AWS::IAM::Role', (r) => r.id === 'ExecutionRoleForECS');
    const reshaped = withResource(example.snapshot, role.id, (resource) => ({
      ...resource,
      properties: {
        ...resource.properties,
        AssumeRolePolicyDocument: {
          Version: '2008-10-17',
          Statement: {
            Effect: 'Allow',
            Action: ['sts:AssumeRole'],
            Principal: { Service: ['ecs-tasks.amazonaws.com'] },
          },
        },
      },
    }));
    expect(where(reshaped)).toEqual([]);
  });

  it('reports a principal added to the trust policy as one change of the document', () => {
    const role = liveResource(example.snapshot, 'AWS::IAM::Role', (r) => r.id === 'ExecutionRoleForECS');
    const wider = withResource(example.snapshot, role.id, (resource) => ({
      ...resource,
      properties: {
        ...resource.properties,
        AssumeRolePolicyDocument: {
          Version: '2008-10-17',
          Statement: {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] },
          },
        },
      },
    }));
    const report = driftAgainst(wider);
    expect(report.drifts).toHaveLength(1);
    expect(report.drifts[0]).toMatchObject({
      kind: 'modified',
      id: 'ExecutionRoleForECS',
      path: 'AssumeRolePolicyDocument',
      actual: { Statement: [{ Principal: { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] } }] },
    });
  });
});

describe('tags', () => {
  it('reads a CloudFormation tag list and a tag map the same, without aws: tags', () => {
    const list = [
      { Key: 'team', Value: 'web' },
      { Key: 'aws:cloudformation:stack-name', Value: 'ECS-Console-V2-Service-x' },
      { Key: 'env', Value: 'prod' },
    ];
    expect(normalizeTags(list)).toEqual({ env: 'prod', team: 'web' });
    expect(normalizeTags({ team: 'web', env: 'prod' })).toEqual({ env: 'prod', team: 'web' });
    expect(canonical({ Tags: list })).toBe(canonical({ Tags: { team: 'web', env: 'prod' } }));
  });

  /** The bundled example has no tags: give the log group some, live and declared. */
  function taggedLogGroup(liveTags: Record<string, string>, declared: string): { snapshot: Snapshot; text: string } {
    const group = liveResource(example.snapshot, 'AWS::Logs::LogGroup', (r) => r.id === 'EcsLogGroup');
    const snapshot = withResource(example.snapshot, group.id, (resource) => ({ ...resource, tags: liveTags }));
    const text = example.text.replace(
      '      RetentionInDays: 30\n      Tags: []\n',
      `      RetentionInDays: 30\n${declared}`,
    );
    expect(text).not.toBe(example.text);
    return { snapshot, text };
  }

  it('compares a declared tag list with live tags, ignoring the aws: tags AWS adds', () => {
    const { snapshot, text } = taggedLogGroup(
      { 'aws:cloudformation:stack-name': 'Infra-ECS-Cluster-bash-dog', team: 'web', env: 'prod' },
      '      Tags:\n        - Key: env\n          Value: prod\n        - Key: team\n          Value: web\n',
    );
    expect(driftAgainst(snapshot, text).drifts).toEqual([]);
  });

  it('compares a declared tag map the same way', () => {
    const { snapshot, text } = taggedLogGroup(
      { team: 'web', 'aws:createdBy': 'someone', env: 'prod' },
      '      Tags:\n        team: web\n        env: prod\n',
    );
    expect(driftAgainst(snapshot, text).drifts).toEqual([]);
  });

  it('reports a changed tag value as a change of Tags, showing user tags only', () => {
    const { snapshot, text } = taggedLogGroup(
      { 'aws:cloudformation:stack-name': 'x', team: 'mobile', env: 'prod' },
      '      Tags:\n        - Key: env\n          Value: prod\n        - Key: team\n          Value: web\n',
    );
    const report = driftAgainst(snapshot, text);
    expect(report.drifts).toEqual([
      {
        kind: 'modified',
        id: 'EcsLogGroup',
        type: 'AWS::Logs::LogGroup',
        physicalId: '/ecs/bash-dog',
        path: 'Tags',
        desired: { env: 'prod', team: 'web' },
        actual: { env: 'prod', team: 'mobile' },
      },
    ]);
  });

  it('reports tags added to a resource import saw untagged (Tags: [])', () => {
    const group = liveResource(example.snapshot, 'AWS::Logs::LogGroup', (r) => r.id === 'EcsLogGroup');
    const snapshot = withResource(example.snapshot, group.id, (resource) => ({ ...resource, tags: { team: 'web' } }));
    expect(driftAgainst(snapshot).drifts).toMatchObject([
      { kind: 'modified', id: 'EcsLogGroup', path: 'Tags', desired: {}, actual: { team: 'web' } },
    ]);
  });

  it('does not manage tags a file without the marker does not declare', () => {
    const group = liveResource(example.snapshot, 'AWS::Logs::LogGroup', (r) => r.id === 'EcsLogGroup');
    const snapshot = withResource(example.snapshot, group.id, (resource) => ({ ...resource, tags: { team: 'web' } }));
    const oldFile = example.text.replace('      RetentionInDays: 30\n      Tags: []\n', '      RetentionInDays: 30\n');
    expect(oldFile).not.toBe(example.text);
    expect(driftAgainst(snapshot, oldFile).drifts).toEqual([]);
  });
});

/** Reverses a list property of one resource, moving the edges that point into it along with the items. */
function reversed(snapshot: Snapshot, id: string, path: readonly string[]): Snapshot {
  let size = 0;
  const changed = withResource(snapshot, id, (resource) => {
    let parent: Record<string, unknown> = resource.properties;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    const list = parent[path.at(-1)!] as unknown[];
    size = list.length;
    parent[path.at(-1)!] = [...list].reverse();
    return resource as Resource;
  });
  expect(size).toBeGreaterThan(1);
  const prefix = `${path.join('.')}.`;
  const edges: Edge[] = snapshot.edges.map((edge) =>
    edge.from === id && edge.via.startsWith(prefix)
      ? { ...edge, via: `${prefix}${size - 1 - Number(edge.via.slice(prefix.length))}` }
      : edge,
  );
  return { ...changed, edges };
}

describe('lists AWS keeps in no particular order', () => {
  it('compares a service’s subnets and security groups as sets', () => {
    const path = ['NetworkConfiguration', 'AwsvpcConfiguration'];
    let snapshot = reversed(example.snapshot, 'Service', [...path, 'Subnets']);
    snapshot = reversed(snapshot, 'Service', [...path, 'SecurityGroups']);
    const service = snapshot.resources.find((r) => r.id === 'Service')!;
    expect(
      (service.properties.NetworkConfiguration as { AwsvpcConfiguration: { SecurityGroups: string[] } })
        .AwsvpcConfiguration.SecurityGroups[1],
    ).toBe(
      liveResource(example.snapshot, 'AWS::EC2::SecurityGroup', (r) => r.id === 'ServiceSgSecurityGroup').physicalId,
    );
    expect(where(snapshot)).toEqual([]);
  });

  it('compares a load balancer’s subnets as a set', () => {
    expect(where(reversed(example.snapshot, 'LoadBalancer', ['Subnets']))).toEqual([]);
  });

  it('still reports a security group swapped for another', () => {
    const snapshot = withResource(example.snapshot, 'LoadBalancer', (resource) => ({
      ...resource,
      properties: { ...resource.properties, SecurityGroups: ['sg-0000000000000000f'] },
    }));
    const report = driftAgainst({
      ...snapshot,
      edges: snapshot.edges.filter((edge) => edge.from !== 'LoadBalancer' || !edge.via.startsWith('SecurityGroups')),
    });
    expect(report.drifts).toMatchObject([
      { kind: 'modified', id: 'LoadBalancer', path: 'SecurityGroups', actual: ['sg-0000000000000000f'] },
    ]);
  });

  it('keeps order where it matters: a list of plain values is compared by position', () => {
    const ordered = normalizeValue({ Command: ['a', 'b'] });
    const swapped = normalizeValue({ Command: ['b', 'a'] });
    expect(ordered).not.toEqual(swapped);
    expect(normalizeValue({ Subnets: ['a', 'b'] })).toEqual(normalizeValue({ Subnets: ['b', 'a'] }));
  });
});
