import type { ReadIssue } from '../model/snapshot.js';
import type { AppliesTo } from './check.js';
import type { Finding, Severity } from './finding.js';

export const DOCTOR_REPORT_VERSION = 1;

/**
 * What one check concluded.
 * - `pass`: it looked and found nothing.
 * - `fail`: it found something (at any severity).
 * - `unknown`: part of what it needs could not be read; findings it could make are still listed.
 * - `skipped`: it had nothing to look at (its input was not given, or the stack has no such part).
 * - `crashed`: the check itself failed: a bug in reclaim, reported with its message.
 */
export type CheckStatus = 'pass' | 'fail' | 'unknown' | 'skipped' | 'crashed';

export interface CheckResult {
  readonly code: string;
  readonly id: string;
  readonly title: string;
  readonly appliesTo: AppliesTo;
  readonly status: CheckStatus;
  readonly findings: number;
  readonly unknown: readonly string[];
  readonly notes: readonly string[];
  readonly reason?: string;
}

/** Exit codes shared by every reclaim command: 0 clean, 2 errors found, 1 the check could not be completed. */
export type DoctorExitCode = 0 | 1 | 2;

export interface DoctorReport {
  readonly version: typeof DOCTOR_REPORT_VERSION;
  /** The stack checked (from the snapshot), when there was one. */
  readonly stack?: {
    readonly name: string;
    readonly account: string;
    readonly region: string;
    readonly capturedAt: string;
  };
  /** The repository checked, as given. */
  readonly repo?: string;
  readonly findings: readonly Finding[];
  readonly checks: readonly CheckResult[];
  /** What discovery could not read: reported, never guessed at. */
  readonly unreadable: readonly ReadIssue[];
  readonly summary: Readonly<Record<Severity, number>> & {
    readonly unknownChecks: number;
    readonly crashedChecks: number;
  };
  readonly exitCode: DoctorExitCode;
}
