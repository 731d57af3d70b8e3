import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The sharded inventory workflow in examples/ is documentation users copy:
 * this keeps it from rotting silently (shards that do not cover 1..n, a
 * merge that does not wait for them or does not find their files).
 */
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix?: { shard?: number[] } };
  steps: Step[];
}

const workflow = parse(
  readFileSync(new URL('../../examples/github-actions/inventory-shards.yml', import.meta.url), 'utf8'),
) as { jobs: Record<string, Job> };
const [shardJobName, shardJob] = Object.entries(workflow.jobs).find(([, job]) => job.strategy?.matrix?.shard)!;
const [, mergeJob] = Object.entries(workflow.jobs).find(([, job]) =>
  job.steps.some((step) => step.run?.includes('reclaim inventory merge')),
)!;
const inventoryRun = shardJob.steps.find((step) => step.run?.includes('reclaim inventory --'))!.run!;

describe('examples/github-actions/inventory-shards.yml', () => {
  it('runs shards 1..n, n being the count its --shard names', () => {
    const count = Number(/--shard \$\{\{ matrix\.shard \}\}\/(\d+)/.exec(inventoryRun)?.[1]);
    expect(count).toBeGreaterThan(1);
    const shards = [...shardJob.strategy!.matrix!.shard!].sort((a, b) => a - b);
    expect(shards).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(shardJob.strategy!['fail-fast']).toBe(false);
  });

  it('reads the organization and writes each shard’s JSON to its own file', () => {
    expect(inventoryRun).toContain('--accounts-from organizations');
    expect(inventoryRun).toContain('--json');
    expect(inventoryRun).toContain('--out inv-${{ matrix.shard }}.json');
    const upload = shardJob.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with?.path).toBe('inv-${{ matrix.shard }}.json');
    expect(String(upload.with?.name)).toMatch(/^inventory-shard-/);
  });

  it('merges after every shard, even a failed one, the files the shards uploaded', () => {
    expect([mergeJob.needs].flat()).toContain(shardJobName);
    expect(mergeJob.if).toContain('!cancelled()');
    const download = mergeJob.steps.find((step) => step.uses?.startsWith('actions/download-artifact'))!;
    expect(download.with?.pattern).toBe('inventory-shard-*');
    const merge = mergeJob.steps.find((step) => step.run?.includes('reclaim inventory merge'))!.run!;
    expect(merge).toContain(`${String(download.with?.path)}/inv-*.json`);
  });
});
