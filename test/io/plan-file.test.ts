import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlan, writePlan } from '../../src/io/plan-file.js';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import { changesDigest } from '../../src/model/fingerprint.js';
import type { Change, Plan } from '../../src/model/plan.js';
import { asLogicalId } from '../../src/model/resource.js';

// schemas/plan.schema.json: a saved reconcile plan carries its basis and the digest of its changes.
const changes: Change[] = [
  {
    action: 'update',
    id: asLogicalId('Logs'),
    type: 'AWS::Logs::LogGroup',
    reason: '1 property differs',
    physicalId: '/ecs/web',
    properties: { LogGroupName: '/ecs/web', RetentionInDays: 30 },
    changes: [{ path: 'RetentionInDays', before: 90, after: 30 }],
  },
];

const saved: Plan = {
  schemaVersion: 1,
  mode: 'reconcile',
  account: '123456789012',
  region: 'us-east-2',
  stack: 'web',
  createdAt: '2026-01-01T00:00:00.000Z',
  liveFingerprint: `sha256:${'a'.repeat(64)}`,
  scope: { stack: 'web' },
  changes,
  changesDigest: changesDigest(changes),
  basis: {
    desiredFile: 'reclaim.yaml',
    desiredDigest: `sha256:${'b'.repeat(64)}`,
    flags: { prune: true, allowSecretWrites: false, forceDeleteSecrets: false },
  },
};

describe('the plan schema', () => {
  it('accepts a saved reconcile plan with its basis and changes digest, and a plan without them (cleanup, teardown)', () => {
    const validate = schemaValidator('plan');
    expect(validate(saved), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
    const bare: Record<string, unknown> = { ...saved };
    delete bare.basis;
    delete bare.changesDigest;
    expect(validate(bare)).toBe(true);
  });

  it('refuses a basis missing a flag, an unknown flag, and a digest of the wrong shape', () => {
    const validate = schemaValidator('plan');
    const flags = { prune: true, allowSecretWrites: false };
    expect(validate({ ...saved, basis: { ...saved.basis, flags } })).toBe(false);
    expect(validate({ ...saved, basis: { ...saved.basis, flags: { ...saved.basis!.flags, yes: true } } })).toBe(false);
    expect(validate({ ...saved, changesDigest: 'md5:abc' })).toBe(false);
    expect(validate({ ...saved, basis: { ...saved.basis, desiredDigest: 'abc' } })).toBe(false);
  });

  it('round-trips through writePlan and readPlan', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'reclaim-plan-')), 'plan.json');
    await writePlan(file, saved);
    expect(await readPlan(file)).toEqual(saved);
    await writeFile(file, JSON.stringify({ ...saved, sealed: true }));
    await expect(readPlan(file)).rejects.toThrow(/is not a reclaim plan/);
  });

  it('digests changes by content, not by key order', () => {
    const reordered = changes.map((change) => Object.fromEntries(Object.entries(change).reverse())) as Change[];
    expect(changesDigest(reordered)).toBe(changesDigest(changes));
    const edited = [{ ...changes[0]!, properties: { LogGroupName: '/ecs/web', RetentionInDays: 1 } }] as Change[];
    expect(changesDigest(edited)).not.toBe(changesDigest(changes));
  });
});
