import { createHash } from 'node:crypto';
import type { Check } from '../doctor/check.js';
import {
  describeLocation,
  type FileLocation,
  type Finding,
  type ResourceLocation,
  type Severity,
} from '../doctor/finding.js';
import { CHECKS } from '../doctor/registry.js';
import type { DoctorReport } from '../doctor/report.js';

/**
 * SARIF 2.1.0 for GitHub code scanning. Rules come from the check registry.
 * Every finding is a result: a file finding at its file and line, a finding
 * about a live resource at the resource itself.
 *
 * A live resource is not in any file, and SARIF's way to name it is a logical
 * location (SARIF 2.1.0 §3.33: `fullyQualifiedName`, `kind` "resource"). But
 * GitHub marks `location.physicalLocation`, with `artifactLocation.uri` and
 * `region.startLine`, as required for every result, and uses only the first
 * location to decide which file to annotate
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning,
 * "result object", "location object", "physicalLocation object"). So a live
 * finding carries both: the logical location (ARN, or the physical id when AWS
 * gives no ARN, with the CloudFormation type and logical id), and a physical
 * anchor in the desired file, `reclaim.yaml`: the line that declares the
 * resource (or its property) when the repository's file does, else line 1 of
 * the file. That page allows an artifact "either in the repository or
 * generated during a build", so the anchor stands even before the file is
 * committed.
 *
 * GitHub tells results apart by `partialFingerprints.primaryLocationLineHash`
 * (the same page: "code scanning only uses the primaryLocationLineHash"), which
 * the upload action otherwise computes from the anchored line's text. Every
 * live finding without a declaration shares line 1, so it would share that
 * hash and collapse into one alert; a live finding's hash is therefore made
 * here from the rule, the resource and the finding, which also keeps the alert
 * the same when reclaim.yaml is edited around it.
 */

/** The desired-state file, at the repository root, where import writes it and doctor reads it. */
export const DESIRED_FILE = 'reclaim.yaml';

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

/** GitHub requires `region.startLine` on every result: a finding about a whole file points at its first line. */
function physicalLocation(location: FileLocation) {
  return {
    physicalLocation: {
      artifactLocation: { uri: location.path, uriBaseId: '%SRCROOT%' },
      region: {
        startLine: location.line ?? 1,
        ...(location.column !== undefined ? { startColumn: location.column } : {}),
      },
    },
  };
}

function logicalLocation(location: ResourceLocation) {
  return {
    logicalLocations: [
      {
        name: location.logicalId,
        fullyQualifiedName: location.arn ?? location.physicalId,
        kind: 'resource',
        properties: {
          cloudFormationType: location.type,
          logicalId: location.logicalId,
          physicalId: location.physicalId,
          ...(location.property ? { property: location.property } : {}),
        },
      },
    ],
  };
}

/** Where a finding is: its file, or a live resource's logical location anchored in the desired file. */
function locationOf(finding: Finding) {
  if (finding.location.kind === 'file') return physicalLocation(finding.location);
  const anchor = finding.declaredAt ?? { kind: 'file', path: DESIRED_FILE, line: 1 };
  return { ...physicalLocation(anchor), ...logicalLocation(finding.location) };
}

const digest = (finding: Finding) =>
  createHash('sha256')
    .update([finding.code, describeLocation(finding.location), finding.what].join('\u0000'))
    .digest('hex');

function fingerprints(finding: Finding): Record<string, string> {
  const hash = digest(finding);
  return {
    'reclaimFinding/v1': hash.slice(0, 32),
    // The form GitHub's own hashes take: 16 hex digits, then `:` and the occurrence.
    ...(finding.location.kind === 'resource' ? { primaryLocationLineHash: `${hash.slice(0, 16)}:1` } : {}),
  };
}

export function renderDoctorSarif(report: DoctorReport, options: { version?: string } = {}): string {
  const checks = CHECKS;
  const index = new Map(checks.map((check, i) => [check.code, i]));
  const results = report.findings.map((finding) => ({
    ruleId: finding.code,
    ruleIndex: index.get(finding.code) ?? -1,
    level: LEVEL[finding.severity],
    message: { text: messageOf(finding) },
    locations: [locationOf(finding)],
    partialFingerprints: fingerprints(finding),
    properties: { severity: finding.severity, ...(finding.fix.reclaim ? { reclaimChange: finding.fix.reclaim } : {}) },
  }));
  const notifications = report.checks
    .filter((check) => check.status === 'unknown' || check.status === 'crashed')
    .flatMap((check) =>
      (check.status === 'crashed' ? [`crashed: ${check.reason ?? ''}`] : check.unknown).map((reason) => ({
        level: 'error' as const,
        message: { text: `${check.code} could not decide: ${reason}` },
        descriptor: { id: check.code },
      })),
    );
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
