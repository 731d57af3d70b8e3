import { PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Drift from '../../src/commands/drift.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { discover } from '../../src/discover/discover.js';
import { writeSnapshot } from '../../src/io/snapshot-file.js';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import type { DriftReport } from '../../src/model/drift.js';
import { positionIn } from '../support/bash-dog-fixture.js';
import { DENY_ECR, startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import type { FaultProxy } from '../support/fault-proxy.js';
import type { Moto } from '../support/moto.js';
import { runCommand, type CommandResult } from '../support/run-command.js';
import { DEFAULT_SECRET_VALUES, type ScenarioFacts } from '../support/scenario.js';

// `reclaim drift` in-process against the emulator. CodeStar Connections is recorded HTTP: the emulator lacks the service.
let stack: EmulatedStack;
let moto: Moto;
let facts: ScenarioFacts;
let deniedEcr: FaultProxy;
let dir: string;
/** The file `reclaim import` would write for the stack as built. */
let imported: string;
let desiredFile: string;
const outputs: string[] = [];

beforeAll(async () => {
  stack = await startEmulatedStack();
  ({ moto, facts, dir } = stack);
  deniedEcr = await stack.proxy(DENY_ECR);
  imported = renderDesiredState(desiredFromSnapshot(await discover(moto.clients(), { stack: 'bash-dog' })));
  desiredFile = join(dir, 'reclaim.yaml');
  await writeFile(desiredFile, imported, 'utf8');
});

afterAll(async () => {
  await stack?.stop();
});

const aws = (endpoint?: string) => stack.awsFlags(endpoint);
async function drift(...argv: string[]): Promise<CommandResult> {
  const result = await runCommand(Drift, argv);
  outputs.push(result.stdout, result.stderr);
  return result;
}
function expectValidReport(text: string): DriftReport {
  const report = JSON.parse(text) as DriftReport;
  const validate = schemaValidator('drift-report');
  expect(validate(report), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
  return report;
}
async function fileWith(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text, 'utf8');
  return file;
}

describe('reclaim drift, live in sync', () => {
  it('exits 0 and says so in one line', async () => {
    const result = await drift('--desired', desiredFile, ...aws());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Drift of bash-dog in 123456789012 / us-east-2');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('In sync: live matches the declared state.');
    expect(result.stdout).not.toContain('\u001b['); // not a terminal: no colour
  });

  it('prints a report that matches the schema with --format json', async () => {
    const result = await drift('--desired', desiredFile, '--format', 'json', ...aws());
    expect(result.exitCode).toBe(0);
    const report = expectValidReport(result.stdout);
    expect(report).toMatchObject({ inSync: true, drifts: [], stack: 'bash-dog' });
  });

  it('compares against a saved snapshot without AWS', async () => {
    const snapshot = join(dir, 'live.json');
    await writeSnapshot(snapshot, await discover(moto.clients(), { stack: 'bash-dog' }));
    const result = await drift('--desired', desiredFile, '--snapshot', snapshot);
    expect(result.exitCode).toBe(0);
  });
});

describe('reclaim drift after a change by hand', () => {
  beforeAll(async () => {
    await moto
      .clients()
      .logs.send(new PutRetentionPolicyCommand({ logGroupName: facts.names.taskLogGroup, retentionInDays: 90 }));
  });

  it('exits 2 and shows the property with both values', async () => {
    const result = await drift('--desired', desiredFile, ...aws());
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('~ EcsLogGroup AWS::Logs::LogGroup  /ecs/bash-dog\n    RetentionInDays: 30 → 90');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('Drift: 1 modified, 0 missing, 0 unmanaged, 0 unknown.');
  });

  it('gives the drift as JSON that matches the schema', async () => {
    const result = await drift('--desired', desiredFile, '--format', 'json', ...aws());
    expect(result.exitCode).toBe(2);
    const report = expectValidReport(result.stdout);
    expect(report.drifts).toEqual([
      {
        kind: 'modified',
        id: 'EcsLogGroup',
        type: 'AWS::Logs::LogGroup',
        physicalId: '/ecs/bash-dog',
        path: 'RetentionInDays',
        desired: 30,
        actual: 90,
      },
    ]);
  });

  it('gives the drift as a Markdown table for a job summary', async () => {
    const result = await drift('--desired', desiredFile, '--format', 'markdown', ...aws());
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/^## ⚠️ reclaim drift: `bash-dog` \(123456789012 \/ us-east-2\)/);
    expect(result.stdout).toContain(
      '| modified | `EcsLogGroup` | AWS::Logs::LogGroup | `RetentionInDays` | `30` | `90` |',
    );
  });

  it('writes the report to --out and keeps stdout empty', async () => {
    const out = join(dir, 'drift.json');
    const result = await drift('--desired', desiredFile, '--format', 'json', '--out', out, ...aws());
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Drift: 1 modified, 0 missing, 0 unmanaged, 0 unknown.');
    expect(expectValidReport(await readFile(out, 'utf8')).summary.modified).toBe(1);

    const markdown = join(dir, 'drift.md');
    expect((await drift('--desired', desiredFile, '--format', 'markdown', '--out', markdown, ...aws())).exitCode).toBe(
      2,
    );
    expect(await readFile(markdown, 'utf8')).toContain('`RetentionInDays`');
  });

  it('exits 0 again when the file is brought in line with live', async () => {
    const file = await fileWith('accepted.yaml', imported.replace('RetentionInDays: 30', 'RetentionInDays: 90'));
    expect((await drift('--desired', file, ...aws())).exitCode).toBe(0);
  });

  it('hides the change under a rule in force, and warns on stderr, with file:line, when the rule has expired', async () => {
    const rule = (expires: string) =>
      imported.replace(
        'ignore: []',
        `ignore:\n  - id: EcsLogGroup\n    path: RetentionInDays\n    reason: retention under review\n    expires: ${expires}`,
      );
    const inForce = await drift('--desired', await fileWith('in-force.yaml', rule('2999-01-01')), ...aws());
    expect(inForce.exitCode).toBe(0);
    expect(inForce.stdout).toContain('In sync: live matches the declared state, 1 ignored.');
    expect(inForce.stderr).not.toContain('warning');

    const text = rule('2020-01-01');
    const file = await fileWith('expired.yaml', text);
    const expired = await drift('--desired', file, ...aws());
    const { line, column } = positionIn(text, '2020-01-01');
    expect(expired.exitCode).toBe(2);
    expect(expired.stderr).toContain(
      `${file}:${line}:${column}: warning: ignore rule 1 ("retention under review") expired on 2020-01-01; the drift it hid is reported again`,
    );
    expect(expired.stdout).toContain('(ignore rule 1 ("retention under review") expired on 2020-01-01)');
  });
});

describe('reclaim drift when the check itself fails', () => {
  it('exits 1 on a denied read, and still prints the report with the unknowns', async () => {
    const result = await drift('--desired', desiredFile, '--format', 'json', ...aws(deniedEcr.endpoint));
    expect(result.exitCode).toBe(1);
    const report = expectValidReport(result.stdout);
    // Every repository is unknown (and the listing that failed has its own entry); the change made by hand
    // above still shows; nothing is concluded missing or modified on the strength of a failed read.
    expect(report.drifts.map((entry) => `${entry.kind} ${entry.type} ${entry.id}`)).toEqual([
      'unknown AWS::ECR::Repository ',
      'unknown AWS::ECR::Repository ApiRepository',
      'modified AWS::Logs::LogGroup EcsLogGroup',
      'unknown AWS::ECR::Repository NginxRepository',
      'unknown AWS::ECR::Repository SidecarRepository',
    ]);
    const unknown = report.drifts.filter((entry) => entry.kind === 'unknown');
    expect(unknown.every((entry) => entry.note?.includes('AccessDeniedException'))).toBe(true);
    expect(report.summary).toMatchObject({ unknown: 4, modified: 1, missing: 0 });

    const text = await drift('--desired', desiredFile, ...aws(deniedEcr.endpoint));
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(
      /\? ApiRepository AWS::ECR::Repository {2}bash-dog-api\n {4}could not be read: ecr:\w+: AccessDeniedException/,
    );
  });

  it('exits 1 and lists every problem of a malformed file with file:line:col, reading nothing', async () => {
    const broken = imported
      .replace('RetentionInDays: 30', 'RetentionInDays: thirty')
      .replace('ServiceRole: !GetAtt CodebuildBuildProjectServiceRole.Arn', 'ServiceRole: !GetAtt CodebuildRole.Arn');
    const file = await fileWith('broken.yaml', broken);
    const result = await drift('--desired', file, ...aws());
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    const retention = positionIn(broken, 'thirty');
    const role = positionIn(broken, 'CodebuildRole.Arn');
    expect(result.stderr).toContain(`Error: ${file} has 2 problems:`);
    expect(result.stderr).toContain(
      `${file}:${role.line}:${role.column}: error: BuildProject refers to "CodebuildRole", which is not declared under resources`,
    );
    expect(result.stderr).toContain(
      `${file}:${retention.line}:${retention.column}: error: EcsLogGroup (AWS::Logs::LogGroup): expected an integer, got the string "thirty"\n    fix: write an integer here`,
    );
    expect(result.stderr).toContain('Try this:');
  });

  it('exits 1 when the file is missing, and says how to write one', async () => {
    const result = await drift('--desired', join(dir, 'absent.yaml'), ...aws());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('reclaim import --stack NAME');
  });

  it('exits 1 when the snapshot is of another account', async () => {
    const snapshot = join(dir, 'other-account.json');
    const live = await discover(moto.clients(), { stack: 'bash-dog' });
    await writeSnapshot(snapshot, { ...live, account: '210987654321' });
    const result = await drift('--desired', desiredFile, '--snapshot', snapshot, '--json');
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('WRONG_ACCOUNT');
  });
});

describe('secrets', () => {
  it('never prints a secret value, whatever the format or outcome', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const value of Object.values(DEFAULT_SECRET_VALUES)) {
      for (const output of outputs) expect(output).not.toContain(value);
    }
  });
});
