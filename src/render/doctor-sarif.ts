import { createHash } from 'node:crypto';
import type { Check } from '../doctor/check.js';
import { describeLocation, type FileLocation, type Finding, type Severity } from '../doctor/finding.js';
import { CHECKS } from '../doctor/registry.js';
import type { DoctorReport } from '../doctor/report.js';

/**
 * SARIF 2.1.0 for GitHub code scanning. Rules come from the check registry.
 * File findings become results at their file and line. GitHub rejects a whole
 * upload when any result lacks a physical location, so a finding about a live
 * resource becomes a result only when the repository's reclaim.yaml declares
 * the resource (it is anchored there); otherwise it is reported as a tool
 * notification of the run, which GitHub shows without rejecting the file.
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', hardening: 'note' };

function rule(check: Check) {
  return {
    id: check.code,
    name: check.id
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(''),
    shortDescription: { text: check.title },
    fullDescription: { text: check.description },
    help: { text: check.description },
    // Each result carries its own level (a check can find errors, warnings and hardening).
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['reclaim', 'aws', check.appliesTo === 'repo' ? 'repository' : 'infrastructure'] },
  };
}

const messageOf = (finding: Finding) =>
  `${finding.what} ${finding.why} Fix: ${finding.fix.text}${finding.location.kind === 'resource' ? ` (${describeLocation(finding.location)})` : ''}`;

function physicalLocation(location: FileLocation) {
  return {
    physicalLocation: {
      artifactLocation: { uri: location.path, uriBaseId: '%SRCROOT%' },
      ...(location.line !== undefined
        ? {
            region: {
              startLine: location.line,
              ...(location.column !== undefined ? { startColumn: location.column } : {}),
            },
          }
        : {}),
    },
  };
}

function fingerprint(finding: Finding): string {
  const key = [finding.code, describeLocation(finding.location), finding.what].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

export function renderDoctorSarif(report: DoctorReport, options: { version?: string } = {}): string {
  const checks = CHECKS;
  const index = new Map(checks.map((check, i) => [check.code, i]));
  const anchored = report.findings.filter((f) => f.location.kind === 'file' || f.declaredAt !== undefined);
  const floating = report.findings.filter((f) => f.location.kind === 'resource' && f.declaredAt === undefined);
  const results = anchored.map((finding) => ({
    ruleId: finding.code,
    ruleIndex: index.get(finding.code) ?? -1,
    level: LEVEL[finding.severity],
    message: { text: messageOf(finding) },
    locations: [physicalLocation(finding.location.kind === 'file' ? finding.location : finding.declaredAt!)],
    partialFingerprints: { 'reclaimFinding/v1': fingerprint(finding) },
    properties: { severity: finding.severity, ...(finding.fix.reclaim ? { reclaimChange: finding.fix.reclaim } : {}) },
  }));
  const notifications = [
    ...floating.map((finding) => ({
      level: LEVEL[finding.severity],
      message: { text: messageOf(finding) },
      descriptor: { id: finding.code },
    })),
    ...report.checks
      .filter((check) => check.status === 'unknown' || check.status === 'crashed')
      .flatMap((check) =>
        (check.status === 'crashed' ? [`crashed: ${check.reason ?? ''}`] : check.unknown).map((reason) => ({
          level: 'error' as const,
          message: { text: `${check.code} could not decide: ${reason}` },
          descriptor: { id: check.code },
        })),
      ),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'reclaim',
            ...(options.version ? { version: options.version } : {}),
            rules: checks.map(rule),
          },
        },
        invocations: [
          {
            executionSuccessful: report.summary.crashedChecks === 0,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
