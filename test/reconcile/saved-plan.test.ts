import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../src/desired/types.js';
import { changesDigest } from '../../src/model/fingerprint.js';
import type { Change, Plan, PlanFlags } from '../../src/model/plan.js';
import { asLogicalId } from '../../src/model/resource.js';
import { assertPlanMatchesBasis, type SavedPlanCheck } from '../../src/reconcile/saved-plan.js';

// The checks of a saved plan that need no AWS (the ones that do: saved-plan-live.test.ts).
const changes: Change[] = [
  {
    action: 'update',
    id: asLogicalId('Logs'),
    type: 'AWS::Logs::LogGroup',
    reason: 'x',
    physicalId: '/ecs/web',
    properties: { RetentionInDays: 30 },
    changes: [{ path: 'RetentionInDays', before: 90, after: 30 }],
  },
];
const NO_FLAGS: PlanFlags = { prune: false, allowSecretWrites: false, forceDeleteSecrets: false };
const DIGEST = `sha256:${'d'.repeat(64)}`;

const plan: Plan = {
  schemaVersion: 1,
  mode: 'reconcile',
  account: '123456789012',
  region: 'us-east-2',
  stack: 'web',
  createdAt: '2026-01-01T00:00:00.000Z',
  liveFingerprint: `sha256:${'0'.repeat(64)}`,
  changes,
  changesDigest: changesDigest(changes),
  basis: { desiredFile: 'reclaim.yaml', desiredDigest: DIGEST, flags: { ...NO_FLAGS, allowSecretWrites: true } },
};

const state = { stack: 'web', account: '123456789012', region: 'us-east-2' } as DesiredState;

const check = (overrides: Partial<SavedPlanCheck> = {}): SavedPlanCheck => ({
  plan,
  planFile: 'plan.json',
  desired: { state, file: 'reclaim.yaml', digest: DIGEST },
  flags: { ...NO_FLAGS, allowSecretWrites: true },
  ...overrides,
});

const refusal = (input: SavedPlanCheck) => {
  try {
    assertPlanMatchesBasis(input);
  } catch (error) {
    return error as Error & { code: string; suggestions: string[] };
  }
  return undefined;
};

describe('assertPlanMatchesBasis', () => {
  it('passes a plan that matches its file and flags', () => {
    expect(refusal(check())).toBeUndefined();
  });

  it('names each difference, and the fix carries the flags', () => {
    const cases: Array<[SavedPlanCheck, string, RegExp]> = [
      [check({ plan: { ...plan, mode: 'teardown' } }), 'WRONG_PLAN_MODE', /is a teardown plan/],
      [check({ plan: { ...plan, basis: undefined } }), 'PLAN_UNCHECKABLE', /does not say what it was made from/],
      [
        check({ plan: { ...plan, changes: [{ ...changes[0]!, reason: 'edited' } as Change] } }),
        'PLAN_EDITED',
        /were edited after it was written/,
      ],
      [check({ plan: { ...plan, stack: 'other' } }), 'PLAN_FOR_ANOTHER_TARGET', /another stack: other, not web/],
      [check({ plan: { ...plan, region: 'eu-west-1' } }), 'PLAN_FOR_ANOTHER_TARGET', /another region: eu-west-1/],
      [
        check({ desired: { state, file: 'reclaim.yaml', digest: `sha256:${'e'.repeat(64)}` } }),
        'DESIRED_CHANGED',
        /reclaim\.yaml has changed since this plan was made/,
      ],
      [check({ flags: NO_FLAGS }), 'PLAN_FLAGS_DIFFER', /made with --allow-secret-writes, but applied without it/],
      [
        check({ flags: { ...NO_FLAGS, allowSecretWrites: true, forceDeleteSecrets: true } }),
        'PLAN_FLAGS_DIFFER',
        /made without --force-delete-secrets, but applied with it/,
      ],
    ];
    for (const [input, code, message] of cases) {
      const error = refusal(input);
      expect(error?.code, code).toBe(code);
      expect(error?.message).toMatch(message);
      expect(error?.message).toMatch(/nothing was changed\.$/);
    }
    expect(refusal(check({ flags: NO_FLAGS }))?.suggestions).toEqual([
      'Apply it with the flags it was made with: reclaim apply --plan plan.json --allow-secret-writes --yes',
      'Make the plan again and review it: reclaim plan --desired reclaim.yaml --out plan.json',
    ]);
  });
});
