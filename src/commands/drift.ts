import { writeFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { assertOutWritable } from '../cli/out-file.js';
import { terminalStyle } from '../cli/style.js';
import { formatProblem } from '../desired/problems.js';
import { loadDesiredState } from '../desired/load.js';
import { compareWithHistory } from '../history/drift-history.js';
import { readHistory, saveRun } from '../history/history-dir.js';
import type { DriftReport } from '../model/drift.js';
import { computeDrift } from '../reconcile/diff/drift.js';
import { readLiveFor } from '../reconcile/read-live.js';
import { renderDriftHtml } from '../render/drift-html.js';
import { renderDriftMarkdown } from '../render/drift-markdown.js';
import { renderDriftText } from '../render/drift-text.js';

export default class Drift extends BaseCommand {
  static override summary = 'Report every difference between live and the declared state.';
  static override description = `Reads the stack (or a saved snapshot) and compares it with the desired-state file, property by property. Reports what is missing, modified, unmanaged (in scope but not declared) and unknown (could not be read). Blue/green aware: which target group of the pair is live, which task definition revision runs, and which image tag it runs are CodeDeploy's, never drift.

Exit codes: 0 in sync; 2 drift found; 1 error or incomplete read (the report is still written, with the unknowns).`;

  static override examples = [
    { description: 'Nightly check in CI', command: '<%= config.bin %> drift --desired reclaim.yaml' },
    {
      description: 'A job summary on GitHub Actions',
      command: '<%= config.bin %> drift --desired reclaim.yaml --format markdown >> "$GITHUB_STEP_SUMMARY"',
    },
    {
      description: 'A page with the stack drawn and the drift on it',
      command: '<%= config.bin %> drift --desired reclaim.yaml --format html --out drift.html',
    },
    {
      description: 'Nightly, keeping the history: what is new since the last run',
      command: '<%= config.bin %> drift --desired reclaim.yaml --history .reclaim/drift-history --format markdown',
    },
    {
      description: 'Offline, against a saved snapshot',
      command:
        '<%= config.bin %> drift --desired fixtures/bash-dog/reclaim.yaml --snapshot fixtures/bash-dog/drifted.json',
    },
  ];

  static override flags = {
    desired: Flags.string({ description: 'The desired-state file.', default: 'reclaim.yaml' }),
    snapshot: Flags.string({ description: 'Compare against this saved snapshot instead of reading AWS.' }),
    format: Flags.string({
      description: 'Report format.',
      options: ['text', 'json', 'markdown', 'html'],
      default: 'text',
    }),
    out: Flags.string({ description: 'Write the report to this file instead of stdout.' }),
    history: Flags.string({
      description:
        'Keep each run’s report (JSON, named by time) in this directory, and mark each drift as new, still there (since when), or fixed since the last run.',
    }),
  };

  async run(): Promise<DriftReport> {
    const { flags } = await this.parse(Drift);
    await assertOutWritable(flags.out);
    const { state, warnings } = await loadDesiredState(flags.desired);
    for (const warning of warnings) this.logToStderr(formatProblem(warning));
    const live = await readLiveFor(
      state,
      flags.snapshot
        ? { kind: 'snapshot', file: flags.snapshot }
        : { kind: 'aws', clients: await this.clientsFor({ ...flags, region: flags.region ?? state.region }) },
    );
    const report = computeDrift(state, live);
    const history = flags.history ? compareWithHistory(report, await readHistory(flags.history)) : undefined;
    if (flags.history) await saveRun(flags.history, new Date(), report);

    const format = this.jsonEnabled() ? 'json' : flags.format;
    const text =
      format === 'json'
        ? JSON.stringify(report, null, 2)
        : format === 'markdown'
          ? renderDriftMarkdown(report, history)
          : format === 'html'
            ? await renderDriftHtml(report, live, history ? { history } : {})
            : renderDriftText(report, flags.out ? undefined : terminalStyle(), history);
    if (flags.out) {
      await writeFile(flags.out, `${text}\n`, 'utf8');
      this.progress(renderDriftText(report).split('\n').at(-1)!);
    } else if (!this.jsonEnabled()) {
      this.log(text);
    }
    process.exitCode = report.summary.unknown > 0 || live.issues.length > 0 ? 1 : report.inSync ? 0 : 2;
    return report;
  }
}
