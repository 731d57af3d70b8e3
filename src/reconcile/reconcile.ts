import type { DesiredState } from '../desired/types.js';
import type { DriftReport } from '../model/drift.js';
import type { Plan } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import { computeDrift } from './diff/drift.js';
import { planReconcile, type ReconcileOptions } from './plan-reconcile.js';
import { readLiveFor, type LiveSource } from './read-live.js';

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
  const snapshot = await readLiveFor(state, source);
  const drift = computeDrift(state, snapshot, options);
  return { plan: planReconcile(state, snapshot, drift, options), drift, snapshot };
}
