import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import Drift from '../src/commands/drift.js';
import { desiredFromSnapshot } from '../src/desired/from-snapshot.js';
import { loadDesiredState } from '../src/desired/load.js';
import type { DesiredState } from '../src/desired/types.js';
import { renderDesiredState } from '../src/desired/write.js';
import { describeSchemaErrors, schemaValidator } from '../src/io/schemas.js';
import { readSnapshot } from '../src/io/snapshot-file.js';
import { taskDefinitionFamily } from '../src/model/identity.js';
import type { DriftReport } from '../src/model/drift.js';
import type { Snapshot } from '../src/model/snapshot.js';
import { HAND_CHANGES } from './support/hand-changes.js';
import { runCommand } from './support/run-command.js';
import { consoleNames } from './support/scenario/naming.js';
import { DEFAULT_SECRET_VALUES, KNOWN_SECRET_VALUE } from './support/scenario.js';

/**
 * The bundled example (`npm run fixtures` captures it from the emulator): the
 * file reclaim imported, the stack as imported, and the stack after a few
 * changes by hand and a completed blue/green deployment.
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures');
// The README's commands, from the repository root.
const DESIRED = join(ROOT, 'fixtures/bash-dog/reclaim.yaml');
const LIVE = join(ROOT, 'fixtures/bash-dog/live.json');
const DRIFTED = join(ROOT, 'fixtures/bash-dog/drifted.json');
const names = consoleNames('bash-dog', 'us-east-2');

let desired: DesiredState;
let live: Snapshot;
let drifted: Snapshot;
beforeAll(async () => {
  desired = (await loadDesiredState(DESIRED)).state;
  live = await readSnapshot(LIVE);
  drifted = await readSnapshot(DRIFTED);
});

/** The declared logical id of the resource of `type` whose `key` property is `value`. */
const byPathOf = (report: DriftReport, path: string) => report.drifts.find((drift) => drift.path === path);

function declaredId(type: string, key: string, value: string): string {
  const found = Object.entries(desired.resources).filter(
    ([, resource]) => resource.type === type && resource.properties[key] === value,
  );
  expect(found).toHaveLength(1);
  return found[0]![0];
}

describe('fixtures/bash-dog', () => {
  it('holds the file reclaim import writes for live.json (rerun `npm run fixtures` after changing import)', async () => {
    const text = await readFile(DESIRED, 'utf8');
    expect(text).toBe(renderDesiredState(desiredFromSnapshot(live), { generatedAt: live.capturedAt }));
  });

  it('drifts clean against the stack it was imported from (exit 0)', async () => {
    const result = await runCommand(Drift, ['--desired', DESIRED, '--snapshot', LIVE]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('In sync: live matches the declared state.');
  });

  it('has a completed blue/green deployment in drifted.json, which is not drift', () => {
    const listener = (snapshot: Snapshot) =>
      snapshot.resources.find((resource) => resource.type === 'AWS::ElasticLoadBalancingV2::Listener')!;
    const forwardedTo = (snapshot: Snapshot) =>
      (listener(snapshot).properties.DefaultActions as Array<{ TargetGroupArn: string }>)[0]!.TargetGroupArn;
    const targetGroupName = (snapshot: Snapshot, arn: string) =>
      snapshot.resources.find((resource) => resource.physicalId === arn)!.properties.Name;
    expect(targetGroupName(live, forwardedTo(live))).toBe(names.blueTargetGroup);
    expect(targetGroupName(drifted, forwardedTo(drifted))).toBe(names.greenTargetGroup);

    const serviceTaskDefinition = (snapshot: Snapshot) =>
      String(snapshot.resources.find((resource) => resource.type === 'AWS::ECS::Service')!.properties.TaskDefinition);
    expect(serviceTaskDefinition(drifted)).not.toBe(serviceTaskDefinition(live));
    expect(taskDefinitionFamily(serviceTaskDefinition(drifted))).toBe(
      taskDefinitionFamily(serviceTaskDefinition(live)),
    );
  });

  it('reports exactly the changes made by hand in drifted.json (exit 2)', async () => {
    const result = await runCommand(Drift, ['--desired', DESIRED, '--snapshot', DRIFTED, '--format', 'json']);
    expect(result.exitCode).toBe(2);
    const report = JSON.parse(result.stdout) as DriftReport;
    const validate = schemaValidator('drift-report');
    expect(validate(report), describeSchemaErrors(validate.errors).join('\n')).toBe(true);

    const canary = drifted.resources.find(
      (resource) => resource.properties.Name === HAND_CHANGES.targetGroupName('bash-dog'),
    )!;
    expect(report.drifts.map(({ kind, id, path }) => ({ kind, id, path }))).toEqual(
      [
        { kind: 'unmanaged', id: canary.id, path: '' },
        {
          kind: 'modified',
          id: declaredId('AWS::Logs::LogGroup', 'LogGroupName', names.taskLogGroup),
          path: 'RetentionInDays',
        },
        {
          kind: 'modified',
          id: declaredId('AWS::IAM::Role', 'RoleName', names.executionRole),
          path: `Policies[${HAND_CHANGES.inlinePolicyName}]`,
        },
        {
          kind: 'modified',
          id: declaredId('AWS::EC2::SecurityGroup', 'GroupName', names.serviceSecurityGroup),
          path: 'SecurityGroupIngress',
        },
        // Cloudflare, by hand: the configuration rule's SSL set to Flexible (scripts/capture-fixtures.ts).
        {
          kind: 'modified',
          id: declaredId('Cloudflare::Rulesets::ConfigRule', 'Phase', 'http_config_settings'),
          path: 'ActionParameters.Ssl',
        },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(report.summary).toEqual({ missing: 0, modified: 4, unmanaged: 1, unknown: 0, ignored: 0 });
    expect(byPathOf(report, 'ActionParameters.Ssl')).toMatchObject({ desired: 'strict', actual: 'flexible' });

    const byPath = new Map(report.drifts.map((drift) => [drift.path, drift]));
    expect(byPath.get('RetentionInDays')).toMatchObject({ desired: 30, actual: HAND_CHANGES.retentionInDays });
    expect(byPath.get(`Policies[${HAND_CHANGES.inlinePolicyName}]`)?.desired).toBeUndefined();
    const ingress = byPath.get('SecurityGroupIngress')!;
    const { port, cidr } = HAND_CHANGES.ingress;
    expect(ingress.actual).toEqual(
      expect.arrayContaining([{ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: cidr }]),
    );
    expect((ingress.actual as unknown[]).length).toBe((ingress.desired as unknown[]).length + 1);
  });

  it('prints the same report as text, one line per property, with the one-line summary last', async () => {
    const result = await runCommand(Drift, ['--desired', DESIRED, '--snapshot', DRIFTED]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain(`RetentionInDays: 30 → ${HAND_CHANGES.retentionInDays}`);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('Drift: 4 modified, 0 missing, 1 unmanaged, 0 unknown.');
  });

  it('contains no secret value anywhere under fixtures/', async () => {
    const files = (await readdir(FIXTURES, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    expect(files).toEqual(expect.arrayContaining([DESIRED, LIVE, DRIFTED]));
    const secrets = [KNOWN_SECRET_VALUE, ...Object.values(DEFAULT_SECRET_VALUES)];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${file} contains a secret value`).toBe(false);
      expect(text.includes('PRIVATE KEY'), `${file} contains a private key`).toBe(false);
    }
    // The secret is there, declared by its keys.
    expect(await readFile(DESIRED, 'utf8')).toMatch(/SecretKeys:\n\s+- API_TOKEN\n\s+- DB_PASSWORD\n/);
  });
});
