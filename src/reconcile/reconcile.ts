import type { AwsClients } from '../aws/clients.js';
import type { DesiredState } from '../desired/types.js';
import { discover } from '../discover/discover.js';
import { UserError } from '../errors.js';
import type { DriftReport } from '../model/drift.js';
import { liveFingerprint } from '../model/fingerprint.js';
import type { Plan } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import { computeDrift } from './diff/drift.js';
import { planReconcile, type ReconcileOptions } from './plan-reconcile.js';
import { discoverOptionsFor, readLive, type LiveSource } from './read-live.js';

export interface PlannedReconcile {
  readonly plan: Plan;
  readonly drift: DriftReport;
  readonly snapshot: Snapshot;
}

/** Reads live, diffs it against the declared state and plans the changes that close the gap. */
export async function planFromDesired(
  state: DesiredState,
  source: LiveSource,
  options: ReconcileOptions = {},
): Promise<PlannedReconcile> {
  const snapshot = await readLive(source, state.scope);
  const drift = computeDrift(state, snapshot, options);
  return { plan: planReconcile(state, snapshot, drift, options), drift, snapshot };
}

/**
 * Refuses a saved plan when live has changed since it was made: the plan's
 * changes were computed against a picture that no longer holds.
 */
export async function assertPlanFresh(clients: AwsClients, plan: Plan): Promise<Snapshot> {
  if (plan.mode !== 'reconcile') {
    throw new UserError('WRONG_PLAN_MODE', `This is a ${plan.mode} plan; reclaim apply runs reconcile plans.`, [
      `Run \`reclaim ${plan.mode} --stack ${plan.stack} --yes\` instead.`,
    ]);
  }
  const snapshot = await discover(clients, discoverOptionsFor(plan.scope ?? { stack: plan.stack }));
  if (snapshot.issues.length > 0) {
    throw new UserError(
      'INCOMPLETE_READ',
      `Part of ${plan.stack} could not be read, so the plan cannot be checked against live.`,
      ['Grant the missing read permissions (or wait out the throttling) and run again.'],
    );
  }
  if (liveFingerprint(snapshot) !== plan.liveFingerprint) {
    throw new UserError(
      'STALE_PLAN',
      `Live has changed since this plan was made (${plan.createdAt}): nothing was changed.`,
      ['Make a new plan: reclaim plan --desired reclaim.yaml --out plan.json'],
    );
  }
  return snapshot;
}
