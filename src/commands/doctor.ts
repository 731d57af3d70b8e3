import { writeFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { assertOutWritable } from '../cli/out-file.js';
import { terminalStyle } from '../cli/style.js';
import { checkStackAndSnapshot } from '../doctor/doctor.js';
import type { DoctorReport } from '../doctor/report.js';
import { renderDoctorHtml } from '../render/doctor-html.js';
import { renderDoctorJson } from '../render/doctor-json.js';
import { renderDoctorMarkdown } from '../render/doctor-markdown.js';
import { renderDoctorSarif } from '../render/doctor-sarif.js';
import { renderDoctorText } from '../render/doctor-text.js';

export default class Doctor extends BaseCommand {
  static override summary =
    'Check a hand-built blue/green stack and its repository against the guide’s hard-won lessons.';
  static override description = `Runs 30 checks (RC001–RC030) on the live stack (discovered with --stack, or a snapshot saved with \`reclaim discover --out\`) and on the application repository (--repo): magic file names, taskdef.json and appspec.yaml against the service, Dockerfile stages, ports and localhost, secret references, ECR, CodeBuild, IAM roles, the source connection, networking, the listener and certificate, the termination wait, stray deployment groups and lingering stacks, the Cloudflare front door (RC022–RC025) and ECS-native blue/green (RC026–RC030). Each finding has a stable code, a severity (error: the pipeline or service will fail; warning: works but fragile or slow; hardening: postponed security or cost debt), the resource or file:line, why, and the exact fix — with the reclaim.yaml change where reclaim can make it. Read-only.

Exit codes: 0 no errors; 2 errors found; 1 the check itself failed or part of the stack could not be read (reported, never guessed).`;

  static override examples = [
    {
      description: 'Check the live stack and the repository in the current directory',
      command: '<%= config.bin %> doctor --stack bash-dog --repo . --region us-east-2',
    },
    {
      description: 'Check the bundled example offline (no AWS access)',
      command:
        '<%= config.bin %> doctor --snapshot fixtures/example-repo-live/bash-dog.json --repo fixtures/example-repo',
    },
    { description: 'Check only the repository files', command: '<%= config.bin %> doctor --repo .' },
    {
      description: 'SARIF for GitHub code scanning',
      command: '<%= config.bin %> doctor --stack bash-dog --repo . --format sarif --out doctor.sarif',
    },
    {
      description: 'Markdown for a CI job summary, with the host names Cloudflare serves',
      command: '<%= config.bin %> doctor --stack bash-dog --repo . --host bash-dog.example.com --format markdown',
    },
  ];

  static override flags = {
    stack: Flags.string({ description: 'Discover this stack live and check it.', exclusive: ['snapshot'] }),
    snapshot: Flags.string({
      description: 'Check a snapshot saved with `reclaim discover --out` (offline).',
      exclusive: ['stack'],
    }),
    repo: Flags.string({
      description: 'The application repository (where taskdef.json, appspec.yaml and buildspec.yml live).',
    }),
    format: Flags.string({
      description: 'Report format.',
      options: ['text', 'json', 'markdown', 'sarif', 'html'],
      default: 'text',
    }),
    out: Flags.string({ description: 'Write the report to this file instead of stdout.' }),
    host: Flags.string({
      description:
        'A host name the load balancer serves, checked against the certificate (repeatable; nginx server_name is read too).',
      multiple: true,
    }),
    branch: Flags.string({ description: 'The branch the pipeline should watch (default: main or master).' }),
    concurrency: Flags.integer({ description: 'Concurrent AWS calls at most.', default: 10, min: 1, max: 64 }),
  };

  async run(): Promise<DoctorReport> {
    const { flags } = await this.parse(Doctor);
    await assertOutWritable(flags.out);
    const { report, snapshot } = await checkStackAndSnapshot(
      {
        ...(flags.stack ? { stack: flags.stack } : {}),
        ...(flags.snapshot ? { snapshotFile: flags.snapshot } : {}),
        ...(flags.repo ? { repo: flags.repo } : {}),
        ...(flags.host ? { hosts: flags.host } : {}),
        ...(flags.branch ? { branch: flags.branch } : {}),
        concurrency: flags.concurrency,
        onProgress: (event) => {
          if (event.phase === 'discover' && event.event.phase === 'identity')
            this.progress(`Reading ${flags.stack} in account ${event.event.account}, ${event.event.region}…`);
        },
      },
      flags.stack ? await this.clientsFor(flags) : undefined,
    );
    process.exitCode = report.exitCode;
    if (this.jsonEnabled()) return report;
    const rendered =
      flags.format === 'json'
        ? renderDoctorJson(report)
        : flags.format === 'markdown'
          ? renderDoctorMarkdown(report)
          : flags.format === 'sarif'
            ? renderDoctorSarif(report, { version: this.config.version })
            : flags.format === 'html'
              ? await renderDoctorHtml(report, snapshot)
              : `${renderDoctorText(report, flags.out ? undefined : terminalStyle())}\n`;
    if (flags.out) {
      await writeFile(flags.out, rendered, 'utf8');
      this.progress(`Wrote ${flags.out}`);
      this.progress(renderDoctorText(report).split('\n').slice(-1)[0]!);
    } else {
      process.stdout.write(rendered);
    }
    return report;
  }
}
