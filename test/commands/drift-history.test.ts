import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Drift from '../../src/commands/drift.js';
import { readSnapshot } from '../../src/io/snapshot-file.js';
import { FIXTURE_DIR, withResource } from '../support/bash-dog-fixture.js';
import { runCommand } from '../support/run-command.js';

describe('reclaim drift --history', () => {
  let dir: string;
  let nextSnapshot: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reclaim-history-'));
    // The next night: the ECS log group's retention is back to the file's 30 days,
    // and someone set a retention on the CodeBuild log group.
    const drifted = await readSnapshot(`${FIXTURE_DIR}drifted.json`);
    const fixedOne = withResource(drifted, 'EcsLogGroup', (resource) => ({
      ...resource,
      properties: { ...resource.properties, RetentionInDays: 30 },
    }));
    const next = withResource(fixedOne, 'AwsCodebuildLogGroup', (resource) => ({
      ...resource,
      properties: { ...resource.properties, RetentionInDays: 7 },
    }));
    nextSnapshot = join(dir, 'next.json');
    await writeFile(nextSnapshot, JSON.stringify(next), 'utf8');
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const drift = (snapshot: string, ...rest: string[]) =>
    runCommand(Drift, [
      '--desired',
      `${FIXTURE_DIR}reclaim.yaml`,
      '--snapshot',
      snapshot,
      '--history',
      join(dir, 'history'),
      ...rest,
    ]);

  it('keeps each run, and marks what is new, still there and fixed; the exit code is unchanged', async () => {
    const first = await drift(`${FIXTURE_DIR}drifted.json`);
    expect(first.exitCode).toBe(2);
    expect(first.stdout).toContain('First run kept in the history');

    const second = await drift(nextSnapshot, '--format', 'markdown');
    expect(second.exitCode).toBe(2);
    const row = (id: string) => second.stdout.split('\n').find((line) => line.includes(`\`${id}\``)) ?? '';
    expect(row('AwsCodebuildLogGroup')).toContain('**new**');
    expect(row('ExecutionRoleForECS')).toMatch(/still there since \d{4}-/);
    expect(second.stdout).toMatch(/Fixed since the last run \(1\)[\s\S]*`EcsLogGroup` `RetentionInDays`/);
    expect(second.stdout).toContain('1 new, 4 still there, 1 fixed');

    const files = (await readdir(join(dir, 'history'))).sort();
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z\.json$/);
    const kept = JSON.parse(await readFile(join(dir, 'history', files[1]!), 'utf8'));
    expect(kept.drifts.map((d: { id: string }) => d.id)).toContain('AwsCodebuildLogGroup');
  });
});
