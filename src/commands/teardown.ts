import { Flags } from '@oclif/core';
import { DestroyCommand } from '../cli/destroy-command.js';
import { MANAGED_TYPES, type ResourceType } from '../model/resource-type.js';
import { teardownStack, type DestroyReport } from '../reconcile/destroy.js';
import { fileJournal } from '../reconcile/journal.js';

export default class Teardown extends DestroyCommand {
  static override summary = "Delete a stack's whole graph, in reverse dependency order.";
  static override description = `Deletes every resource of the stack's graph, each before what it uses: pipeline, build project, deployment group and application, service (scaled to zero, drained), task definition revisions, listeners, load balancer, target groups, cluster, repositories with their images, secrets (with a 7-day recovery window unless --force-delete-secrets), log groups, roles with their policies, security groups, the certificate, the bucket (emptied), the connection, then the stack's CloudFormation stacks. Cloudflare DNS records and configuration rules pointing at the stack are left alone unless --include-dns (then they go first); Cloudflare zones and origin certificates are never deleted.

Never deletes external resources (VPC, subnets, default security group), anything outside the stack's graph, or anything something outside the graph still uses, found by reading the whole account (another family's task definition, a service, build project, pipeline, deployment group, listener, load balancer or security group rule; an instance profile or a Lambda function's role): those are reported and left alone, naming the user, with what they use. Nothing is planned or changed when part of the account cannot be read. Refuses unless --confirm repeats the stack name. A dry run by default; --yes acts, after checking the caller identity. Nothing is planned or changed when part of the stack cannot be read. Idempotent and resumable: run the same command again to finish a teardown that stopped. Until a run has gone through, its plan is kept in $RECLAIM_STATE_DIR (default $XDG_STATE_HOME/reclaim, or ~/.local/state/reclaim), so the next run also deletes what discovery can no longer reach (the artifact bucket once the pipeline is gone).

Exit codes: 0 deleted, or nothing to delete; 2 (dry run) there is something to delete; 1 error, incomplete read, or a change failed.`;

  static override examples = [
    {
      description: 'See everything that would be deleted, in order',
      command: '<%= config.bin %> teardown --stack bash-dog --confirm bash-dog',
    },
    { description: 'Delete it', command: '<%= config.bin %> teardown --stack bash-dog --confirm bash-dog --yes' },
    {
      description: 'Keep the images and the secrets',
      command:
        '<%= config.bin %> teardown --stack bash-dog --confirm bash-dog --keep AWS::ECR::Repository --keep AWS::SecretsManager::Secret --yes',
    },
    {
      description: 'Free the secret names at once (no recovery window)',
      command: '<%= config.bin %> teardown --stack bash-dog --confirm bash-dog --force-delete-secrets --yes',
    },
    {
      description: 'Refuse unless the credentials are those of this account',
      command: '<%= config.bin %> teardown --stack bash-dog --confirm bash-dog --account 123456789012 --yes',
    },
    {
      description: 'Take the Cloudflare DNS record and its configuration rule down too',
      command: '<%= config.bin %> teardown --stack bash-dog --confirm bash-dog --include-dns --yes',
    },
    {
      description: 'The plan and the results, as JSON',
      command: '<%= config.bin %> teardown --stack bash-dog --confirm bash-dog --yes --json',
    },
  ];

  static override flags = {
    stack: Flags.string({ description: "The stack's name, as in `reclaim discover`.", required: true }),
    confirm: Flags.string({
      description: 'The stack name again, exactly: teardown refuses otherwise.',
      required: true,
    }),
    yes: Flags.boolean({ description: 'Act: delete (without it, a dry run).' }),
    keep: Flags.string({
      description: 'Leave the resources of this CloudFormation type standing, with what they use (repeatable).',
      multiple: true,
      options: [...MANAGED_TYPES],
    }),
    'force-delete-secrets': Flags.boolean({
      description: 'Delete secrets at once instead of scheduling them with a 7-day recovery window.',
    }),
    'include-dns': Flags.boolean({
      description:
        "Also delete the stack's Cloudflare DNS records and configuration rules (left alone otherwise; zones and origin certificates never).",
    }),
    account: DestroyCommand.accountFlag,
  };

  async run(): Promise<DestroyReport> {
    const { flags } = await this.parse(Teardown);
    const clients = await this.clientsFor(flags);
    const report = await teardownStack(clients, {
      stack: flags.stack,
      confirm: flags.confirm,
      yes: flags.yes,
      keep: (flags.keep ?? []) as ResourceType[],
      forceDeleteSecrets: flags['force-delete-secrets'],
      includeDns: flags['include-dns'],
      ...(flags.account ? { account: flags.account } : {}),
      journal: fileJournal(),
      onProgress: this.progressFor(flags.stack, clients),
    });
    return this.show(report);
  }
}
