import { describe, expect, it } from 'vitest';
import type { ChangeOutcome } from '../../src/model/plan.js';
import { planCleanup } from '../../src/reconcile/cleanup.js';
import {
  dryRunLine,
  outcomeSummary,
  renderOutcomes,
  renderPlanText,
  renderProgress,
} from '../../src/render/plan-text.js';
import { owns, resource, snapshot } from './support/snapshots.js';

// The text rendering of src/render/plan-text.ts (kept here, beside the planners it renders).
const shot = snapshot(
  [
    resource('Stale', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'arn:tg/stale', {
      orphan: true,
      attributes: { LoadBalancerArns: [] },
    }),
    resource('LiveStack', 'AWS::CloudFormation::Stack', 'ECS-Console-V2-Service-web', {
      attributes: { StackStatus: 'CREATE_COMPLETE' },
    }),
    resource('LoadBalancer', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'arn:lb/web'),
  ],
  [owns('LiveStack', 'LoadBalancer')],
);

describe('plan text', () => {
  it('lists each change with its reason, then what is left alone and why', () => {
    const { plan, kept } = planCleanup(shot);
    expect(renderPlanText(plan, kept).split('\n')).toEqual([
      'Cleanup of bash-dog in 123456789012 / us-east-2: 1 change, 1 left alone',
      '',
      '1. delete AWS::ElasticLoadBalancingV2::TargetGroup Stale  arn:tg/stale',
      '   a leftover target group attached to no load balancer',
      '',
      'Left alone:',
      '  AWS::CloudFormation::Stack LiveStack  ECS-Console-V2-Service-web',
      '    owns live LoadBalancer: deleting it would delete them. --detach hands them to reclaim',
    ]);
    expect(dryRunLine(plan)).toBe('Dry run: nothing was changed. Run again with --yes to make these 1 change(s).');
    const detached = planCleanup(shot, { detach: true }).plan;
    expect(renderPlanText(detached, [])).toMatch(/2\. detach AWS::CloudFormation::Stack LiveStack/);
    expect(dryRunLine({ ...plan, changes: [] })).toBe('Nothing to clean up.');
    expect(dryRunLine({ ...plan, mode: 'teardown', changes: [] })).toBe('Nothing to delete.');
  });

  it('reports outcomes one per line, the error of a failure, and a summary that says how to go on', () => {
    const { plan } = planCleanup(shot, { detach: true });
    const outcomes: ChangeOutcome[] = [
      { id: plan.changes[0]!.id, action: 'delete', status: 'failed', error: 'deleting X (arn): AccessDenied: no' },
      { id: plan.changes[1]!.id, action: 'delete', status: 'not-run' },
    ];
    const text = renderOutcomes(plan, outcomes);
    expect(text).toContain('  FAILED       delete AWS::ElasticLoadBalancingV2::TargetGroup Stale');
    expect(text).toContain('    deleting X (arn): AccessDenied: no');
    expect(text).toContain('  not run      detach AWS::CloudFormation::Stack LiveStack');
    expect(text).toMatch(
      /0 done, 0 already gone, 1 failed, 1 not run\. Fix the failure and run the same command again/,
    );
    expect(outcomeSummary([])).toBe('Nothing to do: nothing was changed.');
  });

  it('reports a partial change with each write it made, then the error that stopped it', () => {
    const { plan } = planCleanup(shot, { detach: true });
    const outcomes: ChangeOutcome[] = [
      {
        id: plan.changes[0]!.id,
        action: 'delete',
        status: 'partial',
        steps: ['DeleteRolePolicy inline', 'DetachRolePolicy arn:aws:iam::aws:policy/ReadOnlyAccess'],
        error: 'deleting X (arn): AccessDenied: no',
      },
      { id: plan.changes[1]!.id, action: 'delete', status: 'not-run' },
    ];
    expect(renderOutcomes(plan, outcomes).split('\n')).toEqual([
      '  PARTIAL      delete AWS::ElasticLoadBalancingV2::TargetGroup Stale',
      '    done: DeleteRolePolicy inline',
      '    done: DetachRolePolicy arn:aws:iam::aws:policy/ReadOnlyAccess',
      '    then: deleting X (arn): AccessDenied: no',
      '  not run      detach AWS::CloudFormation::Stack LiveStack',
      '',
      '0 done, 0 already gone, 1 partial, 0 failed, 1 not run. A partial change made the writes listed under it and no more. Fix the failure and run the same command again: it picks up where it stopped.',
    ]);
  });

  it('renders progress for stderr', () => {
    const { plan } = planCleanup(shot);
    const change = plan.changes[0]!;
    expect(renderProgress({ phase: 'reading', account: '123456789012', region: 'us-east-2' }, 'web')).toBe(
      'Reading web in account 123456789012, us-east-2…',
    );
    expect(
      renderProgress(
        { phase: 'acting', identity: { account: '1', arn: 'arn:aws:sts::1:user/me', region: 'r' } },
        'web',
      ),
    ).toBe('Acting as arn:aws:sts::1:user/me in account 1, r.');
    expect(renderProgress({ phase: 'change', event: { phase: 'start', index: 1, total: 3, change } }, 'web')).toBe(
      '[1/3] delete AWS::ElasticLoadBalancingV2::TargetGroup Stale',
    );
    expect(
      renderProgress({ phase: 'change', event: { phase: 'note', index: 1, change, message: 'waiting' } }, 'web'),
    ).toBe('      waiting');
  });
});
