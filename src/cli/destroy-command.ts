import { Flags } from '@oclif/core';
import type { AwsClients } from '../aws/clients.js';
import { exitCodeOf, type DestroyProgress, type DestroyReport } from '../reconcile/destroy.js';
import { dryRunLine, renderOutcomes, renderPlanText, renderProgress } from '../render/plan-text.js';
import { BaseCommand } from './base-command.js';
import { terminalStyle } from './style.js';

/** What `cleanup` and `teardown` share: the account guard flag, progress on stderr, and how a run is shown. */
export abstract class DestroyCommand extends BaseCommand {
  static readonly accountFlag = Flags.string({
    description: 'Refuse to act unless the credentials belong to this account.',
  });

  /** Progress events on stderr: each as a line, and on a terminal a live line of calls and changes done. */
  protected progressFor(stack: string, clients: AwsClients): (event: DestroyProgress) => void {
    const progress = this.progressLine();
    progress.watch(clients.counter);
    return (event) => {
      const line = renderProgress(event, stack);
      if (line) progress.log(line);
      if (event.phase === 'reading') progress.update({ task: `Reading ${stack}` });
      if (event.phase === 'change' && event.event.phase === 'start') {
        const { index, total, change } = event.event;
        progress.update({ task: `${change.action} ${change.id}`, done: index - 1, total });
      }
      if (event.phase === 'change' && event.event.phase === 'finish')
        progress.update({ done: event.event.index, total: event.event.total });
    };
  }

  /** The plan, what was left alone, and the outcomes (or the dry-run line); sets the exit code. */
  protected show(report: DestroyReport): DestroyReport {
    this.endProgress();
    if (!this.jsonEnabled()) {
      const style = terminalStyle();
      this.log(renderPlanText(report.plan, report.kept, style));
      this.log('');
      this.log(report.outcomes ? renderOutcomes(report.plan, report.outcomes, style) : dryRunLine(report.plan));
    }
    process.exitCode = exitCodeOf(report);
    return report;
  }
}
