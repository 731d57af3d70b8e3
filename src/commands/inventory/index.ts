import { writeFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { assertOutWritable } from '../../cli/out-file.js';
import { terminalStyle } from '../../cli/style.js';
import { ACCOUNT_VIEW_CONCURRENCY } from '../../inventory/account-view.js';
import { buildInventory, inventoryOf } from '../../inventory/inventory.js';
import type { Inventory } from '../../model/inventory.js';
import { renderInventoryMarkdown } from '../../render/inventory-markdown.js';
import { renderInventoryText } from '../../render/inventory-text.js';

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
      description: 'A job summary on GitHub Actions',
      command: '<%= config.bin %> inventory --format markdown >> "$GITHUB_STEP_SUMMARY"',
    },
  ];

  static override flags = {
    region: Flags.string({
      description: 'AWS region to read (repeatable; default: AWS_REGION, then your profile).',
      helpGroup: 'AWS',
      multiple: true,
    }),
    format: Flags.string({ description: 'Output format.', options: ['text', 'json', 'markdown'], default: 'text' }),
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
    const regions = flags.region?.length ? [...new Set(flags.region)] : [undefined];
    const parts = await Promise.all(
      regions.map(async (region) => {
        const clients = await this.clientsFor({ ...flags, region });
        this.progress(`Reading every stack in ${clients.region}…`);
        return inventoryOf(clients, { concurrency: flags.concurrency });
      }),
    );
    const inventory = buildInventory(parts);

    const format = this.jsonEnabled() ? 'json' : flags.format;
    const text =
      format === 'json'
        ? JSON.stringify(inventory, null, 2)
        : format === 'markdown'
          ? renderInventoryMarkdown(inventory)
          : renderInventoryText(inventory, flags.out ? undefined : terminalStyle());
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
