import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../src/inventory/shard.js';

// Account ids as AWS hands them out: twelve random digits.
const ACCOUNTS = Array.from({ length: 200 }, (_, i) =>
  String(100_000_000_000 + ((i * 7_919_123_457) % 899_999_999_999)),
);

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  it.each([
    ['half', /not of the form i\/n/],
    ['2', /not of the form i\/n/],
    ['-1/4', /not of the form i\/n/],
    ['1.5/4', /not of the form i\/n/],
    ['0/4', /shard 0 does not exist; shards are 1 to 4/],
    ['5/4', /shard 5 does not exist; shards are 1 to 4/],
    ['1/0', /at least 1/],
  ])('refuses %s, saying why', (value, message) => {
    expect(() => parseShard(value)).toThrow(message);
    expect(() => parseShard(value)).toThrow(expect.objectContaining({ code: 'BAD_SHARD' }));
  });
});

describe('shards', () => {
  it.each([1, 2, 3, 4, 7, 16])('put every account in exactly one of %i shards', (count) => {
    for (const account of ACCOUNTS) {
      const shards = Array.from({ length: count }, (_, i) => i + 1).filter((index) =>
        inShard(account, { index, count }),
      );
      expect(shards, account).toHaveLength(1);
    }
  });

  it('depend on the account id and the count only, not on which other accounts exist', () => {
    const before = new Map(ACCOUNTS.map((account) => [account, shardOf(account, 4)]));
    const fewer = ACCOUNTS.filter((_, i) => i % 3 !== 0);
    for (const account of fewer) expect(shardOf(account, 4)).toBe(before.get(account));
    // The rule the README gives, checkable by hand.
    expect(shardOf('123456789012', 4)).toBe((123456789012 % 4) + 1);
  });

  it('spread random ids evenly enough', () => {
    const sizes = [1, 2, 3, 4].map(
      (index) => ACCOUNTS.filter((account) => inShard(account, { index, count: 4 })).length,
    );
    for (const size of sizes) expect(size).toBeGreaterThan(25);
  });
});
