import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { assertOutWritable } from '../cli/out-file.js';
import { terminalStyle } from '../cli/style.js';
import { loadDesiredState } from '../desired/load.js';
import { formatProblem } from '../desired/problems.js';
import { writePlan } from '../io/plan-file.js';
import { planFlagsOf, planFlagsText, type Plan as PlanData } from '../model/plan.js';
import { refusalsOf } from '../reconcile/apply.js';
import { planFromDesired } from '../reconcile/reconcile.js';
import { renderReconcilePlan } from '../render/reconcile-plan-text.js';

export default class Plan extends BaseCommand {
  static override summary = 'Show the ordered changes that bring live back to the declared state.';
  static override description = `Reads live, diffs it against the desired-state file, and lists the changes that would close the gap: creates for what is missing, updates for what drifted (replacements where CloudFormation says a property cannot change in place), and with --prune deletes for unmanaged resources. Creates and updates come in dependency order, deletes in reverse. Changes nothing. A change that apply would refuse (a replacement; a secret's keys without --allow-secret-writes) is marked so.

A plan saved with --out records the desired file's digest, the live fingerprint, these flags and a digest of its changes: \`reclaim apply --plan\` runs it only if all of them still hold (give apply the same flags).

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
    'allow-secret-writes': Flags.boolean({
      description: "Plan to add (empty-valued) or remove a secret's keys; apply must be given it too.",
    }),
    'force-delete-secrets': Flags.boolean({
      description: 'Plan to delete pruned secrets without a recovery window; apply must be given it too.',
    }),
    snapshot: Flags.string({
      description: 'Plan against a saved snapshot instead of reading AWS (for review; apply re-reads live).',
    }),
  };

  async run(): Promise<PlanData> {
    const { flags } = await this.parse(Plan);
    await assertOutWritable(flags.out);
    const { state, warnings, digest } = await loadDesiredState(flags.desired);
    for (const warning of warnings) this.logToStderr(formatProblem(warning));
    const planFlags = planFlagsOf({
      prune: flags.prune,
      allowSecretWrites: flags['allow-secret-writes'],
      forceDeleteSecrets: flags['force-delete-secrets'],
    });
    const { plan } = await planFromDesired(
      state,
      flags.snapshot
        ? { kind: 'snapshot', file: flags.snapshot }
        : { kind: 'aws', clients: await this.clientsFor({ ...flags, region: flags.region ?? state.region }) },
      { ...planFlags, ...(digest ? { desiredFile: { path: flags.desired, digest } } : {}) },
    );
    if (flags.out) {
      await writePlan(flags.out, plan);
      this.progress(
        `Wrote ${flags.out}. Apply exactly this plan with: reclaim apply --plan ${flags.out}${planFlagsText(planFlags)} --yes`,
      );
    }
    if (!this.jsonEnabled()) this.log(renderReconcilePlan(plan, terminalStyle(), refusalsOf(plan, planFlags)));
    process.exitCode = plan.changes.length > 0 ? 2 : 0;
    return plan;
  }
}
