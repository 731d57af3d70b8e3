import type { Snapshot } from '../model/snapshot.js';
import type { Check, CheckInput, CheckOutcome } from './check.js';
import { describeLocation, SEVERITIES, type Finding, type Severity } from './finding.js';
import type { LiveFacts } from './live/live-facts.js';
import { LiveStack } from './live/live-stack.js';
import { CHECKS } from './registry.js';
import { DOCTOR_REPORT_VERSION, type CheckResult, type DoctorExitCode, type DoctorReport } from './report.js';
import type { RepoFiles } from './repo/repo-files.js';

export interface RunDoctorInput {
  /** The live stack, as discovery read it (or as saved with `discover --out`). */
  readonly snapshot?: Snapshot;
  /** Facts beside the snapshot (`readLiveFacts`); absent for a saved snapshot checked offline. */
  readonly facts?: LiveFacts;
  readonly repo?: RepoFiles;
  /** How the repository was named on the command line, for the report. */
  readonly repoLabel?: string;
  /** Host names the load balancer serves, besides nginx.conf's `server_name`s. */
  readonly hosts?: readonly string[];
  /** The branch the pipeline should watch (default: main or master). */
  readonly branch?: string;
  readonly now?: Date;
  /** The checks to run; every registered one by default. */
  readonly checks?: readonly Check[];
}

function applicable(check: Check, input: CheckInput): string | undefined {
  if (check.appliesTo === 'repo' && !input.repo) return 'needs --repo';
  if (check.appliesTo === 'live' && !input.live) return 'needs the live stack (--stack or --snapshot)';
  if (check.appliesTo === 'both' && !input.repo && !input.live) return 'needs --repo or the live stack';
  return undefined;
}

function resultOf(check: Check, outcome: CheckOutcome): CheckResult {
  const status =
    outcome.unknown.length > 0
      ? 'unknown'
      : outcome.findings.length > 0
        ? 'fail'
        : outcome.skipped !== undefined
          ? 'skipped'
          : 'pass';
  return {
    code: check.code,
    id: check.id,
    title: check.title,
    appliesTo: check.appliesTo,
    status,
    findings: outcome.findings.length,
    unknown: outcome.unknown,
    notes: outcome.notes,
    ...(status === 'skipped' && outcome.skipped ? { reason: outcome.skipped } : {}),
  };
}

/** Where reclaim.yaml declares a finding's resource (its property, when declared): SARIF's anchor for live findings. */
function withDeclaration(finding: Finding, repo: RepoFiles | undefined): Finding {
  const file = repo?.reclaimYaml;
  if (finding.location.kind !== 'resource' || !file?.parsed.ok) return finding;
  const base = ['resources', finding.location.logicalId];
  const property = finding.location.property?.split('.') ?? [];
  for (let depth = property.length; depth >= 0; depth -= 1) {
    const path = depth > 0 ? [...base, 'properties', ...property.slice(0, depth)] : base;
    const position = file.parsed.positionOf(path, { key: true });
    if (position)
      return {
        ...finding,
        declaredAt: { kind: 'file', path: file.path, line: position.line, column: position.column },
      };
  }
  return finding;
}

const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

/**
 * Runs every check that its inputs allow and gathers one report. Pure: it reads
 * only its input (the AWS reads happen before, in discovery and `readLiveFacts`).
 * A check that throws is reported as `crashed` instead of stopping the others.
 */
export function runDoctor(input: RunDoctorInput): DoctorReport {
  const live = input.snapshot ? new LiveStack(input.snapshot, input.facts) : undefined;
  const checkInput: CheckInput = {
    ...(live ? { live } : {}),
    ...(input.repo ? { repo: input.repo } : {}),
    settings: {
      hosts: input.hosts ?? [],
      ...(input.branch ? { branch: input.branch } : {}),
      now: input.now ?? new Date(),
    },
  };
  const findings: Finding[] = [];
  const checks: CheckResult[] = [];
  for (const check of input.checks ?? CHECKS) {
    const missing = applicable(check, checkInput);
    if (missing) {
      checks.push(resultOf(check, { findings: [], unknown: [], notes: [], skipped: missing }));
      continue;
    }
    try {
      const outcome = check.run(checkInput);
      findings.push(...outcome.findings.map((finding) => withDeclaration(finding, input.repo)));
      checks.push(resultOf(check, outcome));
    } catch (error) {
      checks.push({
        ...resultOf(check, { findings: [], unknown: [], notes: [] }),
        status: 'crashed',
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.code.localeCompare(b.code) ||
      describeLocation(a.location).localeCompare(describeLocation(b.location), undefined, { numeric: true }),
  );
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const unknownChecks = checks.filter((c) => c.status === 'unknown').length;
  const crashedChecks = checks.filter((c) => c.status === 'crashed').length;
  const unreadable = [...(input.snapshot?.issues ?? []), ...(input.facts?.issues ?? [])];
  const exitCode: DoctorExitCode =
    unknownChecks > 0 || crashedChecks > 0 || unreadable.length > 0 ? 1 : count('error') > 0 ? 2 : 0;
  return {
    version: DOCTOR_REPORT_VERSION,
    ...(input.snapshot
      ? {
          stack: {
            name: input.snapshot.stack,
            account: input.snapshot.account,
            region: input.snapshot.region,
            capturedAt: input.snapshot.capturedAt,
          },
        }
      : {}),
    ...(input.repoLabel !== undefined ? { repo: input.repoLabel } : {}),
    findings,
    checks,
    unreadable,
    summary: {
      error: count('error'),
      warning: count('warning'),
      hardening: count('hardening'),
      unknownChecks,
      crashedChecks,
    },
    exitCode,
  };
}
