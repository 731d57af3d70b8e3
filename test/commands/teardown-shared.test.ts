import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Drift from '../../src/commands/drift.js';
import Import from '../../src/commands/import.js';
import Teardown from '../../src/commands/teardown.js';
import { discover } from '../../src/discover/discover.js';
import { liveFingerprint } from '../../src/model/fingerprint.js';
import type { DeleteChange } from '../../src/model/plan.js';
import type { DestroyReport } from '../../src/reconcile/destroy.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { buildConsoleStack, KNOWN_SECRET_VALUE, type ScenarioFacts } from '../support/scenario.js';
import { recordCodeDeployDeletes } from '../reconcile/support/codedeploy-recorded.js';
import { recordCodeStarWithDeletes } from '../reconcile/support/codestar-deletes-recorded.js';

// Two console-built stacks, kennel and beagle, where beagle's live task definition runs with kennel's
// execution role, reads kennel's secret and logs to kennel's log group: teardown of kennel must keep
// all three and say beagle uses them. The emulator lacks CodeStar Connections and CodeDeploy's deletes:
// those are recorded HTTP (test/reconcile/support/codestar-deletes-recorded.ts, codedeploy-recorded.ts).
let moto: Moto;
let kennel: ScenarioFacts;
let beagle: ScenarioFacts;
let beagleRevision: string;
let beagleFile: string;
let beagleFingerprint: string;
let kennelFingerprint: string;
let denied: FaultProxy;
const stops: Array<() => unknown> = [];

const aws = (endpoint = moto.endpoint) => ['--region', TEST_REGION, '--endpoint-url', endpoint];
const teardown = (endpoint: string, ...argv: string[]) =>
  runCommand(Teardown, ['--stack', 'kennel', '--confirm', 'kennel', ...argv, ...aws(endpoint)]);
const fingerprintOf = async (stack: string) => liveFingerprint(await discover(moto.clients(), { stack }));

/** Beagle's next revision: the same containers, with kennel's execution role, secret and log group. */
async function borrowFromKennel(clients: ReturnType<Moto['clients']>): Promise<string> {
  const { taskDefinition: live } = await clients.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: beagle.names.taskDefinitionArn }),
  );
  const k = kennel.names;
  const registered = await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: live!.family!,
      requiresCompatibilities: live!.requiresCompatibilities,
      networkMode: live!.networkMode,
      cpu: live!.cpu,
      memory: live!.memory,
      executionRoleArn: k.executionRoleArn,
      taskRoleArn: live!.taskRoleArn,
      containerDefinitions: live!.containerDefinitions!.map((container) => ({
        ...container,
        secrets: container.secrets?.map((secret) => ({
          name: secret.name,
          valueFrom: `${k.secretArn}:${secret.name}::`,
        })),
        logConfiguration: {
          ...container.logConfiguration!,
          options: { ...container.logConfiguration!.options, 'awslogs-group': k.taskLogGroup },
        },
      })),
    }),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  await clients.ecs.send(
    new UpdateServiceCommand({ cluster: beagle.names.cluster, service: beagle.names.service, taskDefinition: arn }),
  );
  return arn;
}

beforeAll(async () => {
  moto = await startMoto();
  const setup = moto.clients();
  kennel = await buildConsoleStack(setup, { name: 'kennel', withDebris: false });
  beagle = await buildConsoleStack(setup, { name: 'beagle', withDebris: false });
  beagleRevision = await borrowFromKennel(setup);
  const connections = [kennel.connection!, beagle.connection!];
  const codestar = recordCodeStarWithDeletes(moto.endpoint, connections);
  denied = await startFaultProxy(moto.endpoint, {
    denyOperations: [/\/functions\/?(\?|$)/, /^ListInstanceProfiles$/],
  });
  stops.push(codestar.stop, recordCodeDeployDeletes(moto.endpoint).stop);
  stops.push(recordCodeStarConnections(denied.endpoint, connections), () => denied.stop());
  process.env.RECLAIM_STATE_DIR = await mkdtemp(join(tmpdir(), 'reclaim-state-'));

  beagleFile = join(await mkdtemp(join(tmpdir(), 'reclaim-beagle-')), 'reclaim.yaml');
  const imported = await runCommand(Import, ['--stack', 'beagle', '--out', beagleFile, ...aws()]);
  expect(imported.exitCode, imported.stderr).toBe(0);
  beagleFingerprint = await fingerprintOf('beagle');
  kennelFingerprint = await fingerprintOf('kennel');
}, 120_000);

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await moto?.stop();
});

describe('teardown of a stack whose role, secret and log group another stack uses', () => {
  const label = () => `task definition ${beagleRevision.slice(beagleRevision.lastIndexOf('/') + 1)}`;

  it('dry run: leaves the three alone and says beagle uses each, by which task definition and property', async () => {
    const result = await teardown(moto.endpoint);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stdout).toContain(`used by beagle (${label()}, ExecutionRoleArn)`);
    expect(result.stdout).toContain(`used by beagle (${label()}, ContainerDefinitions.1.Secrets.0.ValueFrom`);
    expect(result.stdout).toContain(
      `used by beagle (${label()}, ContainerDefinitions.0.LogConfiguration.Options.awslogs-group`,
    );
    expect(result.stdout + result.stderr).not.toContain(KNOWN_SECRET_VALUE);
  });

  it('refuses when what could use them cannot be read (instance profiles, Lambda functions): exit 1, nothing changed', async () => {
    const result = await teardown(denied.endpoint, '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('iam:ListInstanceProfiles');
    expect(result.stderr).toContain('lambda:ListFunctions');
    expect(await fingerprintOf('kennel')).toBe(kennelFingerprint);
  });

  it('--yes deletes everything else, keeps the three, exits 0; beagle stays in sync', async () => {
    const result = await teardown(moto.endpoint, '--yes', '--json');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as DestroyReport;
    const k = kennel.names;
    const kept = Object.fromEntries(report.kept.map((finding) => [finding.physicalId, finding]));
    for (const shared of [k.executionRole, k.secretArn, k.taskLogGroup]) {
      expect(kept[shared]?.kind, shared).toBe('used-outside');
      expect(kept[shared]?.why, shared).toMatch(new RegExp(`^used by beagle \\(${label()}, `));
    }
    expect(kept[k.executionRole]?.usedBy).toEqual([
      { type: 'AWS::ECS::TaskDefinition', physicalId: beagleRevision, via: ['ExecutionRoleArn'], stack: 'beagle' },
    ]);
    const deleted = (report.plan.changes as DeleteChange[]).map((change) => change.physicalId);
    for (const shared of [k.executionRole, k.secretArn, k.taskLogGroup]) expect(deleted).not.toContain(shared);
    expect(deleted).toContain(k.taskRole);
    expect(report.outcomes!.every((outcome) => outcome.status === 'done')).toBe(true);

    const clients = moto.clients();
    await clients.iam.send(new GetRoleCommand({ RoleName: k.executionRole }));
    const secret = await clients.secretsManager.send(new DescribeSecretCommand({ SecretId: k.secretArn }));
    expect(secret.DeletedDate).toBeUndefined();
    const groups = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: k.taskLogGroup }));
    expect(groups.logGroups?.map((group) => group.logGroupName)).toContain(k.taskLogGroup);

    expect(await fingerprintOf('beagle')).toBe(beagleFingerprint);
    const drift = await runCommand(Drift, ['--desired', beagleFile, ...aws()]);
    expect(drift.exitCode, drift.stdout + drift.stderr).toBe(0);
  });
});
