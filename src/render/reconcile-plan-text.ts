import { summarizeChanges, type Change, type Plan } from '../model/plan.js';
import { differenceLines } from './list-delta.js';
import { PLAIN, type SummaryStyle } from './summary.js';

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', replace: '-/+', delete: '-' };

/** A plan's property change goes from live (`before`) to the file (`after`). */
const PLAN_SIDES = { removed: 'to remove', added: 'to add' } as const;

/** `N to create, N to update, N to replace, N to delete`. */
export function planSummaryLine(plan: Plan): string {
  const counts = summarizeChanges(plan.changes);
  return `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete`;
}

/** A change the run would refuse, and why (the executor's `refusalsOf`). */
export interface RefusedChange {
  readonly id: Change['id'];
  readonly reason: string;
}

/**
 * One line per change in execution order, the property differences under
 * it, and the summary line. A change in `refusals` says that apply refuses
 * the plan for it (apply refuses such a plan whole, before any write).
 */
export function renderReconcilePlan(
  plan: Plan,
  style: SummaryStyle = PLAIN,
  refusals: readonly RefusedChange[] = [],
): string {
  const lines = [style.bold(`Plan for ${plan.stack} in ${plan.account} / ${plan.region}`), ''];
  if (plan.changes.length === 0) lines.push('Nothing to do: live matches the declared state.', '');
  for (const change of plan.changes) {
    const where = 'physicalId' in change ? `  ${change.physicalId}` : '';
    lines.push(style.bold(`${SYMBOL[change.action]} ${change.action} ${change.id} (${change.type})${where}`));
    lines.push(style.dim(`    ${change.reason}`));
    if (change.action === 'update' || change.action === 'replace') {
      for (const property of change.changes) {
        lines.push(...differenceLines(property.path, property.before, property.after, PLAN_SIDES));
      }
    }
    for (const refusal of refusals.filter((entry) => entry.id === change.id)) {
      lines.push(style.warn(`    apply refuses this plan: ${refusal.reason}`));
    }
    if (change.action === 'update') {
      for (const rollout of change.rollouts ?? []) {
        lines.push(
          rollout.kind === 'ecs'
            ? `    then point service ${rollout.cluster}/${rollout.service} at the new revision`
            : change.type === 'AWS::ECS::Service'
              ? `    through a CodeDeploy deployment ${rollout.applicationName}/${rollout.deploymentGroupName} whose appspec carries the network configuration`
              : `    then deploy the new revision through CodeDeploy ${rollout.applicationName}/${rollout.deploymentGroupName} (${rollout.containerName}:${rollout.containerPort})`,
        );
      }
    }
  }
  lines.push(planSummaryLine(plan));
  return lines.join('\n');
}
