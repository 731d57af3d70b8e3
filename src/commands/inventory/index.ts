import { writeFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { assertOutWritable } from '../../cli/out-file.js';
import { terminalStyle } from '../../cli/style.js';
import { ACCOUNT_VIEW_CONCURRENCY } from '../../inventory/account-view.js';
import { TARGET_FLAGS, targetsOptionsFromFlags } from '../../cli/target-flags.js';
import { inventoryOf } from '../../inventory/inventory.js';
import { readInventoryOfTargets } from '../../inventory/read-targets.js';
import type { Inventory } from '../../model/inventory.js';
import { INVENTORY_FORMATS, renderInventory, type InventoryFormat } from '../../render/inventory.js';

export default class InventoryCommand extends BaseCommand {
  static override summary = 'Name every app stack in the account, what they share, and what no stack owns.';
  static override description = `Reads every resource of the types reclaim models in the account and region(s), once (listings shared by every stack, describes batched across stacks, IAM roles in bulk where allowed), and groups them into app stacks: each pipeline, cluster and service is a root, what their references reach is theirs, and a stack is named by the words its roots' names share, so that \`reclaim discover --stack NAME\` finds the same resources. Reports each stack's roots and counts, resources more than one stack uses (and through which reference), and resources no stack owns. Read-only: nothing is changed.

Save it with --format json --out inv.json, and \`reclaim discover\` / \`reclaim import\` with --inventory inv.json list nothing again for an hour.

Exit codes: 0 read completely; 1 something could not be read (the inventory is still printed, with the problems) or the command failed.`;

  static override examples = [
    { description: 'What is in this region', command: '<%= config.bin %> inventory --region us-east-2' },
    {
      description: 'Two regions, saved for a batch of imports',
      command: '<%= config.bin %> inventory --region us-east-1 --region us-east-2 --format json --out inv.json',
    },
    {
      description: 'Then import one stack without listing the account again',
      command: '<%= config.bin %> import --stack bash-dog --inventory inv.json',
    },
    {
      description: 'Every enabled region of every account in the organization',
      command: '<%= config.bin %> inventory --accounts-from organizations --all-regions --format json --out inv.json',
    },
    {
      description: 'One shard of four, for a CI matrix (merge them with `inventory merge`)',
      command: '<%= config.bin %> inventory --accounts-from organizations --shard 2/4 --json --out inv-2.json',
    },
    {
      description: 'A job summary on GitHub Actions',
      command: '<%= config.bin %> inventory --format markdown >> "$GITHUB_STEP_SUMMARY"',
    },
  ];

  static override flags = {
    ...TARGET_FLAGS,
    format: Flags.string({ description: 'Output format.', options: [...INVENTORY_FORMATS], default: 'text' }),
    out: Flags.string({ description: 'Write the inventory to this file instead of stdout.' }),
    concurrency: Flags.integer({
      description: 'Concurrent AWS calls at most, per region.',
      default: ACCOUNT_VIEW_CONCURRENCY,
      min: 1,
      max: 64,
    }),
  };

  async run(): Promise<Inventory> {
    const { flags } = await this.parse(InventoryCommand);
    await assertOutWritable(flags.out);
    const line = this.progressLine();
    const readByTarget = new Map<string, number>();
    const inventory = await readInventoryOfTargets(
      await targetsOptionsFromFlags(flags),
      async (target) => {
        line.log(`Reading every stack in account ${target.account}, ${target.region}…`);
        line.watch(target.clients.counter);
        line.update({ task: `Reading ${target.account} ${target.region}` });
        const {
          stacks,
          shared,
          unowned,
          issues,
          target: read,
        } = await inventoryOf(target.clients, {
          concurrency: flags.concurrency,
          onRead: (resources) => {
            readByTarget.set(`${target.account}/${target.region}`, resources);
            line.update({ resources: [...readByTarget.values()].reduce((sum, count) => sum + count, 0) });
          },
          ...(target.roleArn ? { roleArn: target.roleArn } : {}),
        });
        return { stacks, shared, unowned, issues, ...(read.listings ? { listings: read.listings } : {}) };
      },
      {
        onTargetDone: ({ target, done, total, failed }) => {
          if (total <= 1) return;
          line.log(`${done}/${total} ${target.account} ${target.region}${failed ? ' (failed)' : ''}`);
          line.update({ done, total, unit: 'accounts and regions' });
        },
      },
    );
    line.stop();

    const format = this.jsonEnabled() ? 'json' : (flags.format as InventoryFormat);
    const text = await renderInventory(inventory, format, flags.out ? undefined : terminalStyle());
    if (flags.out) {
      await writeFile(flags.out, `${text}\n`, 'utf8');
      this.progress(`Wrote ${flags.out}: ${inventory.stacks.length} stacks, ${inventory.issues.length} problems.`);
    } else if (!this.jsonEnabled()) {
      this.log(text);
    }
    if (inventory.issues.length > 0) process.exitCode = 1;
    return inventory;
  }
}
