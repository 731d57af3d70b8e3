import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Discover from '../../src/commands/discover.js';
import InventoryCommand from '../../src/commands/inventory/index.js';
import { discover } from '../../src/discover/discover.js';
import { listingsFromInventory } from '../../src/inventory/reuse.js';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import type { Inventory } from '../../src/model/inventory.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { buildConsoleStack, DEFAULT_SECRET_VALUES, type ScenarioFacts } from '../support/scenario.js';

// `reclaim inventory`, and discover reusing its listings, in-process against the emulator.
// CodeStar Connections is recorded HTTP (test/support/codestar-recorded.ts): the emulator lacks the service.
const NAMES = ['kennel', 'beagle', 'orca', 'tundra'];

let moto: Moto;
let dir: string;
let file: string;
let inventory: Inventory;
const facts = new Map<string, ScenarioFacts>();
const outputs: string[] = [];
let stopRecording: () => void;

const aws = () => ['--region', TEST_REGION, '--endpoint-url', moto.endpoint];
async function run(command: Parameters<typeof runCommand>[0], ...argv: string[]) {
  const result = await runCommand(command, argv);
  outputs.push(result.stdout, result.stderr);
  return result;
}

/** Operations that only list an account (each handler's `list`, and ecs:ListServices). */
const LIST_ONLY = [
  'codepipeline:ListPipelines',
  'ecs:ListClusters',
  'ecs:ListServices',
  'ecs:ListTaskDefinitions',
  'iam:ListRoles',
  'secretsmanager:ListSecrets',
  's3:ListBuckets',
  'codebuild:ListProjects',
  'codedeploy:ListApplications',
];
/**
 * Operations that list when called without ids and read when called with them.
 * A fresh listing describes every resource whole, so discovery then reads
 * none of them again: one call. The recorded listing holds names only, so the
 * resources are read by id instead, and the listing is not made.
 */
const LIST_OR_READ = [
  'cloudformation:DescribeStacks',
  'ecr:DescribeRepositories',
  'logs:DescribeLogGroups',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTargetGroups',
  'ec2:DescribeSecurityGroups',
];

beforeAll(async () => {
  moto = await startMoto();
  dir = await mkdtemp(join(tmpdir(), 'reclaim-inventory-'));
  file = join(dir, 'inv.json');
  await Promise.all(
    NAMES.map(async (name) =>
      facts.set(name, await buildConsoleStack(moto.clients(), { name, withDebris: name === 'orca' })),
    ),
  );
  stopRecording = recordCodeStarConnections(
    moto.endpoint,
    [...facts.values()].map((stack) => stack.connection!),
  );
}, 120_000);

afterAll(async () => {
  stopRecording?.();
  await moto?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('reclaim inventory', () => {
  it('prints a table of the stacks, then the commands that reclaim them (exit 0)', async () => {
    const result = await run(InventoryCommand, ...aws());
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Inventory of 123456789012 in us-east-2: 4 stacks, 0 shared, 0 unowned');
    expect(lines[2]).toMatch(/^STACK\s+REGION\s+ROOTS\s+RESOURCES\s+LIVE\s+ORPHAN\s+UNKNOWN$/);
    expect(result.stdout).toMatch(/^kennel\s+us-east-2\s+pipeline kennel-pipeline, cluster kennel, 1 service\s+\d+/m);
    for (const name of NAMES) expect(result.stdout).toContain(`  reclaim import --stack ${name} --region us-east-2`);
  });

  it('writes JSON that matches the schema, and Markdown for a job summary', async () => {
    const result = await run(InventoryCommand, ...aws(), '--format', 'json', '--out', file);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    inventory = JSON.parse(await readFile(file, 'utf8')) as Inventory;
    const validate = schemaValidator('inventory');
    expect(validate(inventory), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
    expect(inventory.stacks.map((stack) => stack.name)).toEqual([...NAMES].sort());

    const markdown = await run(InventoryCommand, ...aws(), '--format', 'markdown');
    expect(markdown.stdout).toContain('| stack | region | roots | resources | live | orphan | unknown | reclaim |');
    expect(markdown.stdout).toContain('| `reclaim import --stack orca --region us-east-2` |');
  });

  it('exits 1 when part of the account cannot be read, and says what', async () => {
    // A proxy that refuses every role listing, with the connection recorded there too.
    const proxy = await startFaultProxy(moto.endpoint, { denyOperations: [/ListRoles/] });
    const stop = recordCodeStarConnections(
      proxy.endpoint,
      [...facts.values()].map((stack) => stack.connection!),
    );
    try {
      const result = await run(InventoryCommand, '--region', TEST_REGION, '--endpoint-url', proxy.endpoint);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain('1 problem(s) reading the account — the picture is incomplete:');
      expect(result.stdout).toContain('123456789012/us-east-2 list AWS::IAM::Role: AccessDeniedException');
    } finally {
      stop();
      await proxy.stop();
    }
  }, 60_000);

  it('lets discover reuse its listings: no listing call at all', async () => {
    const clients = moto.clients();
    const snapshot = await discover(clients, {
      stack: 'kennel',
      recordedListings: await listingsFromInventory(file, clients),
    });
    const fresh = await discover(moto.clients(), { stack: 'kennel' });
    expect(snapshot.resources.map((resource) => resource.physicalId)).toEqual(
      fresh.resources.map((resource) => resource.physicalId),
    );
    const withInventory = snapshot.stats.callsByOperation;
    const without = fresh.stats.callsByOperation;
    for (const operation of LIST_ONLY) {
      expect(withInventory[operation], operation).toBeUndefined();
      expect(without[operation], operation).toBeGreaterThan(0);
    }
    for (const operation of LIST_OR_READ) {
      expect(without[operation], operation).toBe(1);
      expect(withInventory[operation], operation).toBeGreaterThan(0);
    }
    expect(fresh.stats.callsByOperation['ecs:ListClusters']).toBe(1);
  });

  it('refuses an inventory more than an hour old, or of another region', async () => {
    const stale = join(dir, 'stale.json');
    await writeFile(stale, JSON.stringify({ ...inventory, capturedAt: '2020-01-01T00:00:00.000Z' }));
    const old = await run(Discover, '--stack', 'kennel', '--inventory', stale, ...aws());
    expect(old.exitCode).toBe(1);
    expect(old.stderr).toContain(`${stale} was read at 2020-01-01T00:00:00.000Z`);
    expect(old.stderr).toContain('Or leave out --inventory to list the account afresh.');

    const elsewhere = await run(
      Discover,
      '--stack',
      'kennel',
      '--inventory',
      file,
      '--region',
      'eu-west-1',
      '--endpoint-url',
      moto.endpoint,
    );
    expect(elsewhere.exitCode).toBe(1);
    expect(elsewhere.stderr).toContain(
      `${file} has no listings of 123456789012/eu-west-1 (it read 123456789012/us-east-2).`,
    );
  });

  it('never prints a secret value', () => {
    for (const value of Object.values(DEFAULT_SECRET_VALUES)) {
      for (const output of outputs) expect(output).not.toContain(value);
    }
  });
});
