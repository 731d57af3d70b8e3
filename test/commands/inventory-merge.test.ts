import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import InventoryMerge from '../../src/commands/inventory/merge.js';
import type { Inventory } from '../../src/model/inventory.js';
import { runCommand } from '../support/run-command.js';

const folder = mkdtempSync(join(tmpdir(), 'reclaim-merge-'));

function shard(file: string, account: string, extra: Partial<Inventory> = {}): string {
  const inventory: Inventory = {
    schemaVersion: 1,
    capturedAt: '2026-01-01T00:00:00.000Z',
    targets: [{ account, region: 'us-east-2' }],
    stacks: [],
    shared: [],
    unowned: [],
    issues: [],
    stats: { apiCalls: 3, retries: 0, callsByOperation: { 'ecs:ListClusters': 3 }, durationMs: 10 },
    ...extra,
  };
  const path = join(folder, file);
  writeFileSync(path, JSON.stringify(inventory));
  return path;
}

function file(name: string, text: string): string {
  writeFileSync(join(folder, name), text);
  return join(folder, name);
}

describe('reclaim inventory merge', () => {
  it('writes one inventory of every shard to --out, and exits 0', async () => {
    const a = shard('inv-1.json', '111111111111');
    const b = shard('inv-2.json', '222222222222', {
      issues: [
        {
          operation: 'sts:AssumeRole',
          code: 'AccessDenied',
          message: 'no',
          account: '333333333333',
          region: 'us-east-2',
        },
      ],
    });
    const out = join(folder, 'merged.json');

    const result = await runCommand(InventoryMerge, [a, b, '--out', out]);

    expect(result.exitCode).toBe(0);
    const merged = JSON.parse(readFileSync(out, 'utf8')) as Inventory;
    expect(merged.targets.map((target) => target.account)).toEqual(['111111111111', '222222222222']);
    expect(merged.stats.apiCalls).toBe(6);
    expect(merged.issues).toHaveLength(1);
    expect(result.stderr).toContain('Merged 2 inventories: 2 targets, 0 stacks, 0 shared, 0 unowned, 1 issues.');
  });

  it('prints the merged JSON on stdout without --out', async () => {
    const result = await runCommand(InventoryMerge, [shard('solo.json', '444444444444')]);
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as Inventory).targets).toEqual([
      { account: '444444444444', region: 'us-east-2' },
    ]);
  });

  it.each([
    ['a file that is not there', () => join(folder, 'missing.json'), /reading inventory .*missing\.json: ENOENT/],
    ['a file that is not JSON', () => file('cut.json', '{"schemaVersion": 1, "tar'), /cut\.json is not JSON/],
    [
      'a snapshot',
      () => file('live.json', '{"schemaVersion": 1, "resources": []}'),
      /live\.json is not a reclaim inventory \(it looks like a snapshot\)/,
    ],
    [
      'another schema version',
      () => file('v9.json', '{"schemaVersion": 9, "targets": []}'),
      /v9\.json is an inventory of schema version 9; this reclaim reads version 1/,
    ],
  ])('refuses %s, naming it, and exits 1', async (_, make, message) => {
    const result = await runCommand(InventoryMerge, [shard('ok.json', '555555555555'), make()]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a shard merged twice', async () => {
    const a = shard('twice.json', '666666666666');
    const copy = file('twice-copy.json', readFileSync(a, 'utf8'));
    const result = await runCommand(InventoryMerge, [a, copy]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${copy} and ${a} both read account 666666666666 in us-east-2.`);
  });

  it('asks for files when given none', async () => {
    const result = await runCommand(InventoryMerge, []);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Missing 1 required arg/);
  });
});
