import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Apply from '../../src/commands/apply.js';
import Teardown from '../../src/commands/teardown.js';
import type { AwsClients } from '../../src/aws/clients.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { discover } from '../../src/discover/discover.js';
import { roleNameFrom } from '../../src/discover/kinds/iam-role.js';
import type { DestroyReport } from '../../src/reconcile/destroy.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';
import { KNOWN_SECRET_VALUE, type ScenarioFacts } from '../support/scenario.js';
import { recordCodeDeployDeletes } from './support/codedeploy-recorded.js';

// Section 6 of issue 9: a change that failed half way is reported as partial, with what was done.
// Everything runs against moto behind a fault proxy that denies one operation; CodeStar Connections
// (reads) and CodeDeploy's DeleteDeploymentGroup / DeleteApplication are recorded HTTP (the emulator lacks them).
let stack: EmulatedStack;
let aws: AwsClients;
let facts: ScenarioFacts;
let desiredFile: string;
const stops: Array<() => void> = [];

beforeAll(async () => {
  stack = await startEmulatedStack();
  facts = stack.facts;
  aws = stack.moto.clients();
  desiredFile = join(stack.dir, 'reclaim.yaml');
  await writeFile(desiredFile, renderDesiredState(desiredFromSnapshot(await discover(aws, { stack: 'bash-dog' }))));
  process.env.RECLAIM_STATE_DIR = await mkdtemp(join(tmpdir(), 'reclaim-state-'));
});

afterAll(async () => {
  for (const stop of stops) stop();
  await stack?.stop();
});

describe('a change that fails half way is reported as partial, with what was done', () => {
  it('security group: the declared rule authorized again, then the revoke of the hand-made one denied', async () => {
    const groupId = facts.names.serviceSecurityGroupId;
    const declared = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })))
      .SecurityGroups![0]!.IpPermissions!;
    // Given: by hand, the declared rule revoked and another one added.
    await aws.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: declared }));
    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
      }),
    );

    // When apply runs with RevokeSecurityGroupIngress denied.
    const denying = await stack.proxy({ denyOperations: [/^RevokeSecurityGroupIngress$/] });
    const result = await runCommand(Apply, ['--desired', desiredFile, '--yes', ...stack.awsFlags(denying.endpoint)]);

    // Then the change is partial: the authorize is named as done, the revoke as what failed.
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/PARTIAL\s+update AWS::EC2::SecurityGroup/);
    expect(result.stdout).toMatch(/done: AuthorizeSecurityGroupIngress tcp 80 from sg-/);
    expect(result.stdout).toMatch(/AccessDenied.*RevokeSecurityGroupIngress/);
    expect(result.stdout).toMatch(/0 done, 0 already gone, 1 partial, 0 failed/);
    expect(result.stdout).not.toMatch(/FAILED/);

    const json = await runCommand(Apply, [
      '--desired',
      desiredFile,
      '--yes',
      '--json',
      ...stack.awsFlags(denying.endpoint),
    ]);
    const { outcomes } = JSON.parse(json.stdout) as { outcomes: Array<{ status: string; steps?: string[] }> };
    // The declared rule is back, so the second run has only the revoke left: nothing done before it fails.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed']);

    const after = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups![0]!;
    const ports = after.IpPermissions!.map((permission) => permission.FromPort).sort();
    expect(ports).toEqual([80, 8080]);

    // Allowed, the run converges.
    const applied = await runCommand(Apply, ['--desired', desiredFile, '--yes', ...stack.awsFlags()]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
  });

  it('teardown: a role whose policies were detached before DeleteRole was denied', async () => {
    const denying = await stack.proxy({ denyOperations: [/^DeleteRole$/] });
    stops.push(recordCodeDeployDeletes(denying.endpoint).stop);
    const result = await runCommand(Teardown, [
      '--stack',
      'bash-dog',
      '--confirm',
      'bash-dog',
      '--yes',
      '--json',
      ...stack.awsFlags(denying.endpoint),
    ]);
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as DestroyReport;
    const partial = report.outcomes!.find((outcome) => outcome.status === 'partial') as
      { id: string; steps: string[]; error: string } | undefined;
    expect(partial, JSON.stringify(report.outcomes)).toBeDefined();
    const change = report.plan.changes.find((entry) => entry.id === partial!.id)!;
    expect(change.type).toBe('AWS::IAM::Role');
    expect(partial!.steps.length).toBeGreaterThan(0);
    for (const step of partial!.steps) expect(step).toMatch(/^(DetachRolePolicy|DeleteRolePolicy) /);
    expect(partial!.error).toMatch(/deleting AWS::IAM::Role .*AccessDenied/);
    expect(report.outcomes!.some((outcome) => outcome.status === 'failed')).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(KNOWN_SECRET_VALUE);

    // The role is still there, without its policies: exactly what the report says.
    const roleName = roleNameFrom('physicalId' in change ? change.physicalId : '');
    await aws.iam.send(new GetRoleCommand({ RoleName: roleName }));
    const managed = await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
    const inline = await aws.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
    expect([...(managed.AttachedPolicies ?? []), ...(inline.PolicyNames ?? [])]).toEqual([]);

    // The text report says so too.
    const text = await runCommand(Teardown, [
      '--stack',
      'bash-dog',
      '--confirm',
      'bash-dog',
      '--yes',
      ...stack.awsFlags(denying.endpoint),
    ]);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/(PARTIAL|FAILED)\s+delete AWS::IAM::Role/);
  });
});
