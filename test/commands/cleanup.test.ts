import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeClustersCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Cleanup from '../../src/commands/cleanup.js';
import Drift from '../../src/commands/drift.js';
import Import from '../../src/commands/import.js';
import { discover } from '../../src/discover/discover.js';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import { liveFingerprint } from '../../src/model/fingerprint.js';
import type { DeleteChange } from '../../src/model/plan.js';
import type { DestroyReport } from '../../src/reconcile/destroy.js';
import { expectCompleteDiscovery } from '../discover/expectations.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { buildConsoleStack, buildDecoyStack, KNOWN_SECRET_VALUE, type ScenarioFacts } from '../support/scenario.js';
import { recordCodeDeployDeletes, type CodeDeployRecording } from '../reconcile/support/codedeploy-recorded.js';

// The emulator lacks CodeStar Connections and CodeDeploy's DeleteDeploymentGroup / DeleteApplication:
// those are recorded HTTP (test/support/codestar-recorded.ts, test/reconcile/support/codedeploy-recorded.ts).
// Everything else, the deletes and the change set included, runs against moto.
let moto: Moto;
let facts: ScenarioFacts;
let decoy: Awaited<ReturnType<typeof buildDecoyStack>>;
let deniedEcr: FaultProxy;
let codeDeploy: CodeDeployRecording;
let desiredFile: string;
let decoyFingerprint: string;
let initialFingerprint: string;
const stopRecordings: Array<() => void> = [];

const aws = (endpoint = moto.endpoint) => ['--region', TEST_REGION, '--endpoint-url', endpoint];
const key = (item: { type: string; physicalId: string }) => `${item.type} ${item.physicalId}`;
const cleanupJson = async (...argv: string[]) => {
  const result = await runCommand(Cleanup, ['--stack', 'bash-dog', '--json', ...argv, ...aws()]);
  return { ...result, report: JSON.parse(result.stdout) as DestroyReport };
};
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fingerprintOf = async (stack: string) => liveFingerprint(await discover(moto.clients(), { stack }));

beforeAll(async () => {
  moto = await startMoto();
  const setup = moto.clients();
  facts = await buildConsoleStack(setup, { name: 'bash-dog' });
  decoy = await buildDecoyStack(setup, 'bash-doghouse');
  deniedEcr = await startFaultProxy(moto.endpoint, { denyOperations: [/^AmazonEC2ContainerRegistry_V20150921\./] });
  stopRecordings.push(
    recordCodeStarConnections(moto.endpoint, [facts.connection!]),
    recordCodeStarConnections(deniedEcr.endpoint, [facts.connection!]),
  );
  codeDeploy = recordCodeDeployDeletes(moto.endpoint);
  const dir = await mkdtemp(join(tmpdir(), 'reclaim-cleanup-'));
  desiredFile = join(dir, 'reclaim.yaml');
  process.env.RECLAIM_STATE_DIR = join(dir, 'state');
  const imported = await runCommand(Import, ['--stack', 'bash-dog', '--out', desiredFile, ...aws()]);
  expect(imported.exitCode, imported.stderr).toBe(0);
  [decoyFingerprint, initialFingerprint] = await Promise.all([
    fingerprintOf('bash-doghouse'),
    fingerprintOf('bash-dog'),
  ]);
});

afterAll(async () => {
  codeDeploy?.stop();
  for (const stop of stopRecordings) stop();
  await deniedEcr?.stop();
  await moto?.stop();
});

describe('reclaim cleanup', () => {
  let before: string;

  it('dry run: lists exactly the debris, each with its reason, changes nothing, and exits 2', async () => {
    // By default the revision before the live one stays, for rollback.
    const text = await runCommand(Cleanup, ['--stack', 'bash-dog', ...aws()]);
    expect(text.exitCode).toBe(2);
    const previous = facts.debris.find((item) => item.physicalId.endsWith('task-definition/bash-dog:2'))!;
    for (const item of facts.debris.filter((d) => d !== previous)) {
      expect(text.stdout).toMatch(new RegExp(`\\d+\\. delete ${escape(item.type)} \\S+  ${escape(item.physicalId)}`));
    }
    expect(text.stdout).toMatch(/older than live revision 3/);
    expect(text.stdout).toMatch(/revision 2 of bash-dog, older than live revision 3, kept for rollback/);
    expect(text.stdout).toContain(facts.names.serviceStack);
    expect(text.stdout).toMatch(/owns live .*LoadBalancer.*--detach hands them to reclaim/);
    expect(text.stdout).toContain('Dry run: nothing was changed. Run again with --yes');
    expect(text.stderr).toContain('Reading bash-dog in account 123456789012, us-east-2');
    expect(text.stdout + text.stderr).not.toContain(KNOWN_SECRET_VALUE);

    const all = await cleanupJson('--keep-revisions', '1');
    expect(all.exitCode, all.stderr).toBe(2);
    expect(all.report.acted).toBe(false);
    expect((all.report.plan.changes as DeleteChange[]).map(key).sort()).toEqual(facts.debris.map(key).sort());
    const validate = schemaValidator('plan');
    expect(validate(all.report.plan), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
    // Nothing changed: live reads the same as before the first dry run.
    before = all.report.plan.liveFingerprint;
    expect(before).toBe(initialFingerprint);
  });

  it('refuses to act on a partial read, says what could not be read, and changes nothing', async () => {
    const denied = await runCommand(Cleanup, ['--stack', 'bash-dog', '--yes', ...aws(deniedEcr.endpoint)]);
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toMatch(/could not be read, so nothing was planned or changed/);
    expect(denied.stderr).toMatch(/ecr:\S+.*AccessDeniedException/);
    expect(denied.stdout).toBe('');
    expect(codeDeploy.calls).toEqual({ deleteApplication: 0, deleteDeploymentGroup: 0 });
    expect(await fingerprintOf('bash-dog')).toBe(before);
  });

  it('refuses to act in another account than the one asked for, and changes nothing', async () => {
    const wrong = await cleanupJson('--yes', '--account', '999999999999');
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toMatch(/WRONG_ACCOUNT/);
    expect(await fingerprintOf('bash-dog')).toBe(before);
  });

  it('--yes removes the debris; the live stack still reads completely, drift exits 0, the decoy is untouched', async () => {
    const acted = await runCommand(Cleanup, ['--stack', 'bash-dog', '--yes', '--keep-revisions', '1', ...aws()]);
    expect(acted.exitCode, acted.stdout + acted.stderr).toBe(0);
    expect(acted.stderr).toMatch(/Acting as arn:aws:sts::123456789012:\S+ in account 123456789012, us-east-2\./);
    expect(acted.stdout).toContain(`${facts.debris.length} done, 0 already gone, 0 failed, 0 not run.`);
    expect(codeDeploy.calls).toEqual({ deleteApplication: 1, deleteDeploymentGroup: 1 });

    const after = await discover(moto.clients(), { stack: 'bash-dog' });
    expectCompleteDiscovery(after, { ...facts, debris: [] });
    expect(after.resources.filter((resource) => resource.orphan)).toEqual([]);
    const debrisStack = await moto
      .clients()
      .cloudformation.send(new DescribeStacksCommand({ StackName: facts.names.debrisStack }))
      .catch((error: Error) => error);
    expect(debrisStack).toBeInstanceOf(Error);

    const drift = await runCommand(Drift, ['--desired', desiredFile, ...aws()]);
    expect(drift.exitCode, drift.stdout).toBe(0);
    expect(await fingerprintOf('bash-doghouse')).toBe(decoyFingerprint);
    expect(decoy.names.serviceStack).toBeTruthy();
  });

  it('leaves the console stacks that own the live load balancer and cluster, and says so', async () => {
    const again = await cleanupJson();
    expect(again.exitCode).toBe(0);
    expect(again.report.plan.changes).toEqual([]);
    expect(again.report.kept.map((finding) => [finding.physicalId, finding.kind])).toEqual(
      expect.arrayContaining([
        [facts.names.serviceStack, 'owns-live'],
        [facts.names.clusterStack, 'owns-live'],
      ]),
    );
    const stacks = await moto
      .clients()
      .cloudformation.send(new DescribeStacksCommand({ StackName: facts.names.serviceStack }));
    expect(stacks.Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
  });

  it('--detach --yes deletes those stacks and keeps the load balancer, listener, target groups and cluster', async () => {
    const detached = await cleanupJson('--detach', '--yes');
    expect(detached.exitCode, detached.stdout).toBe(0);
    const changes = detached.report.plan.changes as DeleteChange[];
    expect(changes.map((change) => [change.physicalId, change.detach])).toEqual(
      expect.arrayContaining([
        [facts.names.serviceStack, true],
        [facts.names.clusterStack, true],
      ]),
    );
    expect(changes).toHaveLength(2);
    expect(detached.report.outcomes?.map((outcome) => outcome.status)).toEqual(['done', 'done']);

    const clients = moto.clients();
    for (const stack of [facts.names.serviceStack, facts.names.clusterStack]) {
      await expect(clients.cloudformation.send(new DescribeStacksCommand({ StackName: stack }))).rejects.toThrow(
        /does not exist/,
      );
    }
    const n = facts.names;
    const balancers = await clients.elbv2.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [n.loadBalancerArn] }),
    );
    expect(balancers.LoadBalancers).toHaveLength(1);
    const listeners = await clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [n.listenerArn] }));
    expect(listeners.Listeners).toHaveLength(1);
    const groups = await clients.elbv2.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [n.blueTargetGroupArn, n.greenTargetGroupArn] }),
    );
    expect(groups.TargetGroups).toHaveLength(2);
    const clusters = await clients.ecs.send(new DescribeClustersCommand({ clusters: [n.cluster] }));
    expect(clusters.clusters?.[0]?.status).toBe('ACTIVE');

    // Everything but the two stacks still reads, as live.
    const after = await discover(clients, { stack: 'bash-dog' });
    const gone = new Set([n.serviceStack, n.clusterStack]);
    for (const item of facts.live.filter((resource) => !gone.has(resource.physicalId))) {
      const found = after.resources.find((r) => r.type === item.type && r.physicalId === item.physicalId);
      expect(found, key(item)).toMatchObject({ orphan: false, status: 'read' });
    }
    expect((await cleanupJson('--detach')).exitCode).toBe(0);
  });
});
