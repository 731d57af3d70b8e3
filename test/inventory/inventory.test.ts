import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ContainerDefinition,
} from '@aws-sdk/client-ecs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Drift from '../../src/commands/drift.js';
import Import from '../../src/commands/import.js';
import { discover } from '../../src/discover/discover.js';
import { readAccountView } from '../../src/inventory/account-view.js';
import { groupStacks } from '../../src/inventory/group-stacks.js';
import { readInventory } from '../../src/inventory/inventory.js';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import type { Inventory } from '../../src/model/inventory.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startMoto, TEST_REGION, type Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { buildConsoleStack, DEFAULT_SECRET_VALUES, type ScenarioFacts } from '../support/scenario.js';

// An account of a dozen console-built stacks under unrelated names, in the emulator. CodeStar Connections is
// recorded HTTP (test/support/codestar-recorded.ts): the emulator lacks the service.
const NAMES = [
  'kennel',
  'beagle',
  'orca',
  'tundra',
  'maple',
  'quartz',
  'nimbus',
  'pepper',
  'falcon',
  'harbor',
  'cobalt',
  'saffron',
];
/** A role nothing uses and no stack's name is in. */
const LONELY_ROLE = 'lonely-automation-role';

let moto: Moto;
const facts = new Map<string, ScenarioFacts>();
let inventory: Inventory;
let stopRecording: () => void;

/**
 * Makes beagle's running task definition use kennel's execution role, secret and log group, as a
 * hand-built account does when a second app copies the first one's settings.
 */
async function shareKennelWithBeagle(kennel: ScenarioFacts, beagle: ScenarioFacts): Promise<string> {
  const clients = moto.clients();
  const { taskDefinition } = await clients.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: beagle.names.taskDefinitionArn }),
  );
  const containers: ContainerDefinition[] = taskDefinition!.containerDefinitions!.map((container) => ({
    ...container,
    ...(container.secrets
      ? {
          secrets: container.secrets.map((secret) => ({
            name: secret.name!,
            valueFrom: `${kennel.names.secretArn}:${secret.name}::`,
          })),
        }
      : {}),
    ...(container.logConfiguration
      ? {
          logConfiguration: {
            ...container.logConfiguration,
            options: { ...container.logConfiguration.options, 'awslogs-group': kennel.names.taskLogGroup },
          },
        }
      : {}),
  }));
  const registered = await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: taskDefinition!.family!,
      containerDefinitions: containers,
      executionRoleArn: kennel.names.executionRoleArn,
      taskRoleArn: taskDefinition!.taskRoleArn,
      networkMode: taskDefinition!.networkMode,
      requiresCompatibilities: taskDefinition!.requiresCompatibilities,
      cpu: taskDefinition!.cpu,
      memory: taskDefinition!.memory,
    }),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  await clients.ecs.send(
    new UpdateServiceCommand({ cluster: beagle.names.cluster, service: beagle.names.service, taskDefinition: arn }),
  );
  return arn;
}

let beagleRevision: string;

beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  // Given a dozen stacks, built a few at a time (moto serves one request at a time); one with debris.
  for (let start = 0; start < NAMES.length; start += 4) {
    await Promise.all(
      NAMES.slice(start, start + 4).map(async (name) =>
        facts.set(name, await buildConsoleStack(clients, { name, withDebris: name === 'orca' })),
      ),
    );
  }
  beagleRevision = await shareKennelWithBeagle(facts.get('kennel')!, facts.get('beagle')!);
  await clients.iam.send(
    new CreateRoleCommand({
      RoleName: LONELY_ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  stopRecording = recordCodeStarConnections(
    moto.endpoint,
    [...facts.values()].map((stack) => stack.connection!),
  );
  // When the account is inventoried.
  inventory = await readInventory(moto.clients());
}, 300_000);

afterAll(async () => {
  stopRecording?.();
  await moto?.stop();
});

describe('readInventory', () => {
  it('names every stack as reclaim names it, and reads the account completely', () => {
    expect(inventory.issues).toEqual([]);
    expect(inventory.stacks.map((stack) => stack.name)).toEqual([...NAMES].sort());
    const kennel = inventory.stacks.find((stack) => stack.name === 'kennel')!;
    expect(kennel.reclaim).toBe('reclaim import --stack kennel --region us-east-2');
    expect(kennel.roots).toEqual([
      { type: 'AWS::CodePipeline::Pipeline', physicalId: 'kennel-pipeline' },
      { type: 'AWS::ECS::Cluster', physicalId: 'kennel' },
      { type: 'AWS::ECS::Service', physicalId: facts.get('kennel')!.names.serviceArn },
    ]);
    expect(kennel.cloudFormationStacks).toEqual(
      [facts.get('kennel')!.names.clusterStack, facts.get('kennel')!.names.serviceStack].sort(),
    );
    expect(kennel.orphan).toBe(0);
    const orca = inventory.stacks.find((stack) => stack.name === 'orca')!;
    expect(orca.orphan).toBe(facts.get('orca')!.debris.length);
  });

  it('holds in each stack exactly what `discover --stack NAME` finds', async () => {
    const view = await readAccountView(moto.clients());
    const grouping = groupStacks(view, view.listings);
    for (const stack of inventory.stacks) {
      const snapshot = await discover(moto.clients(), { stack: stack.name });
      const members = grouping.stacks.find((candidate) => candidate.name === stack.name)!;
      const held = [...members.kept].map((key) => view.resources.get(key)!.physicalId);
      expect(held.sort(), stack.name).toEqual(snapshot.resources.map((resource) => resource.physicalId).sort());
      const counts: Record<string, number> = {};
      for (const resource of snapshot.resources) counts[resource.type] = (counts[resource.type] ?? 0) + 1;
      expect(stack.resourceCounts, stack.name).toEqual(Object.fromEntries(Object.entries(counts).sort()));
      expect(stack.orphan, stack.name).toBe(snapshot.resources.filter((resource) => resource.orphan).length);
      const expected = facts.get(stack.name)!;
      const found = new Set(snapshot.resources.map((resource) => resource.physicalId));
      for (const resource of [...expected.live, ...expected.debris])
        expect(found, stack.name).toContain(resource.physicalId);
    }
  }, 120_000);

  it('reports what kennel and beagle share, with both users and the property', () => {
    const kennel = facts.get('kennel')!.names;
    const shared = new Map(inventory.shared.map((resource) => [resource.physicalId, resource]));
    for (const id of [kennel.executionRole, kennel.secretArn, kennel.taskLogGroup]) {
      const stacks = new Set(shared.get(id)?.usedBy.map((use) => use.stack));
      expect([...stacks].sort(), id).toEqual(['beagle', 'kennel']);
    }
    const beagleUse = shared.get(kennel.executionRole)!.usedBy.find((use) => use.stack === 'beagle')!;
    expect(beagleUse).toEqual({
      stack: 'beagle',
      by: `task definition ${beagleRevision.slice(beagleRevision.lastIndexOf('/') + 1)}`,
      via: 'ExecutionRoleArn',
    });
    expect(shared.get(kennel.secretArn)!.usedBy.find((use) => use.stack === 'beagle')!.via).toMatch(
      /^ContainerDefinitions\.\d+\.Secrets\.\d+\.ValueFrom$/,
    );
    // Nothing else is shared: the stacks are otherwise apart.
    expect(inventory.shared.map((resource) => resource.physicalId).sort()).toEqual(
      [kennel.executionRole, kennel.secretArn, kennel.taskLogGroup].sort(),
    );
  });

  it('reports the role no stack uses as unowned, and nothing of a stack', () => {
    expect(inventory.unowned).toContainEqual({
      type: 'AWS::IAM::Role',
      physicalId: LONELY_ROLE,
      account: '123456789012',
      region: 'us-east-2',
      why: 'no user found',
    });
    const ofStacks = new Set([...facts.values()].flatMap((stack) => stack.live.map((resource) => resource.physicalId)));
    for (const resource of inventory.unowned) expect(ofStacks).not.toContain(resource.physicalId);
  });

  it('lists each type once, not once per stack', () => {
    const calls = inventory.stats.callsByOperation;
    expect(calls['ecs:ListClusters']).toBe(1);
    expect(calls['iam:ListRoles']).toBe(1);
    expect(calls['ecs:ListServices']).toBe(NAMES.length);
  });

  it('imports every stack it names from the saved inventory, and each drifts clean (exit 0)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reclaim-inventory-'));
    try {
      const file = join(dir, 'inv.json');
      await writeFile(file, JSON.stringify(inventory));
      const aws = ['--region', TEST_REGION, '--endpoint-url', moto.endpoint];
      for (const stack of inventory.stacks) {
        const out = join(dir, `${stack.name}.yaml`);
        const imported = await runCommand(Import, ['--stack', stack.name, '--inventory', file, '--out', out, ...aws]);
        expect(imported.exitCode, imported.stderr).toBe(0);
        const drift = await runCommand(Drift, ['--desired', out, ...aws]);
        expect(drift.exitCode, `${stack.name}: ${drift.stdout}`).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('matches the checked-in schema, and carries no secret value', () => {
    const validate = schemaValidator('inventory');
    expect(validate(inventory), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
    const text = JSON.stringify(inventory);
    for (const value of Object.values(DEFAULT_SECRET_VALUES)) expect(text).not.toContain(value);
  });
});
