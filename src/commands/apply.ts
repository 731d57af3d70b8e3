import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { terminalStyle } from '../cli/style.js';
import { loadDesiredState } from '../desired/load.js';
import { formatProblem } from '../desired/problems.js';
import { readPlan } from '../io/plan-file.js';
import { isFailure, planFlagsOf, type ChangeOutcome, type Plan } from '../model/plan.js';
import { applyPlan, refusalsOf } from '../reconcile/apply.js';
import { assertTarget } from '../reconcile/guard.js';
import { planFromDesired } from '../reconcile/reconcile.js';
import {
  assertPlanCheckable,
  assertPlanMatchesBasis,
  assertPlanRederives,
  type SavedPlanCheck,
} from '../reconcile/saved-plan.js';
import { renderOutcomes } from '../render/plan-text.js';
import { renderReconcilePlan } from '../render/reconcile-plan-text.js';

export default class Apply extends BaseCommand {
  static override summary = 'Make the changes that bring live back to the declared state.';
  static override description = `Plans as \`reclaim plan\` does (or takes a saved plan) and, with --yes, makes exactly those changes, in order, through each type's own API: a task definition change of a CodeDeploy-controlled service becomes a new revision plus a CodeDeploy deployment, never UpdateService. It checks first that the credentials act in the file's account and region. A plan with a change the run would refuse (a replacement; a secret's keys without --allow-secret-writes) is refused whole, before any write. A failure stops the run and says what was done and what was not (a change that failed half way is "partial", with the writes it made); running again picks up where it stopped.

A saved plan runs only if it is what was reviewed: its changes match the digest it carries, it is for the stack, account and region of the desired file, the file has not changed since, apply is given the flags it was made with (--prune, --allow-secret-writes, --force-delete-secrets), live reads as it did, and the plan made again now from the file and live has exactly its changes. Otherwise apply says what differs and changes nothing.

Without --yes it prints the plan and changes nothing.

Exit codes: 0 applied (or nothing to do); 2 dry run with changes pending; 1 error, refusal or a failed change.`;

  static override examples = [
    { description: 'See what would change', command: '<%= config.bin %> apply --desired reclaim.yaml' },
    { description: 'Make the changes', command: '<%= config.bin %> apply --desired reclaim.yaml --yes' },
    { description: 'Apply a reviewed plan', command: '<%= config.bin %> apply --plan plan.json --yes' },
  ];

  static override flags = {
    desired: Flags.string({
      description: 'The desired-state file (default reclaim.yaml; with --plan, the file the plan was made from).',
    }),
    plan: Flags.string({ description: 'Apply this saved plan (from `reclaim plan --out`), once checked.' }),
    yes: Flags.boolean({ description: 'Make the changes. Without it, nothing changes.' }),
    prune: Flags.boolean({ description: 'Also delete unmanaged resources.' }),
    'allow-secret-writes': Flags.boolean({
      description: "Let apply add (empty-valued) or remove a secret's keys. Values are never read out or printed.",
    }),
    'force-delete-secrets': Flags.boolean({ description: 'Delete pruned secrets without a recovery window.' }),
  };

  async run(): Promise<{ plan: Plan; outcomes: ChangeOutcome[] }> {
    const { flags } = await this.parse(Apply);
    const planFlags = planFlagsOf({
      prune: flags.prune,
      allowSecretWrites: flags['allow-secret-writes'],
      forceDeleteSecrets: flags['force-delete-secrets'],
    });
    const saved = flags.plan ? await readPlan(flags.plan) : undefined;
    if (saved) assertPlanCheckable(saved, flags.plan!);
    const file = flags.desired ?? saved?.basis?.desiredFile ?? 'reclaim.yaml';
    const loaded = await loadDesiredState(file);
    for (const warning of loaded.warnings) this.logToStderr(formatProblem(warning));
    const check: SavedPlanCheck | undefined = saved && {
      plan: saved,
      planFile: flags.plan!,
      desired: { state: loaded.state, file, digest: loaded.digest ?? '' },
      flags: planFlags,
    };
    // What a saved plan says of itself is checked before anything talks to AWS.
    if (check) assertPlanMatchesBasis(check);
    const clients = await this.clientsFor({ ...flags, region: flags.region ?? loaded.state.region });
    if (flags.yes) {
      const identity = await assertTarget(clients, loaded.state);
      this.progress(`Acting as ${identity.arn} in account ${identity.account}, ${identity.region}.`);
    }
    const plan = check
      ? await assertPlanRederives(clients, check)
      : (await planFromDesired(loaded.state, { kind: 'aws', clients }, planFlags)).plan;

    if (!flags.yes) {
      if (!this.jsonEnabled()) {
        this.log(renderReconcilePlan(plan, terminalStyle(), refusalsOf(plan, planFlags)));
        if (plan.changes.length > 0)
          this.log(
            `\nDry run: nothing was changed. Run again with --yes to make these ${plan.changes.length} change(s).`,
          );
      }
      process.exitCode = plan.changes.length > 0 ? 2 : 0;
      return { plan, outcomes: [] };
    }

    const line = this.progressLine();
    line.watch(clients.counter);
    const outcomes = await applyPlan(clients, plan, {
      ...planFlags,
      onProgress: (event) => {
        if (event.phase === 'start') {
          line.log(`[${event.index}/${event.total}] ${event.change.action} ${event.change.type} ${event.change.id}`);
          line.update({ task: `${event.change.action} ${event.change.id}`, done: event.index - 1, total: event.total });
        }
        if (event.phase === 'note') line.log(`      ${event.message}`);
        if (event.phase === 'finish') line.update({ done: event.index, total: event.total });
      },
    });
    line.stop();
    if (!this.jsonEnabled()) this.log(renderOutcomes(plan, outcomes, terminalStyle()));
    process.exitCode = outcomes.some(isFailure) ? 1 : 0;
    return { plan, outcomes };
  }
}
