import { writeFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { assertOutWritable, refuseOverwrite } from '../../cli/out-file.js';
import { SCOPE_FLAGS, scopeFromFlags } from '../../cli/scope-flags.js';
import { terminalStyle } from '../../cli/style.js';
import { loadDesiredState } from '../../desired/load.js';
import { formatProblem } from '../../desired/problems.js';
import { UserError } from '../../errors.js';
import { prepareEcsBlueGreenMigration, type MigrationOrigin } from '../../migrate/prepare.js';
import type { LiveSource } from '../../reconcile/read-live.js';
import { renderMigration } from '../../render/migration-text.js';

export default class MigrateEcsBlueGreen extends BaseCommand {
  static override summary =
    'Write the desired state of a stack moved from CodeDeploy blue/green to ECS-native blue/green.';
  static override description = `Reads the stack (or the desired file you keep, against live) and writes a new desired-state file in which ECS, not CodeDeploy, runs its blue/green deployments, as AWS documents the migration: the same listener and target groups; an infrastructure role ECS assumes to move traffic; a listener rule (path /*) on the production listener, and on the test listener if the deployment group had one, forwarding to the target group that serves now; the service under the ECS deployment controller with a strategy from the deployment group's config (AllAtOnce → BLUE_GREEN, Linear → LINEAR, Canary → CANARY) and a bake time from its termination wait; the pipeline's deploy action moved from "Amazon ECS (Blue/Green)" to "Amazon ECS" on imagedefinitions.json, with the pipeline role allowed to call ECS; and the CodeDeploy application and group listed as debris.

Changes nothing in AWS: review with \`reclaim plan\`, carry out with \`reclaim apply\`, then delete the CodeDeploy leftovers with \`reclaim cleanup\`. It prints the buildspec change the pipeline then needs. Refuses to overwrite a file without --force, and refuses a stack with no service CodeDeploy deploys.`;

  static override examples = [
    {
      description: 'Migrate a stack as live has it',
      command: '<%= config.bin %> migrate ecs-blue-green --stack bash-dog --out reclaim.migrated.yaml',
    },
    {
      description: 'Migrate the desired file you keep (live decides which target group serves now)',
      command: '<%= config.bin %> migrate ecs-blue-green --desired reclaim.yaml --out reclaim.migrated.yaml',
    },
    {
      description: 'Try it on the bundled example, offline',
      command:
        '<%= config.bin %> migrate ecs-blue-green --desired fixtures/bash-dog/reclaim.yaml --snapshot fixtures/bash-dog/live.json --out /tmp/migrated.yaml',
    },
  ];

  static override flags = {
    stack: Flags.string({
      description: "The stack's name, as in `reclaim discover`: import it and migrate that.",
      exactlyOne: ['stack', 'desired'],
    }),
    desired: Flags.string({ description: 'Migrate this desired-state file instead (it is not changed).' }),
    ...SCOPE_FLAGS,
    snapshot: Flags.string({
      description:
        'Read live from a saved snapshot instead of AWS (the priorities of listener rules it did not read are unknown).',
    }),
    out: Flags.string({ description: 'Where to write the migrated desired state.', default: 'reclaim.migrated.yaml' }),
    force: Flags.boolean({ description: 'Overwrite --out if it exists.' }),
  };

  async run(): Promise<{ file: string; services: string[]; added: string[]; retired: string[] }> {
    const { flags } = await this.parse(MigrateEcsBlueGreen);
    await assertOutWritable(flags.out);
    if (flags.desired !== undefined && flags.desired === flags.out) {
      throw new UserError(
        'OUT_IS_INPUT',
        `--out ${flags.out} is the file being migrated; reclaim will not overwrite it.`,
        ['Write the migrated state elsewhere (the default is reclaim.migrated.yaml), and keep this one to go back to.'],
      );
    }
    await refuseOverwrite(flags.out, flags.force);
    const origin: MigrationOrigin = flags.desired
      ? { kind: 'file', desired: await this.loadDesired(flags.desired) }
      : { kind: 'stack', scope: scopeFromFlags(flags) };
    const region = origin.kind === 'file' ? (flags.region ?? origin.desired.region) : flags.region;
    const live: LiveSource = flags.snapshot
      ? { kind: 'snapshot', file: flags.snapshot }
      : { kind: 'aws', clients: await this.clientsFor({ ...flags, region }) };
    const migration = await prepareEcsBlueGreenMigration(origin, live);
    await writeFile(flags.out, migration.text, 'utf8');
    if (!this.jsonEnabled()) {
      this.log(
        renderMigration(
          migration,
          { out: flags.out, stack: migration.desired.stack, ...(flags.desired ? { from: flags.desired } : {}) },
          terminalStyle(),
        ),
      );
    }
    return {
      file: flags.out,
      services: migration.services.map((service) => service.serviceId),
      added: [...migration.added],
      retired: migration.retired.map((entry) => entry.physicalId),
    };
  }

  private async loadDesired(file: string) {
    const { state, warnings } = await loadDesiredState(file);
    for (const warning of warnings) this.logToStderr(formatProblem(warning));
    return state;
  }
}
