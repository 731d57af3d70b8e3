import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Teardown from '../../src/commands/teardown.js';
import { discover } from '../../src/discover/discover.js';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import { liveFingerprint } from '../../src/model/fingerprint.js';
import type { DeleteChange } from '../../src/model/plan.js';
import { isOwnership } from '../../src/reconcile/order.js';
import { applyPlan } from '../../src/reconcile/apply.js';
import type { DestroyReport } from '../../src/reconcile/destroy.js';
import { fileJournal } from '../../src/reconcile/journal.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { buildConsoleStack, buildDecoyStack, KNOWN_SECRET_VALUE, type ScenarioFacts } from '../support/scenario.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { recordCodeDeployDeletes, type CodeDeployRecording } from '../reconcile/support/codedeploy-recorded.js';
import { recordCodeStarWithDeletes } from '../reconcile/support/codestar-deletes-recorded.js';

// The emulator lacks CodeStar Connections (recorded reads and DeleteConnection:
// test/reconcile/support/codestar-deletes-recorded.ts) and CodeDeploy's DeleteDeploymentGroup /
// DeleteApplication (test/reconcile/support/codedeploy-recorded.ts). Everything else runs against moto.
let moto: Moto;
let facts: ScenarioFacts;
let decoy: Awaited<ReturnType<typeof buildDecoyStack>>;
let deniedSecrets: FaultProxy;
let codeDeploy: CodeDeployRecording;
let decoyFingerprint: string;
let firstPlan: DestroyReport;
let stateDir: string;
const FAST = { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 1 };
const stops: Array<() => void> = [];

const aws = (endpoint = moto.endpoint) => ['--region', TEST_REGION, '--endpoint-url', endpoint];
const teardown = (...argv: string[]) => runCommand(Teardown, ['--stack', 'bash-dog', ...argv, ...aws()]);
const fingerprintOf = async (stack: string) => liveFingerprint(await discover(moto.clients(), { stack }));

beforeAll(async () => {
  moto = await startMoto();
  const setup = moto.clients();
  facts = await buildConsoleStack(setup, { name: 'bash-dog' });
  decoy = await buildDecoyStack(setup, 'bash-doghouse');
  deniedSecrets = await startFaultProxy(moto.endpoint, { denyOperations: [/^secretsmanager\./] });
  const connection = recordCodeStarWithDeletes(moto.endpoint, [facts.connection!]);
  codeDeploy = recordCodeDeployDeletes(moto.endpoint);
  stops.push(connection.stop, codeDeploy.stop, recordCodeStarConnections(deniedSecrets.endpoint, [facts.connection!]));
  decoyFingerprint = await fingerprintOf('bash-doghouse');
  stateDir = await mkdtemp(join(tmpdir(), 'reclaim-state-'));
  process.env.RECLAIM_STATE_DIR = stateDir;
});

afterAll(async () => {
  for (const stop of stops) stop();
  await deniedSecrets?.stop();
  await moto?.stop();
});

describe('reclaim teardown', () => {
  let before: string;

  it('dry run: lists every resource of the graph in dependency order, changes nothing, and exits 2', async () => {
    const result = await teardown('--confirm', 'bash-dog', '--json');
    expect(result.exitCode, result.stderr).toBe(2);
    firstPlan = JSON.parse(result.stdout) as DestroyReport;
    expect(firstPlan.acted).toBe(false);
    const validate = schemaValidator('plan');
    expect(validate(firstPlan.plan), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
    before = firstPlan.plan.liveFingerprint;

    const planned = (firstPlan.plan.changes as DeleteChange[]).map((change) => `${change.type} ${change.physicalId}`);
    expect([...planned].sort()).toEqual(
      [...facts.live, ...facts.debris].map((r) => `${r.type} ${r.physicalId}`).sort(),
    );
    for (const external of facts.external) expect(planned).not.toContain(`${external.type} ${external.physicalId}`);
    expect(firstPlan.kept).toEqual([]);

    const snapshot = await discover(moto.clients(), { stack: 'bash-dog' });
    const order = firstPlan.plan.changes.map((change) => change.id as string);
    for (const edge of snapshot.edges.filter((e) => !isOwnership(e))) {
      if (order.includes(edge.from) && order.includes(edge.to)) {
        expect(order.indexOf(edge.from), `${edge.from} before ${edge.to}`).toBeLessThan(order.indexOf(edge.to));
      }
    }
    const types = firstPlan.plan.changes.map((change) => change.type);
    expect(types[0]).toBe('AWS::CodePipeline::Pipeline');
    expect(types.slice(-3)).toEqual(Array(3).fill('AWS::CloudFormation::Stack'));
    expect(types.indexOf('AWS::ECS::Service')).toBeLessThan(types.indexOf('AWS::ECS::TaskDefinition'));
    expect(types.lastIndexOf('AWS::ElasticLoadBalancingV2::Listener')).toBeLessThan(
      types.indexOf('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    );

    const text = await teardown('--confirm', 'bash-dog');
    expect(text.exitCode).toBe(2);
    const total = facts.live.length + facts.debris.length;
    expect(text.stdout).toContain(`Teardown of bash-dog in 123456789012 / us-east-2: ${total} changes, 0 left alone`);
    expect(text.stdout).toMatch(/^ 1\. delete AWS::CodePipeline::Pipeline Pipeline {2}bash-dog-pipeline$/m);
    expect(text.stdout).toContain('Dry run: nothing was changed.');

    const keeping = await teardown('--confirm', 'bash-dog', '--keep', 'AWS::ECR::Repository', '--json');
    const keepReport = JSON.parse(keeping.stdout) as DestroyReport;
    // Nothing changed: live reads the same after three dry runs.
    expect(keepReport.plan.liveFingerprint).toBe(before);
    const kept = keepReport.kept;
    expect(kept.map((finding) => [finding.physicalId, finding.kind]).sort()).toEqual(
      Object.values(facts.names.repositories)
        .map((name) => [name, 'kept-type'])
        .sort(),
    );
    expect(text.stdout + text.stderr).not.toContain(KNOWN_SECRET_VALUE);
  });

  it('refuses a --confirm that does not repeat the stack name, before reading anything', async () => {
    const wrong = await teardown('--confirm', 'bash-do', '--yes');
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toMatch(/--confirm "bash-do" does not repeat the stack name "bash-dog": nothing was changed/);
    expect(wrong.stderr).not.toContain('Reading');
    const missing = await teardown('--yes');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/confirm/);
    const badKeep = await teardown('--confirm', 'bash-dog', '--keep', 'AWS::EC2::VPC');
    expect(badKeep.exitCode).toBe(1);
    expect(badKeep.stderr).toMatch(/AWS::EC2::VPC/);
  });

  it('refuses another account than the one asked for, and changes nothing', async () => {
    const wrong = await teardown('--confirm', 'bash-dog', '--yes', '--account', '999999999999');
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toMatch(/act in account 123456789012, not 999999999999: nothing was changed/);
    expect(await fingerprintOf('bash-dog')).toBe(before);
  });

  it('refuses to act on a partial read (one service denied), says what, and changes nothing', async () => {
    const denied = await runCommand(Teardown, [
      '--stack',
      'bash-dog',
      '--confirm',
      'bash-dog',
      '--yes',
      ...aws(deniedSecrets.endpoint),
    ]);
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toMatch(/secretsmanager:\S+.*AccessDeniedException/);
    expect(codeDeploy.calls).toEqual({ deleteApplication: 0, deleteDeploymentGroup: 0 });
    expect(await fingerprintOf('bash-dog')).toBe(before);
  });

  it('a teardown killed half way finishes when run again: nothing in scope remains; the decoy, default VPC, subnets and group do', async () => {
    // Given a run killed after its first 12 changes (pipeline, deployment groups, service, revisions, listener,
    // load balancer): its journal holds the plan, and the bucket, connection and certificate are out of sight.
    const plan = firstPlan.plan;
    await fileJournal(stateDir).save(plan);
    const killed = await applyPlan(moto.clients(), { ...plan, changes: plan.changes.slice(0, 12) }, { wait: FAST });
    expect(killed.map((outcome) => outcome.status)).toEqual(Array(12).fill('done'));
    const halfway = await discover(moto.clients(), { stack: 'bash-dog' });
    const types = new Set(halfway.resources.map((resource) => resource.type));
    for (const hidden of [
      'AWS::S3::Bucket',
      'AWS::CodeStarConnections::Connection',
      'AWS::CertificateManager::Certificate',
    ]) {
      expect(types.has(hidden as never), hidden).toBe(false);
    }

    // When teardown runs again, it finishes.
    const acted = await teardown('--confirm', 'bash-dog', '--yes');
    expect(acted.exitCode, acted.stdout + acted.stderr).toBe(0);
    expect(acted.stderr).toMatch(/Acting as \S+ in account 123456789012, us-east-2\./);
    const total = plan.changes.length;
    expect(acted.stdout).toContain(`${total - 12} done, 12 already gone, 0 failed, 0 not run.`);
    expect(acted.stdout).toMatch(/unfinished by an earlier run/);
    expect(await readdir(stateDir)).toEqual([]);

    const after = await discover(moto.clients(), { stack: 'bash-dog' });
    expect(after.issues).toEqual([]);
    expect(after.resources.filter((resource) => !resource.external).map((r) => `${r.type} ${r.physicalId}`)).toEqual(
      [],
    );
    // The secret is scheduled for deletion (a recovery window), not gone at once.
    const secret = await moto
      .clients()
      .secretsManager.send(new DescribeSecretCommand({ SecretId: facts.names.secretArn }));
    expect(secret.DeletedDate).toBeInstanceOf(Date);

    expect(await fingerprintOf('bash-doghouse')).toBe(decoyFingerprint);
    const ec2 = moto.clients().ec2;
    const n = facts.names;
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [n.vpcId] }))).Vpcs).toHaveLength(1);
    expect((await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...n.subnetIds] }))).Subnets).toHaveLength(2);
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [n.defaultSecurityGroupId] }));
    expect(groups.SecurityGroups?.[0]?.GroupName).toBe('default');
    expect(decoy.names.defaultSecurityGroupId).toBe(n.defaultSecurityGroupId);
  });

  it('a second teardown changes nothing: the name now matches nothing, which it says (exit 1), as for a typo', async () => {
    const again = await teardown('--confirm', 'bash-dog', '--yes', '--json');
    expect(again.exitCode).toBe(1);
    const { error } = JSON.parse(again.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('STACK_NOT_FOUND');
    expect(error.message).toContain('carries the name "bash-dog"');
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('a name that matches nothing still resumes when a journal for it is unfinished', async () => {
    // Given a journal left by a run killed after its last delete, before it could clear it.
    await fileJournal(stateDir).save(firstPlan.plan);
    const resumed = await teardown('--confirm', 'bash-dog', '--yes', '--json');
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as DestroyReport;
    expect(report.outcomes!.length).toBeGreaterThan(0);
    expect(report.outcomes!.every((outcome) => outcome.status === 'already-done')).toBe(true);
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('finishes a plan whose resources are already gone: every change is already done', async () => {
    const outcomes = await applyPlan(moto.clients(), firstPlan.plan, { wait: FAST });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(
      Array(firstPlan.plan.changes.length).fill('already-done'),
    );
  });
});
