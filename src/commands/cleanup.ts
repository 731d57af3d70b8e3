import { Flags } from '@oclif/core';
import { DestroyCommand } from '../cli/destroy-command.js';
import { DEFAULT_KEEP_REVISIONS } from '../reconcile/cleanup.js';
import { cleanupStack, type DestroyReport } from '../reconcile/destroy.js';
import { fileJournal } from '../reconcile/journal.js';

export default class Cleanup extends DestroyCommand {
  static override summary = 'Remove the debris that failed console attempts left behind a stack.';
  static override description = `Finds the stack's debris in the discovered graph: leftover CloudFormation stacks (failed, stuck, or owning only leftovers), target groups attached to no load balancer, CodeDeploy applications whose service is gone, task definition revisions older than the live one, and log groups only that debris used. A stack that owns live resources (the console's service stack owns the production load balancer) is not debris: it is reported and left alone, unless --detach hands its resources over to reclaim.

Debris that anything outside the stack's graph still uses (found by reading the whole account, as teardown does) is left alone, naming the user.

A dry run by default: prints every action with its reason and changes nothing. --yes acts, after checking the caller identity. Nothing is planned or changed when part of the stack, or of the account, cannot be read.

Exit codes: 0 nothing to clean, or cleaned; 2 (dry run) there is something to clean; 1 error, incomplete read, or a change failed.`;

  static override examples = [
    { description: 'See what would be removed, and why', command: '<%= config.bin %> cleanup --stack bash-dog' },
    { description: 'Remove it', command: '<%= config.bin %> cleanup --stack bash-dog --yes' },
    {
      description: 'Also delete the console stacks that own live resources, keeping the resources',
      command: '<%= config.bin %> cleanup --stack bash-dog --detach --yes',
    },
    {
      description: 'Keep only the live task definition revision',
      command: '<%= config.bin %> cleanup --stack bash-dog --keep-revisions 1',
    },
    {
      description: 'Refuse unless the credentials are those of this account',
      command: '<%= config.bin %> cleanup --stack bash-dog --account 123456789012 --yes',
    },
    {
      description: 'The actions and their results, as JSON',
      command: '<%= config.bin %> cleanup --stack bash-dog --yes --json',
    },
  ];

  static override flags = {
    stack: Flags.string({ description: "The stack's name, as in `reclaim discover`.", required: true }),
    yes: Flags.boolean({ description: 'Act: delete the debris (without it, a dry run).' }),
    detach: Flags.boolean({
      description:
        'Delete the CloudFormation stacks that own live resources too, keeping the resources (DeletionPolicy Retain through a verified change set).',
    }),
    'keep-revisions': Flags.integer({
      description: 'Task definition revisions to keep per family, the live one included.',
      default: DEFAULT_KEEP_REVISIONS,
      min: 1,
    }),
    account: DestroyCommand.accountFlag,
  };

  async run(): Promise<DestroyReport> {
    const { flags } = await this.parse(Cleanup);
    const clients = await this.clientsFor(flags);
    const report = await cleanupStack(clients, {
      stack: flags.stack,
      yes: flags.yes,
      detach: flags.detach,
      keepRevisions: flags['keep-revisions'],
      ...(flags.account ? { account: flags.account } : {}),
      journal: fileJournal(),
      onProgress: this.progressFor(flags.stack, clients),
    });
    return this.show(report);
  }
}
