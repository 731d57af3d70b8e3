import { beforeAll, describe, expect, it } from 'vitest';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { parseDesiredState } from '../../src/desired/load.js';
import type { DesiredState } from '../../src/desired/types.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { readSnapshot } from '../../src/io/snapshot-file.js';
import type { DriftReport } from '../../src/model/drift.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { computeDrift } from '../../src/reconcile/diff/drift.js';
import { planReconcile } from '../../src/reconcile/plan-reconcile.js';
import { renderDriftMarkdown } from '../../src/render/drift-markdown.js';
import { renderDriftText } from '../../src/render/drift-text.js';
import { renderReconcilePlan } from '../../src/render/reconcile-plan-text.js';
import { LIVE_SNAPSHOT, withResource } from '../support/bash-dog-fixture.js';

/**
 * Long lists on the bundled example: a role with a dozen managed policies,
 * a security group with many described rules, an inline policy with a long
 * document. Live gains one member and loses another; every renderer must show
 * those members whole, and no `…` may cut a value.
 */

const policy = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const MANAGED = [
  'AWSCodeDeployRoleForECS',
  'AmazonEC2ContainerRegistryReadOnly',
  'AmazonECS_FullAccess',
  'AmazonS3ReadOnlyAccess',
  'CloudWatchLogsFullAccess',
  'AWSCodePipeline_ReadOnlyAccess',
  'AWSCodeBuildReadOnlyAccess',
  'SecretsManagerReadWrite',
  'ElasticLoadBalancingReadOnly',
  'AmazonRoute53ReadOnlyAccess',
  'AWSCertificateManagerReadOnly',
  'IAMReadOnlyAccess',
].map(policy);
const ADMIN = policy('AdministratorAccess');
const DROPPED = policy('AmazonRoute53ReadOnlyAccess');

const rule = (port: number) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  CidrIp: '10.0.0.0/8',
  Description: `port ${port} from the office network, opened for the migration of the bash-dog service in ticket OPS-${port}`,
});
const RULES = [8000, 8001, 8002, 8003, 8004, 8005, 8006, 8007].map(rule);
const OPENED = {
  IpProtocol: 'tcp',
  FromPort: 22,
  ToPort: 22,
  CidrIp: '0.0.0.0/0',
  Description: 'ssh from anywhere, temporary, remove after the incident of the ninth',
};

const statement = (sid: string, action: string) => ({
  Sid: sid,
  Effect: 'Allow',
  Action: [action],
  Resource: ['arn:aws:secretsmanager:us-east-2:123456789012:secret:bash-dog/ecs-envars-sAkOvb'],
});
const STATEMENTS = ['GetSecretValue', 'DescribeSecret', 'ListSecretVersionIds', 'GetResourcePolicy'].map((action) =>
  statement(`Read${action}`, `secretsmanager:${action}`),
);
// In the canonical form drift compares policy documents in (lists, not single strings).
const ESCALATION = { Sid: 'Everything', Effect: 'Allow', Action: ['*'], Resource: ['*'] };

/** The example with the long lists declared, as `reclaim import` would write and `reclaim drift` read it. */
function declaredExample(base: Snapshot): Snapshot {
  const roles = withResource(base, 'CodeDeployRole', (r) => ({
    ...r,
    properties: { ...r.properties, ManagedPolicyArns: MANAGED },
  }));
  const groups = withResource(roles, 'AlbSgSecurityGroup', (r) => ({
    ...r,
    properties: { ...r.properties, SecurityGroupIngress: RULES },
  }));
  return withResource(groups, 'ExecutionRoleForECS', (r) => {
    const [inline] = r.properties.Policies as Array<{ PolicyName: string }>;
    return {
      ...r,
      properties: {
        ...r.properties,
        Policies: [
          { PolicyName: inline!.PolicyName, PolicyDocument: { Version: '2012-10-17', Statement: STATEMENTS } },
        ],
      },
    };
  });
}

/** Live, changed by hand: AdministratorAccess attached (one policy detached), ssh opened, a statement swapped. */
function changedLive(declared: Snapshot): Snapshot {
  const roles = withResource(declared, 'CodeDeployRole', (r) => ({
    ...r,
    properties: { ...r.properties, ManagedPolicyArns: [ADMIN, ...MANAGED.filter((arn) => arn !== DROPPED)] },
  }));
  const groups = withResource(roles, 'AlbSgSecurityGroup', (r) => ({
    ...r,
    properties: { ...r.properties, SecurityGroupIngress: [...RULES.slice(0, 5), OPENED, ...RULES.slice(5)] },
  }));
  return withResource(groups, 'ExecutionRoleForECS', (r) => {
    const [inline] = r.properties.Policies as Array<{ PolicyName: string; PolicyDocument: { Statement: unknown[] } }>;
    const kept = STATEMENTS.filter((s) => s.Sid !== 'ReadGetResourcePolicy');
    return {
      ...r,
      properties: {
        ...r.properties,
        Policies: [{ ...inline!, PolicyDocument: { Version: '2012-10-17', Statement: [...kept, ESCALATION] } }],
      },
    };
  });
}

let desired: DesiredState;
let live: Snapshot;
let drift: DriftReport;

beforeAll(async () => {
  const declared = declaredExample(await readSnapshot(LIVE_SNAPSHOT));
  desired = parseDesiredState(renderDesiredState(desiredFromSnapshot(declared)), 'reclaim.yaml').state;
  live = changedLive(declared);
  drift = computeDrift(desired, live);
});

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** No value cut mid-way: the only `…` a report may hold is one that a value itself holds. */
function expectNothingCut(text: string): void {
  expect(text).not.toContain('…');
}

describe('long lists', () => {
  it('the drift is what the test means: three modified lists on the example', () => {
    expect(drift.drifts.map((d) => [d.kind, d.id, d.path])).toEqual(
      expect.arrayContaining([
        ['modified', 'AlbSgSecurityGroup', 'SecurityGroupIngress'],
        ['modified', 'CodeDeployRole', 'ManagedPolicyArns'],
        ['modified', 'ExecutionRoleForECS', 'Policies[bashDogEcsEnvarsSecretAccess].PolicyDocument'],
      ]),
    );
    expect(JSON.stringify(drift.drifts.find((d) => d.path === 'ManagedPolicyArns')!.actual).length).toBeGreaterThan(
      160,
    );
  });

  it('drift text shows the members that differ, each whole', () => {
    const text = renderDriftText(drift);
    expectNothingCut(text);
    expect(text).toContain(`      + ${ADMIN}  (live, not declared)`);
    expect(text).toContain(`      - ${DROPPED}  (declared, not live)`);
    expect(text).toContain(`      + ${show(OPENED)}  (live, not declared)`);
    // Of the inline policy, the statements that differ are shown, not the whole document.
    expect(text).toContain('    Policies[bashDogEcsEnvarsSecretAccess].PolicyDocument.Statement:\n');
    expect(text).toContain(`      + ${show(ESCALATION)}  (live, not declared)`);
    expect(text).toContain(`      - ${show(STATEMENTS[3])}  (declared, not live)`);
    // Members both sides have are not repeated.
    expect(text).not.toContain(MANAGED[1]);
    expect(text).not.toContain(show(STATEMENTS[0]));
  });

  it('drift markdown puts the differing members whole in the declared and live cells', () => {
    const markdown = renderDriftMarkdown(drift);
    expectNothingCut(markdown);
    const row = (path: string) => markdown.split('\n').find((line) => line.includes(`\`${path}\``))!;
    expect(row('ManagedPolicyArns')).toContain(`| \`${DROPPED}\` (not live) | \`${ADMIN}\` (not declared) |`);
    expect(row('SecurityGroupIngress')).toContain(`\`${show(OPENED)}\` (not declared)`);
    expect(row('Policies[bashDogEcsEnvarsSecretAccess].PolicyDocument')).toContain(
      `| Statement: \`${show(STATEMENTS[3])}\` (not live) | Statement: \`${show(ESCALATION)}\` (not declared) |`,
    );
    expect(row('ManagedPolicyArns')).not.toContain(MANAGED[1]);
  });

  it('the plan shows what it adds and removes, whole', () => {
    const text = renderReconcilePlan(planReconcile(desired, live, drift));
    expectNothingCut(text);
    expect(text).toContain(`      - ${ADMIN}  (to remove)`);
    expect(text).toContain(`      + ${DROPPED}  (to add)`);
    expect(text).toContain(`      - ${show(OPENED)}  (to remove)`);
    expect(text).toContain(`      - ${show(ESCALATION)}  (to remove)`);
    expect(text).not.toContain(MANAGED[1]);
  });
});
