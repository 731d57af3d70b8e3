import { writeFile } from 'node:fs/promises';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { assertOutWritable } from '../../cli/out-file.js';
import { UserError } from '../../errors.js';
import { mergeInventories } from '../../inventory/merge.js';
import { terminalStyle } from '../../cli/style.js';
import { INVENTORY_FORMATS, renderInventory, type InventoryFormat } from '../../render/inventory.js';
import { readInventorySource } from '../../io/inventory-file.js';
import type { Inventory } from '../../model/inventory.js';

export default class InventoryMerge extends BaseCommand {
  static override summary = 'Merge the JSON inventories of several shards into one.';
  static override description = `Joins inventories written by \`reclaim inventory --json --out FILE\`, typically one per --shard of a CI matrix, into one inventory: every target, stack, unowned resource and issue, shared resources' users united, call counts summed, the latest capture time. Reads files only, no AWS call.

Refuses, naming the file: a file that cannot be read, one that is not an inventory, one of another schema version, and two files that read the same account and region (a shard merged twice).

JSON by default (what a later step reads); --format text or markdown for people, as \`reclaim inventory\` prints.

Exit codes: 0 merged (the issues the shards reported are carried into the result); 1 a file was refused.`;

  static override examples = [
    {
      description: 'Merge four shards into one file',
      command: '<%= config.bin %> inventory merge inv-1.json inv-2.json inv-3.json inv-4.json --out inventory.json',
    },
    { description: 'Every shard a CI job downloaded', command: '<%= config.bin %> inventory merge shards/*.json' },
  ];

  // Any number of files: oclif passes them all in argv.
  static override strict = false;
  static override args = {
    files: Args.string({ description: 'The inventory files to merge (one or more).', required: true }),
  };

  static override flags = {
    out: Flags.string({ description: 'Write the merged inventory to this file instead of stdout.' }),
    format: Flags.string({ description: 'Output format.', options: [...INVENTORY_FORMATS], default: 'json' }),
  };

  async run(): Promise<Inventory> {
    const { argv, flags } = await this.parse(InventoryMerge);
    const files = argv as string[];
    const unknown = files.find((file) => file.startsWith('-'));
    if (unknown)
      throw new UserError('BAD_USAGE', `Unknown flag ${unknown}.`, ['See `reclaim inventory merge --help`.']);
    if (files.length === 0) {
      throw new UserError('NOTHING_TO_MERGE', 'No inventory files given.', [
        'Name the files: reclaim inventory merge inv-1.json inv-2.json …',
      ]);
    }
    await assertOutWritable(flags.out);
    const merged = mergeInventories(await Promise.all(files.map(readInventorySource)));

    const format = this.jsonEnabled() ? 'json' : (flags.format as InventoryFormat);
    const text = await renderInventory(merged, format, flags.out ? undefined : terminalStyle());
    if (flags.out) await writeFile(flags.out, `${text}\n`, 'utf8');
    else if (!this.jsonEnabled()) this.log(text);
    this.progress(
      `Merged ${files.length} inventories: ${merged.targets.length} targets, ${merged.stacks.length} stacks, ${merged.shared.length} shared, ${merged.unowned.length} unowned, ${merged.issues.length} issues.`,
    );
    return merged;
  }
}
