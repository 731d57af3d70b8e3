import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { assertOutWritable } from '../cli/out-file.js';
import { SCOPE_FLAGS, scopeFromFlags } from '../cli/scope-flags.js';
import { DEFAULT_CONCURRENCY, discover, PER_SERVICE_CONCURRENCY } from '../discover/discover.js';
import { listingsFromInventory } from '../inventory/reuse.js';
import { discoverOptionsFor } from '../reconcile/read-live.js';
import { readSnapshot, writeSnapshot } from '../io/snapshot-file.js';
import type { Snapshot } from '../model/snapshot.js';
import { renderSnapshotHtml } from '../render/snapshot-html.js';
import { renderSummary } from '../render/summary.js';
import { terminalStyle } from '../cli/style.js';

export default class Discover extends BaseCommand {
  static override summary = 'Discover a hand-built stack and print its typed graph.';
  static override description = `Reads the stack from its pipelines, clusters and services (every one whose name carries the stack's name, split into words: "bash-dog" matches bashDogExecutionRoleForECS but not bash-doghouse), follows every reference, and sweeps the account for leftovers carrying the name, which are marked as orphans. Read-only: nothing is changed.

Exit codes: 0 read completely; 1 something could not be read (the snapshot is still written, with the unreadable resources marked unknown) or the command failed.`;

  static override examples = [
    { description: 'Summarize a stack', command: '<%= config.bin %> discover --stack bash-dog --region us-east-2' },
    {
      description: 'Save the snapshot for drift checks offline',
      command: '<%= config.bin %> discover --stack bash-dog --out live.json',
    },
    {
      description: 'Start from one pipeline only',
      command: '<%= config.bin %> discover --stack bash-dog --pipeline bash-dog-pipeline',
    },
    {
      description: 'Reuse the listings of an inventory read less than an hour ago',
      command: '<%= config.bin %> discover --stack bash-dog --inventory inv.json',
    },
    {
      description: 'Summarize a saved snapshot (no AWS access)',
      command: '<%= config.bin %> discover --snapshot fixtures/bash-dog/live.json',
    },
  ];

  static override flags = {
    stack: Flags.string({
      description: 'Name of the stack, as the console used it in resource names.',
      exactlyOne: ['stack', 'snapshot'],
    }),
    ...SCOPE_FLAGS,
    out: Flags.string({ description: 'Write the snapshot (JSON) to this file.' }),
    format: Flags.string({
      description: 'What to print: the summary, or a self-contained HTML page of the graph.',
      options: ['text', 'html'],
      default: 'text',
    }),
    snapshot: Flags.string({ description: 'Summarize a saved snapshot instead of reading AWS.' }),
    concurrency: Flags.integer({
      description: `Concurrent AWS calls at most (each service gets at most ${PER_SERVICE_CONCURRENCY} of them).`,
      default: DEFAULT_CONCURRENCY,
      min: 1,
      max: 256,
    }),
    inventory: Flags.string({
      description: 'Use the listings of this inventory (reclaim inventory --format json), at most an hour old.',
      exclusive: ['snapshot'],
    }),
  };

  async run(): Promise<Snapshot> {
    const { flags } = await this.parse(Discover);
    await assertOutWritable(flags.out);
    const clients = flags.snapshot ? undefined : await this.clientsFor(flags);
    const line = this.progressLine();
    if (clients) line.watch(clients.counter);
    const recordedListings =
      clients && flags.inventory ? await listingsFromInventory(flags.inventory, clients) : undefined;
    const snapshot = !clients
      ? await readSnapshot(flags.snapshot!)
      : await discover(clients, {
          ...discoverOptionsFor(scopeFromFlags(flags)),
          ...(recordedListings ? { recordedListings } : {}),
          concurrency: flags.concurrency,
          mustMatch: true,
          onProgress: (event) => {
            if (event.phase === 'identity') {
              line.log(`Reading ${flags.stack} in account ${event.account}, ${event.region}…`);
              line.update({ task: `Reading ${flags.stack}`, resources: 0 });
            }
            if (event.phase === 'read') line.update({ resources: event.resources });
          },
        });
    line.stop();
    if (flags.out) {
      await writeSnapshot(flags.out, snapshot);
      this.progress(`Wrote ${flags.out}`);
    }
    if (!this.jsonEnabled() && flags.format === 'html') this.log(await renderSnapshotHtml(snapshot));
    else if (!this.jsonEnabled() && !flags.out) this.log(renderSummary(snapshot, terminalStyle()));
    else if (!this.jsonEnabled())
      this.progress(renderSummary(snapshot, terminalStyle()).split('\n').slice(0, 2).join('\n'));
    if (snapshot.issues.length > 0) process.exitCode = 1;
    return snapshot;
  }
}
