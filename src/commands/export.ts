import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { writeFolder } from '../cli/write-folder.js';
import { SCOPE_FLAGS, scopeFromFlags } from '../cli/scope-flags.js';
import { loadDesiredState } from '../desired/load.js';
import { formatProblem } from '../desired/problems.js';
import { UserError } from '../errors.js';
import { CDK_LANGUAGES, type CdkLanguage } from '../export/cdk.js';
import { EXPORT_FORMATS, exportStack, type ExportFormat } from '../export/export.js';
import { exportInputFromDesired, exportInputFromSnapshot } from '../export/input.js';
import type { ExportInput } from '../export/types.js';
import { readLive } from '../reconcile/read-live.js';
import { renderExportSummary, type ExportSummary } from '../render/export-text.js';

export default class Export extends BaseCommand {
  static override summary = 'Hand the stack over to infrastructure as code: CloudFormation, the CDK or Terraform.';
  static override description = `Writes the stack as a CloudFormation template to import (every resource DeletionPolicy and UpdateReplacePolicy Retain, references as !Ref / !GetAtt / !Sub, account and region as pseudo parameters, secrets without their values), the resources-to-import file for an IMPORT change set, and a README with the commands in order. --format cdk converts that template into a CDK app (TypeScript or Python, through cdk-from-cfn) with a cdk import mapping; --format terraform writes AWS provider resources with import {} blocks, references as resource references.

What cannot be handed over (a type CloudFormation cannot import, a resource a console stack owns, a property CodeDeploy owns) is listed with the reason in EXCLUDED.md and here. From --stack or --snapshot the export knows which console stack owns what; from --desired alone it says it does not.`;

  static override examples = [
    {
      description: 'Hand a discovered stack over to CloudFormation',
      command: '<%= config.bin %> export --stack bash-dog --region us-east-2 --format cloudformation --out stack/',
    },
    {
      description: 'From the committed desired state (no AWS access)',
      command: '<%= config.bin %> export --desired reclaim.yaml --format cloudformation --out stack/',
    },
    {
      description: 'A CDK app in Python',
      command: '<%= config.bin %> export --stack bash-dog --format cdk --language python --out cdk-app/',
    },
    {
      description: 'Terraform with import blocks',
      command: '<%= config.bin %> export --desired reclaim.yaml --format terraform --out tf/',
    },
    {
      description: 'From a saved snapshot',
      command: '<%= config.bin %> export --snapshot fixtures/bash-dog/live.json --out stack/',
    },
  ];

  static override flags = {
    desired: Flags.string({
      description: 'Export this desired-state file.',
      exactlyOne: ['desired', 'stack', 'snapshot'],
    }),
    stack: Flags.string({ description: 'Discover this stack and export it.' }),
    ...SCOPE_FLAGS,
    snapshot: Flags.string({ description: 'Export a saved snapshot (reclaim discover --out).' }),
    format: Flags.string({ description: 'What to write.', options: [...EXPORT_FORMATS], default: 'cloudformation' }),
    language: Flags.string({
      description: 'The language of the CDK app (--format cdk).',
      options: [...CDK_LANGUAGES],
      default: 'typescript',
    }),
    'stack-name': Flags.string({ description: 'The CloudFormation stack to import into (default: the stack).' }),
    out: Flags.string({ description: 'The folder to write (created if missing).', required: true }),
    force: Flags.boolean({
      description:
        'Overwrite files in --out that hold other content (a hand-edited template, say); refused without it.',
    }),
  };

  async run(): Promise<ExportSummary> {
    const { flags } = await this.parse(Export);
    const input = await this.inputFor(flags);
    const result = await exportStack(input, {
      format: flags.format as ExportFormat,
      language: flags.language as CdkLanguage,
      ...(flags['stack-name'] ? { stackName: flags['stack-name'] } : {}),
    });
    await writeFolder(flags.out, result.files, flags.force);
    const summary: ExportSummary = {
      format: result.format,
      out: flags.out,
      files: result.files.map((file) => file.path),
      imported:
        result.cloudFormation.resourcesToImport.length -
        (result.excluded.length - result.cloudFormation.excluded.length),
      excluded: result.excluded,
      leftOut: result.leftOut,
      notes: result.cloudFormation.notes,
      warnings: result.cloudFormation.warnings,
    };
    if (!this.jsonEnabled()) this.log(renderExportSummary(summary));
    return summary;
  }

  private async inputFor(flags: {
    desired?: string;
    stack?: string;
    snapshot?: string;
    pipeline?: string[];
    service?: string[];
    tag?: string[];
    region?: string;
    profile?: string;
    'endpoint-url'?: string;
  }): Promise<ExportInput> {
    if (flags.desired) {
      const { state, warnings } = await loadDesiredState(flags.desired);
      for (const warning of warnings) this.logToStderr(formatProblem(warning));
      return exportInputFromDesired(state, flags.desired);
    }
    const scope = scopeFromFlags(flags);
    const live = await readLive(
      flags.snapshot
        ? { kind: 'snapshot', file: flags.snapshot }
        : { kind: 'aws', clients: await this.clientsFor(flags) },
      scope,
      { mustMatch: true },
    );
    if (live.issues.length > 0) {
      throw new UserError(
        'INCOMPLETE_READ',
        `Part of ${live.stack} could not be read, so nothing was exported:\n${live.issues.map((issue) => `  ${issue.operation}: ${issue.code}: ${issue.message}`).join('\n')}`,
        ['Grant the missing read permissions (or wait out the throttling) and run again.'],
      );
    }
    return exportInputFromSnapshot(live, flags.snapshot ?? `stack ${live.stack} (read ${live.capturedAt})`);
  }
}
