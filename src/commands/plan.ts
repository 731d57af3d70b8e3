import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { assertOutWritable } from '../cli/out-file.js';
import { terminalStyle } from '../cli/style.js';
import { loadDesiredState } from '../desired/load.js';
import { formatProblem } from '../desired/problems.js';
import { writePlan } from '../io/plan-file.js';
import type { Plan as PlanData } from '../model/plan.js';
import { planFromDesired } from '../reconcile/reconcile.js';
import { renderReconcilePlan } from '../render/reconcile-plan-text.js';

export default class Plan extends BaseCommand {
  static override summary = 'Show the ordered changes that bring live back to the declared state.';
  static override description = `Reads live, diffs it against the desired-state file, and lists the changes that would close the gap: creates for what is missing, updates for what drifted (replacements where CloudFormation says a property cannot change in place), and with --prune deletes for unmanaged resources. Creates and updates come in dependency order, deletes in reverse. Changes nothing.

Exit codes: 0 nothing to do; 2 there are changes; 1 error or incomplete read.`;

  static override examples = [
    { description: 'See what apply would do', command: '<%= config.bin %> plan --desired reclaim.yaml' },
    {
      description: 'Save it for review, then apply exactly that',
      command: '<%= config.bin %> plan --desired reclaim.yaml --out plan.json',
    },
  ];

  static override flags = {
    desired: Flags.string({ description: 'The desired-state file.', default: 'reclaim.yaml' }),
    out: Flags.string({ description: 'Save the plan (JSON) for `reclaim apply --plan`.' }),
    prune: Flags.boolean({ description: 'Also delete unmanaged resources (in scope, neither declared nor debris).' }),
    snapshot: Flags.string({
      description: 'Plan against a saved snapshot instead of reading AWS (for review; apply re-reads live).',
    }),
  };

  async run(): Promise<PlanData> {
    const { flags } = await this.parse(Plan);
    await assertOutWritable(flags.out);
    const { state, warnings } = await loadDesiredState(flags.desired);
    for (const warning of warnings) this.logToStderr(formatProblem(warning));
    const { plan } = await planFromDesired(
      state,
      flags.snapshot
        ? { kind: 'snapshot', file: flags.snapshot }
        : { kind: 'aws', clients: await this.clientsFor({ ...flags, region: flags.region ?? state.region }) },
      { prune: flags.prune },
    );
    if (flags.out) {
      await writePlan(flags.out, plan);
      this.progress(`Wrote ${flags.out}. Apply exactly this plan with: reclaim apply --plan ${flags.out} --yes`);
    }
    if (!this.jsonEnabled()) this.log(renderReconcilePlan(plan, terminalStyle()));
    process.exitCode = plan.changes.length > 0 ? 2 : 0;
    return plan;
  }
}
