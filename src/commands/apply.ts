import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { terminalStyle } from '../cli/style.js';
import { loadDesiredState } from '../desired/load.js';
import { formatProblem } from '../desired/problems.js';
import { readPlan } from '../io/plan-file.js';
import type { ChangeOutcome, Plan } from '../model/plan.js';
import { applyPlan } from '../reconcile/apply.js';
import { assertTarget } from '../reconcile/guard.js';
import { assertPlanFresh, planFromDesired } from '../reconcile/reconcile.js';
import { renderOutcomes } from '../render/plan-text.js';
import { renderReconcilePlan } from '../render/reconcile-plan-text.js';

export default class Apply extends BaseCommand {
  static override summary = 'Make the changes that bring live back to the declared state.';
  static override description = `Plans as \`reclaim plan\` does (or takes a saved plan) and, with --yes, makes exactly those changes, in order, through each type's own API: a task definition change of a CodeDeploy-controlled service becomes a new revision plus a CodeDeploy deployment, never UpdateService. It checks first that the credentials act in the file's account and region, and refuses a saved plan when live has changed since it was made. A failure stops the run and says what was done and what was not; running again picks up where it stopped.

Without --yes it prints the plan and changes nothing.

Exit codes: 0 applied (or nothing to do); 2 dry run with changes pending; 1 error, refusal or a failed change.`;

  static override examples = [
    { description: 'See what would change', command: '<%= config.bin %> apply --desired reclaim.yaml' },
    { description: 'Make the changes', command: '<%= config.bin %> apply --desired reclaim.yaml --yes' },
    { description: 'Apply a reviewed plan', command: '<%= config.bin %> apply --plan plan.json --yes' },
  ];

  static override flags = {
    desired: Flags.string({ description: 'The desired-state file (default reclaim.yaml).', exclusive: ['plan'] }),
    plan: Flags.string({
      description: 'Apply this saved plan (from `reclaim plan --out`).',
      exclusive: ['desired', 'prune'],
    }),
    yes: Flags.boolean({ description: 'Make the changes. Without it, nothing changes.' }),
    prune: Flags.boolean({ description: 'Also delete unmanaged resources.' }),
    'allow-secret-writes': Flags.boolean({
      description: "Let apply add (empty-valued) or remove a secret's keys. Values are never read out or printed.",
    }),
    'force-delete-secrets': Flags.boolean({ description: 'Delete pruned secrets without a recovery window.' }),
  };

  async run(): Promise<{ plan: Plan; outcomes: ChangeOutcome[] }> {
    const { flags } = await this.parse(Apply);
    const saved = flags.plan ? await readPlan(flags.plan) : undefined;
    const loaded = saved ? undefined : await loadDesiredState(flags.desired ?? 'reclaim.yaml');
    for (const warning of loaded?.warnings ?? []) this.logToStderr(formatProblem(warning));
    const target = saved ?? loaded!.state;
    const clients = await this.clientsFor({ ...flags, region: flags.region ?? target.region });

    if (flags.yes) {
      const identity = await assertTarget(clients, { account: target.account, region: target.region });
      this.progress(`Acting as ${identity.arn} in account ${identity.account}, ${identity.region}.`);
    }
    let plan: Plan;
    if (saved) {
      if (flags.yes) await assertPlanFresh(clients, saved);
      plan = saved;
    } else {
      plan = (await planFromDesired(loaded!.state, { kind: 'aws', clients }, { prune: flags.prune })).plan;
    }

    if (!flags.yes) {
      if (!this.jsonEnabled()) {
        this.log(renderReconcilePlan(plan, terminalStyle()));
        if (plan.changes.length > 0)
          this.log(
            `\nDry run: nothing was changed. Run again with --yes to make these ${plan.changes.length} change(s).`,
          );
      }
      process.exitCode = plan.changes.length > 0 ? 2 : 0;
      return { plan, outcomes: [] };
    }

    const outcomes = await applyPlan(clients, plan, {
      allowSecretWrites: flags['allow-secret-writes'],
      forceDeleteSecrets: flags['force-delete-secrets'],
      onProgress: (event) => {
        if (event.phase === 'start')
          this.progress(
            `[${event.index}/${event.total}] ${event.change.action} ${event.change.type} ${event.change.id}`,
          );
        if (event.phase === 'note') this.progress(`      ${event.message}`);
      },
    });
    if (!this.jsonEnabled()) this.log(renderOutcomes(plan, outcomes, terminalStyle()));
    process.exitCode = outcomes.some((outcome) => outcome.status === 'failed') ? 1 : 0;
    return { plan, outcomes };
  }
}
