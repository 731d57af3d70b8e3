import { describe, expect, it } from 'vitest';
import { differenceLines, differences, listDelta, showValue } from '../../src/render/list-delta.js';

const SIDES = { removed: 'declared, not live', added: 'live, not declared' };

describe('listDelta', () => {
  it('compares whole members as a multiset, order aside', () => {
    expect(listDelta(['a', 'b', 'b'], ['b', 'c', 'a'])).toEqual({ removed: ['b'], added: ['c'], changed: [] });
    expect(listDelta([{ x: 1 }, { y: 2 }], [{ y: 2 }, { x: 1 }])).toEqual({ removed: [], added: [], changed: [] });
  });

  it('matches members by a naming field when every member has one, once', () => {
    const before = [
      { Name: 'api', Image: 'api:1' },
      { Name: 'nginx', Image: 'nginx:1' },
    ];
    const after = [
      { Name: 'nginx', Image: 'nginx:2' },
      { Name: 'sidecar', Image: 'sidecar:1' },
    ];
    expect(listDelta(before, after)).toEqual({
      key: 'Name',
      removed: [before[0]],
      added: [after[1]],
      changed: [{ name: 'nginx', before: before[1], after: after[0] }],
    });
    // A repeated name is no key: whole members then.
    expect(listDelta([{ Name: 'a' }, { Name: 'a', v: 1 }], [{ Name: 'a' }]).key).toBeUndefined();
  });
});

describe('differences', () => {
  it('goes down to the keys and members that differ', () => {
    expect(
      differences(
        'Tags',
        [
          { Key: 'team', Value: 'web' },
          { Key: 'env', Value: 'prod' },
        ],
        [{ Key: 'team', Value: 'ops' }],
      ),
    ).toEqual([
      { kind: 'removed', path: 'Tags', value: { Key: 'env', Value: 'prod' } },
      { kind: 'changed', path: 'Tags[Key=team].Value', before: 'web', after: 'ops' },
    ]);
    expect(differences('A', { b: 1, c: [1] }, { b: 1, c: [1, 2] })).toEqual([{ kind: 'added', path: 'A.c', value: 2 }]);
  });

  it('reads an unset list as an empty one, and shows a reordering rather than nothing', () => {
    expect(differences('ManagedPolicyArns', undefined, ['arn:x'])).toEqual([
      { kind: 'added', path: 'ManagedPolicyArns', value: 'arn:x' },
    ]);
    expect(differences('Subnets', ['a', 'b'], ['b', 'a'])).toEqual([
      { kind: 'changed', path: 'Subnets', before: ['a', 'b'], after: ['b', 'a'] },
    ]);
  });
});

describe('differenceLines and showValue', () => {
  it('never cuts a value, however long', () => {
    const long = `arn:aws:iam::123456789012:policy/${'x'.repeat(300)}`;
    expect(showValue(long)).toBe(long);
    expect(differenceLines('Arn', 'short', long, SIDES)).toEqual([`    Arn: short → ${long}`]);
    expect(differenceLines('L', [long], [], SIDES)).toEqual(['    L:', `      - ${long}  (declared, not live)`]);
  });
});
