import { Flags } from '@oclif/core';
import { exitCodeOf, type DestroyProgress, type DestroyReport } from '../reconcile/destroy.js';
import { dryRunLine, renderOutcomes, renderPlanText, renderProgress } from '../render/plan-text.js';
import { BaseCommand } from './base-command.js';
import { terminalStyle } from './style.js';

/** What `cleanup` and `teardown` share: the account guard flag, progress on stderr, and how a run is shown. */
export abstract class DestroyCommand extends BaseCommand {
  static readonly accountFlag = Flags.string({
    description: 'Refuse to act unless the credentials belong to this account.',
  });

  /** Progress events as lines on stderr. */
  protected progressFor(stack: string): (event: DestroyProgress) => void {
    return (event) => {
      const line = renderProgress(event, stack);
      if (line) this.progress(line);
    };
  }

  /** The plan, what was left alone, and the outcomes (or the dry-run line); sets the exit code. */
  protected show(report: DestroyReport): DestroyReport {
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
