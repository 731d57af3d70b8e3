import { describe, expect, it } from 'vitest';
import { checkInventoryDocument } from '../../src/inventory/inventory-document.js';
import { mergeInventories, type InventorySource } from '../../src/inventory/merge.js';
import type { Inventory, InventoryStack, SharedResource } from '../../src/model/inventory.js';

const A = '111111111111';
const B = '222222222222';

function stack(name: string, account: string, region = 'us-east-2'): InventoryStack {
  return {
    name,
    account,
    region,
    roots: [{ type: 'AWS::ECS::Cluster', physicalId: name }],
    resourceCounts: { 'AWS::ECS::Cluster': 1 },
    live: 1,
    orphan: 0,
    unknown: 0,
    cloudFormationStacks: [],
    reclaim: `reclaim import --stack ${name}`,
  };
}

function shared(account: string, ...stacks: string[]): SharedResource {
  return {
    type: 'AWS::IAM::Role',
    physicalId: 'ecsTaskExecutionRole',
    account,
    region: 'us-east-2',
    usedBy: stacks.map((name) => ({ stack: name, by: `task definition ${name}:1`, via: 'ExecutionRoleArn' })),
  };
}

function inventory(parts: Partial<Inventory> & Pick<Inventory, 'targets'>): Inventory {
  return {
    schemaVersion: 1,
    capturedAt: '2026-01-01T00:00:00.000Z',
    stacks: [],
    shared: [],
    unowned: [],
    issues: [],
    stats: { apiCalls: 0, retries: 0, callsByOperation: {}, durationMs: 0 },
    ...parts,
  };
}

const shard1: InventorySource = {
  name: 'inv-1.json',
  inventory: inventory({
    capturedAt: '2026-01-01T00:00:05.000Z',
    targets: [{ account: A, region: 'us-east-2', roleArn: `arn:aws:iam::${A}:role/R` }],
    stacks: [stack('kennel', A), stack('beagle', A)],
    shared: [shared(A, 'kennel', 'beagle')],
    unowned: [{ type: 'AWS::IAM::Role', physicalId: 'lonely', account: A, region: 'us-east-2', why: 'no user found' }],
    stats: {
      apiCalls: 10,
      retries: 1,
      callsByOperation: { 'ecs:ListClusters': 2, 'iam:ListRoles': 8 },
      durationMs: 900,
    },
  }),
};
const shard2: InventorySource = {
  name: 'inv-2.json',
  inventory: inventory({
    capturedAt: '2026-01-01T00:00:09.000Z',
    targets: [{ account: B, region: 'us-east-2' }],
    stacks: [stack('poodle', B)],
    issues: [{ operation: 'sts:AssumeRole', code: 'AccessDenied', message: 'no', account: B, region: 'eu-west-1' }],
    stats: { apiCalls: 5, retries: 0, callsByOperation: { 'ecs:ListClusters': 5 }, durationMs: 1200 },
  }),
};

describe('mergeInventories', () => {
  it('joins the shards: every target, stack, unowned resource and issue, stats summed, the latest capture', () => {
    const merged = mergeInventories([shard1, shard2]);
    expect(merged.targets.map((target) => target.account)).toEqual([A, B]);
    expect(merged.targets[0]!.roleArn).toBe(`arn:aws:iam::${A}:role/R`);
    expect(merged.stacks.map((s) => `${s.account}/${s.name}`)).toEqual([`${A}/beagle`, `${A}/kennel`, `${B}/poodle`]);
    expect(merged.unowned).toHaveLength(1);
    expect(merged.issues).toEqual(shard2.inventory.issues);
    expect(merged.stats).toEqual({
      apiCalls: 15,
      retries: 1,
      callsByOperation: { 'ecs:ListClusters': 7, 'iam:ListRoles': 8 },
      // The shards ran side by side: the whole took as long as the slowest.
      durationMs: 1200,
    });
    expect(merged.capturedAt).toBe('2026-01-01T00:00:09.000Z');
  });

  it('does not depend on the order of the files', () => {
    expect(mergeInventories([shard2, shard1])).toEqual(mergeInventories([shard1, shard2]));
  });

  it('unites the users of one shared resource and keeps shared resources of other accounts apart', () => {
    const other: InventorySource = {
      name: 'part.json',
      inventory: inventory({ targets: [], shared: [shared(A, 'beagle', 'poodle'), shared(B, 'x', 'y')] }),
    };
    const merged = mergeInventories([shard1, other]);
    expect(merged.shared).toHaveLength(2);
    expect(merged.shared[0]!.usedBy.map((use) => use.stack)).toEqual(['beagle', 'kennel', 'poodle']);
    expect(merged.shared[1]!.account).toBe(B);
  });

  it('counts a target listed twice in one file once', () => {
    const twice = inventory({ targets: [shard2.inventory.targets[0]!, shard2.inventory.targets[0]!] });
    expect(mergeInventories([{ name: 'x.json', inventory: twice }]).targets).toHaveLength(1);
  });

  it('refuses a target two files both read, naming both files and the target', () => {
    const again = { name: 'inv-1-rerun.json', inventory: shard1.inventory };
    expect(() => mergeInventories([shard1, shard2, again])).toThrow(
      `inv-1-rerun.json and inv-1.json both read account ${A} in us-east-2.`,
    );
  });

  it('refuses another schema version, naming the file', () => {
    const future = { name: 'new.json', inventory: { ...shard2.inventory, schemaVersion: 2 } as unknown as Inventory };
    expect(() => mergeInventories([shard1, future])).toThrow(
      'new.json is an inventory of schema version 2; this reclaim reads version 1.',
    );
  });

  it('refuses to merge nothing', () => {
    expect(() => mergeInventories([])).toThrow(expect.objectContaining({ code: 'NOTHING_TO_MERGE' }));
  });
});

describe('checkInventoryDocument', () => {
  it('accepts an inventory', () => {
    expect(checkInventoryDocument('a.json', JSON.parse(JSON.stringify(shard1.inventory)))).toEqual(shard1.inventory);
  });

  it.each([
    ['a list', [], 'a.json is not a reclaim inventory: it is not a JSON object.'],
    ['a snapshot', { schemaVersion: 1, resources: [] }, 'a.json is not a reclaim inventory (it looks like a snapshot)'],
    [
      'a drift report',
      { inSync: true, drifts: [] },
      'a.json is not a reclaim inventory (it looks like a drift report)',
    ],
    ['another version', { schemaVersion: 3, targets: [] }, 'a.json is an inventory of schema version 3'],
    [
      'a cut-off file',
      { schemaVersion: 1, targets: [], stacks: [] },
      'a.json is not a complete inventory: shared is not a list.',
    ],
    [
      'a target without an account',
      { ...shard1.inventory, targets: [{ region: 'us-east-2' }] },
      'a.json: targets[0] has no account and region.',
    ],
  ])('refuses %s, naming the file', (_, data, message) => {
    expect(() => checkInventoryDocument('a.json', data)).toThrow(message);
  });
});
