import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import Drift from '../../src/commands/drift.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { discover } from '../../src/discover/discover.js';
import type { DriftReport } from '../../src/model/drift.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import type { FaultProxy } from '../support/fault-proxy.js';
import { runCommand } from '../support/run-command.js';
import { DEFAULT_SECRET_VALUES } from '../support/scenario.js';

// Every IAM role read answers AccessDenied (IAM speaks the Query protocol: the proxy matches its Action).
const DENY_IAM_ROLE_READS = {
  denyOperations: [/^(GetRole|ListRoles|ListRolePolicies|GetRolePolicy|ListAttachedRolePolicies|ListRoleTags)$/],
};

let stack: EmulatedStack;
let deniedIam: FaultProxy;
let desiredFile: string;

beforeAll(async () => {
  stack = await startEmulatedStack();
  deniedIam = await stack.proxy(DENY_IAM_ROLE_READS);
  desiredFile = join(stack.dir, 'reclaim.yaml');
  const imported = desiredFromSnapshot(await discover(stack.moto.clients(), { stack: 'bash-dog' }));
  await writeFile(desiredFile, renderDesiredState(imported), 'utf8');
});

afterAll(async () => {
  await stack?.stop();
});

it('with IAM reads denied, the roles are unknown and nothing that names a role is modified', async () => {
  const result = await runCommand(Drift, [
    '--desired',
    desiredFile,
    '--format',
    'json',
    ...stack.awsFlags(deniedIam.endpoint),
  ]);
  expect(result.exitCode, result.stderr).toBe(1);
  expect(deniedIam.counts.denied).toBeGreaterThan(0);
  const report = JSON.parse(result.stdout) as DriftReport;
  const roles = report.drifts.filter((drift) => drift.type === 'AWS::IAM::Role');
  expect(roles.length).toBeGreaterThan(0);
  expect(roles.every((drift) => drift.kind === 'unknown')).toBe(true);
  // Unknown is not drift: the references to the roles compare by identity, so nothing else changed.
  expect(
    report.drifts.filter((drift) => drift.kind === 'modified').map((d) => [d.id, d.path, d.desired, d.actual]),
  ).toEqual([]);
  expect(report.summary.missing).toBe(0);
  for (const value of Object.values(DEFAULT_SECRET_VALUES)) expect(result.stdout + result.stderr).not.toContain(value);
});
