import { writeFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { assertOutWritable, refuseOverwrite } from '../cli/out-file.js';
import { SCOPE_FLAGS, scopeFromFlags } from '../cli/scope-flags.js';
import { desiredFromSnapshot } from '../desired/from-snapshot.js';
import { renderDesiredState } from '../desired/write.js';
import { UserError } from '../errors.js';
import { listingsFromInventory } from '../inventory/reuse.js';
import { readLive } from '../reconcile/read-live.js';

export default class Import extends BaseCommand {
  static override summary = 'Write the desired state (reclaim.yaml) of a hand-built stack.';
  static override description = `Discovers the stack and writes every live resource into a desired-state file to commit: CloudFormation-shaped properties, references between resources as !Ref / !GetAtt / !Sub of logical ids, account and region as pseudo parameters. Leftovers of failed attempts are listed under \`debris\` for \`reclaim cleanup\`, not managed. Secrets are declared by their keys; values are never read or written.

Refuses to overwrite an existing file without --force, and refuses to import from an incomplete read.`;

  static override examples = [
    { description: 'Reclaim a stack', command: '<%= config.bin %> import --stack bash-dog --region us-east-2' },
    {
      description: 'One of many stacks, without listing the account again',
      command: '<%= config.bin %> import --stack bash-dog --inventory inv.json --out bash-dog/reclaim.yaml',
    },
    {
      description: 'From a saved snapshot',
      command: '<%= config.bin %> import --snapshot live.json --out reclaim.yaml',
    },
  ];

  static override flags = {
    stack: Flags.string({
      description: "The stack's name, as in `reclaim discover`.",
      exactlyOne: ['stack', 'snapshot'],
    }),
    ...SCOPE_FLAGS,
    snapshot: Flags.string({ description: 'Import from a saved snapshot instead of reading AWS.' }),
    out: Flags.string({ description: 'Where to write the file.', default: 'reclaim.yaml' }),
    force: Flags.boolean({ description: 'Overwrite the file if it exists.' }),
    inventory: Flags.string({
      description: 'Use the listings of this inventory (reclaim inventory --format json), at most an hour old.',
      exclusive: ['snapshot'],
    }),
  };

  async run(): Promise<{ file: string; resources: number; debris: number }> {
    const { flags } = await this.parse(Import);
    await assertOutWritable(flags.out);
    await refuseOverwrite(flags.out, flags.force, [`Compare instead: reclaim drift --desired ${flags.out}`]);
    const scope = scopeFromFlags(flags);
    const live = await readLive(
      flags.snapshot ? { kind: 'snapshot', file: flags.snapshot } : await this.awsSource(flags),
      scope,
      { mustMatch: true },
    );
    if (live.issues.length > 0) {
      throw new UserError(
        'INCOMPLETE_READ',
        `Part of ${live.stack} could not be read, so no file was written:\n${live.issues.map((issue) => `  ${issue.operation}: ${issue.code}: ${issue.message}`).join('\n')}`,
        ['Grant the missing read permissions (or wait out the throttling) and run again.'],
      );
    }
    const state = desiredFromSnapshot(live, { scope: { ...scope, stack: live.stack } });
    await writeFile(flags.out, renderDesiredState(state, { generatedAt: live.capturedAt }), 'utf8');
    const result = { file: flags.out, resources: Object.keys(state.resources).length, debris: state.debris.length };
    this.progress(
      `Wrote ${flags.out}: ${result.resources} resources declared, ${result.debris} leftovers listed as debris.`,
    );
    if (result.debris > 0) this.progress(`See them with: reclaim cleanup --stack ${live.stack}`);
    return result;
  }

  private async awsSource(flags: { inventory?: string; region?: string; profile?: string; 'endpoint-url'?: string }) {
    const clients = await this.clientsFor(flags);
    return {
      kind: 'aws' as const,
      clients,
      ...(flags.inventory ? { recordedListings: await listingsFromInventory(flags.inventory, clients) } : {}),
    };
  }
}
