import { isFailure, type Change, type ChangeOutcome, type Plan } from '../model/plan.js';
import type { Finding } from '../reconcile/delete-plan.js';
import type { DestroyProgress } from '../reconcile/destroy.js';
import { PLAIN, type SummaryStyle } from './summary.js';

const TITLE: Record<Plan['mode'], string> = { cleanup: 'Cleanup', teardown: 'Teardown', reconcile: 'Plan' };

/** `delete`, or `detach` for a stack whose resources stay. */
function verb(change: Change): string {
  return change.action === 'delete' && change.detach ? 'detach' : change.action;
}

const physicalIdOf = (change: Change): string => ('physicalId' in change ? change.physicalId : '(new)');

/**
 * A plan for people: a header, one numbered line per change in execution
 * order with the reason under it, then what is left alone and why.
 */
export function renderPlanText(plan: Plan, kept: readonly Finding[], style: SummaryStyle = PLAIN): string {
  const count = plan.changes.length;
  const lines = [
    style.bold(
      `${TITLE[plan.mode]} of ${plan.stack} in ${plan.account} / ${plan.region}: ${count} change${count === 1 ? '' : 's'}, ${kept.length} left alone`,
    ),
  ];
  if (count > 0) lines.push('');
  const width = String(count).length;
  plan.changes.forEach((change, index) => {
    lines.push(
      `${String(index + 1).padStart(width)}. ${verb(change)} ${change.type} ${change.id}  ${physicalIdOf(change)}`,
    );
    lines.push(style.dim(`${' '.repeat(width + 2)}${change.reason}`));
  });
  if (kept.length > 0) {
    lines.push('', style.bold('Left alone:'));
    for (const item of kept) {
      lines.push(`  ${item.type} ${item.id}  ${item.physicalId}`);
      lines.push(style.dim(`    ${item.why}`));
    }
  }
  return lines.join('\n');
}

/** The closing line of a dry run. */
export function dryRunLine(plan: Plan): string {
  if (plan.changes.length === 0) return `Nothing to ${plan.mode === 'teardown' ? 'delete' : 'clean up'}.`;
  return `Dry run: nothing was changed. Run again with --yes to make these ${plan.changes.length} change(s).`;
}

const STATUS: Record<ChangeOutcome['status'], string> = {
  done: 'done',
  'already-done': 'already gone',
  partial: 'PARTIAL',
  failed: 'FAILED',
  'not-run': 'not run',
};

/**
 * What a run did: one line per change, then a summary line. Under a failed
 * change its error; under a partial one, first each write that went through,
 * then the error that stopped it.
 */
export function renderOutcomes(plan: Plan, outcomes: readonly ChangeOutcome[], style: SummaryStyle = PLAIN): string {
  const changes = new Map(plan.changes.map((change) => [change.id, change]));
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const change = changes.get(outcome.id);
    const what = change ? `${verb(change)} ${change.type} ${change.id}` : `${outcome.action} ${outcome.id}`;
    const line = `  ${STATUS[outcome.status].padEnd(12)} ${what}`;
    if (outcome.status === 'partial') {
      lines.push(style.warn(line), ...outcome.steps.map((step) => `    done: ${step}`));
      lines.push(style.warn(`    then: ${outcome.error}`));
    } else if (outcome.status === 'failed') lines.push(style.warn(line), style.warn(`    ${outcome.error}`));
    else lines.push(outcome.status === 'not-run' ? style.dim(line) : line);
  }
  lines.push('', outcomeSummary(outcomes));
  return lines.join('\n');
}

export function outcomeSummary(outcomes: readonly ChangeOutcome[]): string {
  const count = (status: ChangeOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
  if (outcomes.length === 0) return 'Nothing to do: nothing was changed.';
  const partial = count('partial');
  const summary = `${count('done')} done, ${count('already-done')} already gone, ${partial > 0 ? `${partial} partial, ` : ''}${count('failed')} failed, ${count('not-run')} not run.`;
  if (partial > 0) {
    return `${summary} A partial change made the writes listed under it and no more. Fix the failure and run the same command again: it picks up where it stopped.`;
  }
  return outcomes.some(isFailure)
    ? `${summary} Fix the failure and run the same command again: it picks up where it stopped.`
    : summary;
}

/** One progress line for stderr, or undefined for events that need none. */
export function renderProgress(event: DestroyProgress, stack: string): string | undefined {
  switch (event.phase) {
    case 'reading':
      return `Reading ${stack} in account ${event.account}, ${event.region}…`;
    case 'acting':
      return `Acting as ${event.identity.arn} in account ${event.identity.account}, ${event.identity.region}.`;
    case 'change': {
      const progress = event.event;
      if (progress.phase === 'start') {
        const { change } = progress;
        return `[${progress.index}/${progress.total}] ${verb(change)} ${change.type} ${change.id}`;
      }
      if (progress.phase === 'note') return `      ${progress.message}`;
      return undefined;
    }
  }
}
