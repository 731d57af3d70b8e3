import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCleanup } from '../../src/reconcile/cleanup.js';
import { fileJournal, withUnfinished } from '../../src/reconcile/journal.js';
import { ageOf, journalOrigin } from '../../src/reconcile/journal-recheck.js';
import { planTeardown } from '../../src/reconcile/teardown.js';
import { resource, snapshot } from './support/snapshots.js';

/** What a first teardown planned: a pipeline, its bucket and connection, and a role. */
const first = planTeardown(
  snapshot(
    [
      resource('Pipeline', 'AWS::CodePipeline::Pipeline', 'web-pipeline'),
      resource('Bucket', 'AWS::S3::Bucket', 'codepipeline-us-east-2-1'),
      resource('Connection', 'AWS::CodeStarConnections::Connection', 'arn:connection/1'),
      resource('Role', 'AWS::IAM::Role', 'web-role'),
    ],
    [
      ['Pipeline', 'Bucket', 'ArtifactStore.Location'],
      ['Pipeline', 'Connection', 'Stages.0.Actions.0.Configuration.ConnectionArn'],
      ['Pipeline', 'Role', 'RoleArn'],
    ],
  ),
).plan;

describe('the journal of a plan in progress', () => {
  it('adds back what an unfinished run planned and this read no longer reaches, renaming clashing ids', () => {
    // The pipeline is gone; the role is still swept by name; a new resource took the id "Bucket".
    const now = snapshot([
      resource('Role', 'AWS::IAM::Role', 'web-role'),
      resource('Bucket', 'AWS::S3::Bucket', 'web-new-bucket'),
    ]);
    const { snapshot: resumed, unfinished } = withUnfinished(now, first);
    expect([...unfinished.keys()]).toEqual(['Pipeline', 'BucketResumed2', 'Connection']);
    expect(resumed.resources.map((r) => `${r.id} ${r.physicalId}`)).toEqual([
      'Role web-role',
      'Bucket web-new-bucket',
      'Pipeline web-pipeline',
      'BucketResumed2 codepipeline-us-east-2-1',
      'Connection arn:connection/1',
    ]);

    const plan = planTeardown(resumed, { unfinished }).plan;
    expect(plan.changes.map((change) => change.id)).toEqual([
      'Pipeline',
      'Role',
      'Bucket',
      'BucketResumed2',
      'Connection',
    ]);
    expect(plan.changes.find((change) => change.id === 'Connection')?.reason).toMatch(/unfinished by an earlier run/);
    // The fingerprint is of what was read, not of what the journal added.
    expect(plan.liveFingerprint).toBe(planTeardown(now).plan.liveFingerprint);
    // Kept types still apply to what the journal brings back.
    const keeping = planTeardown(resumed, { unfinished, keep: ['AWS::S3::Bucket'] });
    expect(keeping.plan.changes.map((change) => change.id)).toEqual(['Pipeline', 'Role', 'Connection']);
  });

  it('brings unfinished deletes back into a cleanup plan too', () => {
    const { snapshot: resumed, unfinished } = withUnfinished(snapshot([]), first);
    expect(planCleanup(resumed, { unfinished }).plan.changes.map((change) => change.id)).toEqual([
      'Pipeline',
      'Role',
      'Bucket',
      'Connection',
    ]);
    expect(withUnfinished(snapshot([]), undefined).unfinished.size).toBe(0);
  });

  it('keeps the plan in a file until cleared, and refuses a file that is not a plan', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'reclaim-journal-')), 'state');
    const journal = fileJournal(dir);
    expect(await journal.load(first)).toBeUndefined();
    await journal.save(first);
    expect(await readdir(dir)).toEqual(['teardown-123456789012-us-east-2-bash-dog.plan.json']);
    expect(await journal.load(first)).toEqual(JSON.parse(JSON.stringify(first)));
    expect(await journal.load({ ...first, mode: 'cleanup' })).toBeUndefined();
    await journal.clear(first);
    expect(await readdir(dir)).toEqual([]);

    await writeFile(join(dir, 'teardown-123456789012-us-east-2-bash-dog.plan.json'), '{"not":"a plan"}');
    await expect(journal.load(first)).rejects.toMatchObject({ code: 'BAD_JOURNAL' });
  });
});

describe('the age of a journal', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  it('says how long ago the run that wrote it was', () => {
    expect(ageOf('2026-11-29T11:00:00Z', now)).toBe('3 days ago');
    expect(ageOf('2026-12-02T07:00:00Z', now)).toBe('5 hours ago');
    expect(ageOf('2026-12-02T11:59:00Z', now)).toBe('1 minute ago');
    expect(ageOf('2026-12-02T12:00:00Z', now)).toBe('just now');
    expect(ageOf('not a time', now)).toBe('at an unknown time');
    expect(journalOrigin('2026-11-29T11:00:00Z', now)).toBe('from a run 3 days ago (2026-11-29T11:00:00Z)');
  });
});
