import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/doctor/registry.js';
import type { DoctorReport } from '../../src/doctor/report.js';
import { readRepo } from '../../src/doctor/repo/read-repo.js';
import { renderDoctorJson } from '../../src/render/doctor-json.js';
import { renderDoctorMarkdown } from '../../src/render/doctor-markdown.js';
import { renderDoctorSarif } from '../../src/render/doctor-sarif.js';
import { renderDoctorText } from '../../src/render/doctor-text.js';
import { BROKEN_REPO, exampleSnapshot, repoVariant, run } from './support/doctor-fixtures.js';

let report: DoctorReport;
let cleanup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  report = run({ snapshot: await exampleSnapshot(), repo: await readRepo(BROKEN_REPO) });
});
afterAll(async () => {
  await cleanup?.();
});

interface SarifLog {
  version: string;
  $schema: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        rules: Array<{
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
        }>;
      };
    };
    invocations: Array<{
      executionSuccessful: boolean;
      toolExecutionNotifications?: Array<{ level: string; message: { text: string }; descriptor: { id: string } }>;
    }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId: string };
          region?: { startLine: number; startColumn?: number };
        };
        logicalLocations?: Array<{
          name: string;
          fullyQualifiedName: string;
          kind: string;
          properties: { cloudFormationType: string; logicalId: string; physicalId: string; property?: string };
        }>;
      }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
}

/**
 * The parts of SARIF 2.1.0 that GitHub code scanning insists on (it rejects a whole file for one bad result):
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
function expectUploadable(log: SarifLog): void {
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const [runLog] = log.runs;
  const rules = runLog!.tool.driver.rules;
  expect(rules.map((r) => r.id)).toEqual(CHECKS.map((c) => c.code));
  for (const rule of rules) {
    expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    expect(rule.fullDescription.text.length).toBeGreaterThan(0);
  }
  for (const result of runLog!.results) {
    expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(['error', 'warning', 'note']).toContain(result.level);
    expect(result.message.text.length).toBeGreaterThan(0);
    expect(result.locations.length).toBeGreaterThan(0);
    for (const location of result.locations) {
      const uri = location.physicalLocation.artifactLocation.uri;
      expect(uri).toMatch(/^[^/]/);
      expect(uri).not.toMatch(/^[a-z]+:/i);
      expect(location.physicalLocation.region?.startLine).toBeGreaterThanOrEqual(1);
    }
  }
  // GitHub tells alerts apart by this hash alone: two results of one rule sharing it would be one alert.
  const hashes = runLog!.results
    .map((r) => r.partialFingerprints.primaryLocationLineHash)
    .filter((hash) => hash !== undefined);
  expect(new Set(hashes).size).toBe(hashes.length);
}

describe('text', () => {
  it('groups by severity, gives file:line and resources, and ends with the exit code', () => {
    const text = renderDoctorText(report);
    expect(text).toContain('Errors (6)');
    expect(text).toContain('Hardening (2)');
    expect(text).toContain('RC001  appspec.yml:1');
    expect(text).toContain('RC007  nginx/nginx.conf:3:12');
    expect(text).toContain('$ git mv appspec.yml appspec.yaml');
    expect(text).toMatch(/RC021 {2}AWS::CertificateManager::Certificate ExampleComCertificate/);
    expect(text.trimEnd().split('\n').pop()).toBe('6 error(s), 0 warning(s), 2 hardening — exit 2');
    expect(text.indexOf('Errors')).toBeLessThan(text.indexOf('Hardening'));
  });

  it('shows the reclaim.yaml change where reclaim can make the fix', () => {
    const finding = {
      ...report.findings[0]!,
      fix: {
        text: 'Set it.',
        reclaim: { resource: 'DgpECSDeploymentGroup', type: 'AWS::CodeDeploy::DeploymentGroup', path: 'A.B', value: 5 },
      },
    } as DoctorReport['findings'][number];
    expect(renderDoctorText({ ...report, findings: [finding] })).toContain(
      'reclaim.yaml → resources.DgpECSDeploymentGroup.properties.A.B: 5',
    );
  });
});

describe('markdown and json', () => {
  it('renders a table per severity with pipes escaped', () => {
    const markdown = renderDoctorMarkdown(report);
    expect(markdown).toContain('### Errors (6)');
    expect(markdown).toContain('| Code | Where | What, and why | Fix |');
    expect(markdown).toContain('| RC001 | `appspec.yml:1` |');
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| RC'))) {
      // Finding rows have four columns (five unescaped pipes), check rows three (four).
      expect(line.replace(/\\\|/g, '').split('|').length - 1).toBe(line.includes('`') ? 5 : 4);
    }
    expect(markdown).toContain('<summary>Checks</summary>');
  });

  it('round-trips the report as JSON', () => {
    expect(JSON.parse(renderDoctorJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe('SARIF', () => {
  it('puts file findings at their line, and every live finding among the results', () => {
    const log = JSON.parse(renderDoctorSarif(report, { version: '0.1.0' })) as SarifLog;
    expectUploadable(log);
    const [runLog] = log.runs;
    expect(
      runLog!.results.map((r) => [
        r.ruleId,
        r.level,
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.locations[0]!.physicalLocation.region?.startLine,
      ]),
    ).toEqual([
      ['RC001', 'error', 'appspec.yml', 1],
      ['RC005', 'error', 'buildspec.yml', 19],
      ['RC006', 'error', 'docker-compose.yml', 11],
      ['RC007', 'error', 'nginx/nginx.conf', 3],
      ['RC008', 'error', 'taskdef.json', 47],
      ['RC021', 'error', 'reclaim.yaml', 1],
      ['RC015', 'note', 'reclaim.yaml', 1],
      ['RC015', 'note', 'reclaim.yaml', 1],
    ]);
    expect(runLog!.invocations[0]!.toolExecutionNotifications).toBeUndefined();
  });

  it('gives every live finding of the bundled example a result with its logical location', () => {
    const live = report.findings.filter((f) => f.location.kind === 'resource');
    expect(live.length).toBeGreaterThan(0);
    const log = JSON.parse(renderDoctorSarif(report)) as SarifLog;
    expectUploadable(log);
    const results = log.runs[0]!.results.filter((r) => r.locations[0]!.logicalLocations);
    expect(results).toHaveLength(live.length);
    expect(results.map((r) => [r.ruleId, r.locations[0]!.logicalLocations])).toEqual(
      live.map((f) => {
        const at = f.location.kind === 'resource' ? f.location : undefined;
        return [
          f.code,
          [
            {
              name: at!.logicalId,
              fullyQualifiedName: at!.arn ?? at!.physicalId,
              kind: 'resource',
              properties: {
                cloudFormationType: at!.type,
                logicalId: at!.logicalId,
                physicalId: at!.physicalId,
                ...(at!.property ? { property: at!.property } : {}),
              },
            },
          ],
        ];
      }),
    );
    // The ARN where AWS gave one: the certificate's physical id is its ARN, the service's too.
    expect(results.map((r) => r.locations[0]!.logicalLocations![0]!.fullyQualifiedName)).toEqual([
      'arn:aws:acm:us-east-2:123456789012:certificate/8eb3e183-b967-4fd7-a28e-82a46aeacc62',
      'arn:aws:ecs:us-east-2:123456789012:service/bash-dog/bash-dog',
      'arn:aws:ecs:us-east-2:123456789012:service/bash-dog/bash-dog',
    ]);
    expect(results.map((r) => r.locations[0]!.logicalLocations![0]!.properties.cloudFormationType)).toEqual([
      'AWS::CertificateManager::Certificate',
      'AWS::ECS::Service',
      'AWS::ECS::Service',
    ]);
  });

  it("anchors live findings where the repository's reclaim.yaml declares the resource", async () => {
    const made = await repoVariant({
      'reclaim.yaml': [
        'version: 1',
        'stack: bash-dog',
        'resources:',
        '  Service:',
        '    type: AWS::ECS::Service',
        '    properties:',
        '      NetworkConfiguration:',
        '        AwsvpcConfiguration:',
        '          AssignPublicIp: ENABLED',
        '',
      ].join('\n'),
    });
    cleanup = made.cleanup;
    const anchored = run({ snapshot: await exampleSnapshot(), repo: made.repo });
    expect(anchored.findings.map((f) => f.declaredAt)).toEqual([
      { kind: 'file', path: 'reclaim.yaml', line: 9, column: 11 },
      { kind: 'file', path: 'reclaim.yaml', line: 8, column: 9 },
    ]);
    const log = JSON.parse(renderDoctorSarif(anchored)) as SarifLog;
    expectUploadable(log);
    expect(
      log.runs[0]!.results.map((r) => [
        r.ruleId,
        r.level,
        r.locations[0]!.physicalLocation.region!.startLine,
        r.locations[0]!.logicalLocations![0]!.properties.property,
      ]),
    ).toEqual([
      ['RC015', 'note', 9, 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp'],
      ['RC015', 'note', 8, 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups'],
    ]);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toBeUndefined();
  });

  it('anchors a finding about a whole file at its first line', () => {
    const wholeFile: DoctorReport = {
      ...report,
      findings: report.findings.map((f) =>
        f.location.kind === 'file' ? { ...f, location: { kind: 'file', path: f.location.path } } : f,
      ),
    };
    const log = JSON.parse(renderDoctorSarif(wholeFile)) as SarifLog;
    expectUploadable(log);
    expect(log.runs[0]!.results.every((r) => r.locations[0]!.physicalLocation.region?.startLine !== undefined)).toBe(
      true,
    );
  });

  it('reports undecided checks as error notifications', () => {
    const undecided: DoctorReport = {
      ...report,
      checks: report.checks.map((c) =>
        c.code === 'RC011' ? { ...c, status: 'unknown', unknown: ['role X could not be read'] } : c,
      ),
    };
    const log = JSON.parse(renderDoctorSarif(undecided)) as SarifLog;
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toContainEqual({
      level: 'error',
      message: { text: 'RC011 could not decide: role X could not be read' },
      descriptor: { id: 'RC011' },
    });
  });
});
