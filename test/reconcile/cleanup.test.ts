import { describe, expect, it } from 'vitest';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import type { DeleteChange } from '../../src/model/plan.js';
import { asLogicalId } from '../../src/model/resource.js';
import { planCleanup } from '../../src/reconcile/cleanup.js';
import { owns, resource, snapshot } from './support/snapshots.js';

const td = (id: string, revision: number, orphan = true) =>
  resource(id, 'AWS::ECS::TaskDefinition', `arn:aws:ecs:us-east-2:123456789012:task-definition/web:${revision}`, {
    properties: { Family: 'web' },
    attributes: { Revision: revision, Status: 'ACTIVE' },
    orphan,
  });
const tg = (id: string, balancers: string[], orphan = true) =>
  resource(id, 'AWS::ElasticLoadBalancingV2::TargetGroup', `arn:aws:elasticloadbalancing:tg/${id}`, {
    attributes: { LoadBalancerArns: balancers },
    orphan,
  });
const stack = (id: string, status: string, orphan = true) =>
  resource(id, 'AWS::CloudFormation::Stack', `${id}-stack`, {
    attributes: { StackStatus: status, StackId: `id/${id}` },
    orphan,
  });

/** A stack with the debris failed console attempts leave, and things cleanup must leave alone. */
function debrisSnapshot() {
  return snapshot(
    [
      resource('Service', 'AWS::ECS::Service', 'arn:aws:ecs:service/web/web'),
      resource('Cluster', 'AWS::ECS::Cluster', 'web'),
      td('Live', 5, false),
      td('Rev1', 1),
      td('Rev2', 2),
      td('Rev3', 3),
      td('Rev4', 4),
      td('Rev6', 6),
      tg('Blue', ['arn:lb/web'], false),
      resource('LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'arn:lb/web'),
      stack('LiveStack', 'UPDATE_ROLLBACK_COMPLETE', false),
      stack('DebrisStack', 'ROLLBACK_COMPLETE'),
      tg('OldTg', []),
      stack('EmptyStack', 'CREATE_COMPLETE'),
      stack('BusyStack', 'UPDATE_IN_PROGRESS'),
      tg('StaleTg', []),
      tg('AttachedTg', ['arn:lb/other']),
      tg('UnusedLiveStackTg', []),
      resource('DeadApp', 'AWS::CodeDeploy::Application', 'AppECS-web-v1', { orphan: true }),
      resource('DeadGroup', 'AWS::CodeDeploy::DeploymentGroup', 'AppECS-web-v1/Dgp-v1', {
        orphan: true,
        properties: { ECSServices: [{ ClusterName: 'web', ServiceName: 'web-v1' }] },
      }),
      resource('OtherApp', 'AWS::CodeDeploy::Application', 'AppECS-web-v2', { orphan: true }),
      resource('OtherGroup', 'AWS::CodeDeploy::DeploymentGroup', 'AppECS-web-v2/Dgp-v2', { orphan: true }),
      resource('OldLogs', 'AWS::Logs::LogGroup', '/ecs/web-old', { orphan: true }),
      resource('SharedLogs', 'AWS::Logs::LogGroup', '/ecs/web-shared', { orphan: true }),
      resource('UnusedLogs', 'AWS::Logs::LogGroup', '/ecs/web-unused', { orphan: true }),
      resource('OrphanRole', 'AWS::IAM::Role', 'webOldRole', { orphan: true }),
      resource('OrphanService', 'AWS::ECS::Service', 'arn:aws:ecs:service/web/web-v0', { orphan: true }),
      tg('UsedByOrphanTg', []),
      resource('Vpc', 'AWS::EC2::VPC', 'vpc-1', { external: true }),
    ],
    [
      ['Service', 'Cluster', 'Cluster'],
      ['Service', 'Live', 'TaskDefinition'],
      ['Service', 'Blue', 'LoadBalancers.0.TargetGroupArn'],
      owns('LiveStack', 'LoadBalancer'),
      owns('LiveStack', 'Blue'),
      owns('LiveStack', 'UnusedLiveStackTg'),
      owns('DebrisStack', 'OldTg'),
      ['DeadGroup', 'DeadApp', 'ApplicationName'],
      ['OtherGroup', 'OtherApp', 'ApplicationName'],
      ['OtherGroup', 'OrphanService', 'ECSServices.0'],
      ['Rev1', 'OldLogs', 'ContainerDefinitions.0.LogConfiguration'],
      ['Rev2', 'OldLogs', 'ContainerDefinitions.0.LogConfiguration'],
      ['Rev3', 'SharedLogs', 'ContainerDefinitions.0.LogConfiguration'],
      ['Rev4', 'SharedLogs', 'ContainerDefinitions.0.LogConfiguration'],
      ['OrphanService', 'UsedByOrphanTg', 'LoadBalancers.0.TargetGroupArn'],
      ['Blue', 'Vpc', 'VpcId'],
    ],
  );
}

const ids = (changes: readonly { id: string }[]) => changes.map((change) => change.id);
const CREATED_AT = '2026-01-02T03:04:05.000Z';

describe('planCleanup', () => {
  const { plan, kept } = planCleanup(debrisSnapshot(), { createdAt: CREATED_AT });
  const keptWhy = Object.fromEntries(kept.map((finding) => [finding.id, finding]));

  it('plans exactly the debris, each with its reason', () => {
    expect([...ids(plan.changes)].sort()).toEqual(
      [
        'DeadApp',
        'DeadGroup',
        'DebrisStack',
        'EmptyStack',
        'OldLogs',
        'OldTg',
        'Rev1',
        'Rev2',
        'Rev3',
        'StaleTg',
      ].sort(),
    );
    const reason = Object.fromEntries(plan.changes.map((change) => [change.id, change.reason]));
    expect(reason.DebrisStack).toMatch(/ROLLBACK_COMPLETE/);
    expect(reason.EmptyStack).toMatch(/owns nothing/);
    expect(reason.OldTg).toMatch(/owned by leftover stack DebrisStack-stack/);
    expect(reason.StaleTg).toMatch(/no load balancer/);
    expect(reason.DeadApp).toMatch(/web\/web-v1 is gone/);
    expect(reason.Rev1).toMatch(/revision 1 of web, older than live revision 5/);
    expect(reason.OldLogs).toMatch(/used only by leftovers \(Rev1, Rev2\)/);
    expect(plan.changes.every((change) => change.action === 'delete' && !(change as DeleteChange).detach)).toBe(true);
  });

  it('orders the deletes: every resource before what it uses, owned resources before their stack, stacks last', () => {
    const order = ids(plan.changes);
    const at = (id: string) => order.indexOf(id);
    expect(at('DeadGroup')).toBeLessThan(at('DeadApp'));
    expect(at('Rev1')).toBeLessThan(at('OldLogs'));
    expect(at('OldTg')).toBeLessThan(at('DebrisStack'));
    expect(order.slice(-2).sort()).toEqual(['DebrisStack', 'EmptyStack']);
  });

  it('leaves alone, and says why: stacks owning live resources, busy stacks, attached groups, revisions kept, other leftovers', () => {
    expect(keptWhy.LiveStack).toMatchObject({ kind: 'owns-live' });
    expect(keptWhy.LiveStack?.why).toMatch(/owns live Blue, LoadBalancer.*--detach/);
    expect(keptWhy.BusyStack).toMatchObject({ kind: 'busy' });
    expect(keptWhy.AttachedTg?.why).toMatch(/arn:lb\/other/);
    expect(keptWhy.UnusedLiveStackTg?.why).toMatch(/owned by stack LiveStack, which stays/);
    expect(keptWhy.OtherApp?.why).toMatch(/still deploys to OrphanService/);
    expect(keptWhy.Rev4).toMatchObject({ kind: 'revision-kept' });
    expect(keptWhy.Rev4?.why).toMatch(/rollback/);
    expect(keptWhy.Rev6?.why).toMatch(/newer than live revision 5/);
    expect(keptWhy.UsedByOrphanTg?.why).toMatch(/used by OrphanService, which stays/);
    expect(keptWhy.SharedLogs).toMatchObject({ kind: 'not-debris' });
    expect(keptWhy.UnusedLogs).toMatchObject({ kind: 'not-debris' });
    expect(keptWhy.OrphanRole?.why).toMatch(/teardown/);
    for (const id of ['Service', 'Cluster', 'Live', 'Blue', 'LoadBalancer', 'Vpc']) {
      expect(keptWhy[id], id).toBeUndefined();
      expect(ids(plan.changes)).not.toContain(id);
    }
  });

  it('deletes a CodeDeploy application left behind by a migration to ECS-native blue/green, and keeps one still in use', () => {
    const withController = (type: string) =>
      snapshot(
        [
          resource('Service', 'AWS::ECS::Service', 'arn:aws:ecs:service/web/web', {
            properties: { DeploymentController: { Type: type } },
          }),
          resource('App', 'AWS::CodeDeploy::Application', 'AppECS-web-web', { orphan: true }),
          resource('Group', 'AWS::CodeDeploy::DeploymentGroup', 'AppECS-web-web/DgpECS-web-web', { orphan: true }),
        ],
        [
          ['Group', 'App', 'ApplicationName'],
          ['Group', 'Service', 'ECSServices.0'],
        ],
      );
    const migrated = planCleanup(withController('ECS'));
    expect(ids(migrated.plan.changes)).toEqual(['Group', 'App']);
    expect(migrated.plan.changes[1]?.reason).toMatch(/Service is deployed by ECS itself now/);
    const stillCodeDeploy = planCleanup(withController('CODE_DEPLOY'));
    expect(stillCodeDeploy.plan.changes).toEqual([]);
    expect(stillCodeDeploy.kept.find((finding) => finding.id === 'App')?.why).toMatch(/still deploys to Service/);
  });

  it('makes a plan that matches the plan schema', () => {
    expect(plan).toMatchObject({ mode: 'cleanup', stack: 'bash-dog', account: '123456789012', createdAt: CREATED_AT });
    expect(plan.liveFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const validate = schemaValidator('plan');
    expect(validate(JSON.parse(JSON.stringify(plan))), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
  });

  it('keeps fewer revisions on request, and then the log group only they used goes too', () => {
    const one = planCleanup(debrisSnapshot(), { keepRevisions: 1 });
    expect(ids(one.plan.changes)).toEqual(expect.arrayContaining(['Rev4', 'SharedLogs']));
    expect(() => planCleanup(debrisSnapshot(), { keepRevisions: 0 })).toThrow(/at least 1/);
  });

  it('with detach, deletes the stacks that own live resources, keeping their resources', () => {
    const detached = planCleanup(debrisSnapshot(), { detach: true });
    const live = detached.plan.changes.find((change) => change.id === 'LiveStack') as DeleteChange;
    expect(live).toMatchObject({ action: 'delete', detach: true });
    expect(live.reason).toMatch(/detached/);
    expect(ids(detached.plan.changes)).not.toContain('LoadBalancer');
    expect(ids(detached.plan.changes)).not.toContain('Blue');
    // The unused group the live stack owned is no longer held by a stack that stays.
    expect(ids(detached.plan.changes)).toContain('UnusedLiveStackTg');
  });

  it('leaves debris alone that something outside the graph uses, and what it uses in turn', () => {
    // Another stack's service still runs revision 1, and its revision logs to the leftover group.
    const used = planCleanup(debrisSnapshot(), {
      outsideUses: [
        { id: asLogicalId('Rev1'), by: 'other (service other, TaskDefinition)' },
        { id: asLogicalId('OldTg'), by: 'other (listener other-443, DefaultActions.0.TargetGroupArn)' },
      ],
    });
    const why = Object.fromEntries(used.kept.map((finding) => [finding.id, finding]));
    expect(why.Rev1).toMatchObject({ kind: 'used-outside', why: 'used by other (service other, TaskDefinition)' });
    // The group Rev1 logs to is no longer used only by leftovers: not debris.
    expect(why.OldLogs).toMatchObject({ kind: 'not-debris' });
    // The leftover stack that owns the used target group stays too (or is detached with --detach).
    expect(why.DebrisStack).toMatchObject({ kind: 'used-by-kept' });
    for (const id of ['Rev1', 'OldLogs', 'OldTg', 'DebrisStack']) expect(ids(used.plan.changes)).not.toContain(id);
    expect(ids(used.plan.changes)).toContain('Rev2');
  });

  it('refuses a partial read: nothing is planned', () => {
    const partial = debrisSnapshot();
    const withIssue = {
      ...partial,
      issues: [{ operation: 'ecr:DescribeRepositories', code: 'AccessDeniedException', message: 'denied' }],
    };
    expect(() => planCleanup(withIssue)).toThrow(
      /could not be read.*\n.*ecr:DescribeRepositories: AccessDeniedException/,
    );
    const withUnknown = {
      ...partial,
      resources: partial.resources.map((r) => (r.id === 'OrphanRole' ? { ...r, status: 'unknown' as const } : r)),
    };
    expect(() => planCleanup(withUnknown)).toThrow(/webOldRole: only partly read/);
  });

  it('plans nothing for a stack without debris', () => {
    const clean = snapshot([resource('Cluster', 'AWS::ECS::Cluster', 'web')]);
    const result = planCleanup(clean);
    expect(result.plan.changes).toEqual([]);
    expect(result.kept).toEqual([]);
  });
});
