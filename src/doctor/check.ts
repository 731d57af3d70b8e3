import type { Finding, FindingLocation, Fix, Severity } from './finding.js';
import type { LiveStack } from './live/live-stack.js';
import type { RepoFiles } from './repo/repo-files.js';

/**
 * What a check needs.
 * - `repo`: the application's repository only.
 * - `live`: the live stack; it also reads the repository when one is given.
 * - `both`: runs with either, checking the repository's files on their own and
 *   against the live stack when both are given.
 */
export type AppliesTo = 'repo' | 'live' | 'both';

/** Settings that are not facts of the stack or the repository. */
export interface CheckSettings {
  /** Host names the load balancer serves (besides those nginx.conf declares with `server_name`). */
  readonly hosts: readonly string[];
  /** The branch the pipeline should watch; undefined accepts `main` and `master`. */
  readonly branch?: string;
  /** The moment certificates are checked against. */
  readonly now: Date;
}

export interface CheckInput {
  readonly live?: LiveStack;
  readonly repo?: RepoFiles;
  readonly settings: CheckSettings;
}

/**
 * What one check concluded.
 * - `findings`: what is wrong.
 * - `unknown`: what it could not decide because part of the stack could not be read.
 *   A check with unknowns is `unknown`, and the run exits 1: nothing is guessed.
 * - `notes`: what it did not follow (a `--target $VAR` it cannot resolve, …); informational.
 * - `skipped`: why it had nothing to look at (no pipeline, no appspec.yaml, …).
 */
export interface CheckOutcome {
  readonly findings: readonly Finding[];
  readonly unknown: readonly string[];
  readonly notes: readonly string[];
  readonly skipped?: string;
}

/**
 * One lesson of the guide turned into a check. One module per check under
 * `checks/`, listed in `registry.ts`.
 *
 * Contract: `run` is pure (it reads only its input) and never throws for a
 * problem of the stack or the files: a problem is a finding, and what cannot be
 * read is `unknown`. It is called only with the inputs `appliesTo` asks for.
 * Findings carry the check's `code` and `id`; `collect(check)` stamps them.
 */
export interface Check {
  /** Stable code, `RC001`…: what scripts, suppressions and SARIF rules key on. */
  readonly code: string;
  /** Readable stable id, e.g. `appspec-name`. */
  readonly id: string;
  readonly title: string;
  /** The lesson, in one or two sentences: SARIF's rule help and `--help`. */
  readonly description: string;
  readonly appliesTo: AppliesTo;
  run(input: CheckInput): CheckOutcome;
}

export interface FindingDraft {
  readonly location: FindingLocation;
  readonly what: string;
  readonly why: string;
  readonly fix: Fix;
}

/** Gathers one check's findings, unknowns and notes, stamping each finding with the check's code. */
export class Collector {
  private readonly findings: Finding[] = [];
  private readonly unknowns: string[] = [];
  private readonly notesSeen: string[] = [];
  private skippedBecause: string | undefined;

  constructor(private readonly check: Pick<Check, 'code' | 'id'>) {}

  add(severity: Severity, draft: FindingDraft): void {
    this.findings.push({ code: this.check.code, check: this.check.id, severity, ...draft });
  }
  error(draft: FindingDraft): void {
    this.add('error', draft);
  }
  warning(draft: FindingDraft): void {
    this.add('warning', draft);
  }
  hardening(draft: FindingDraft): void {
    this.add('hardening', draft);
  }
  unknown(reason: string): void {
    if (!this.unknowns.includes(reason)) this.unknowns.push(reason);
  }
  note(text: string): void {
    if (!this.notesSeen.includes(text)) this.notesSeen.push(text);
  }
  skip(reason: string): CheckOutcome {
    this.skippedBecause = reason;
    return this.done();
  }
  done(): CheckOutcome {
    return {
      findings: this.findings,
      unknown: this.unknowns,
      notes: this.notesSeen,
      ...(this.skippedBecause && this.findings.length === 0 ? { skipped: this.skippedBecause } : {}),
    };
  }
}

export const collect = (check: Pick<Check, 'code' | 'id'>): Collector => new Collector(check);
