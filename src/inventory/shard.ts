import { UserError } from '../errors.js';

/**
 * One of `count` disjoint slices of the accounts to read: `--shard 2/4` is
 * `{ index: 2, count: 4 }`. Past one machine reclaim does not schedule work
 * itself; a CI matrix runs the shards and `reclaim inventory merge` joins them.
 */
export interface Shard {
  /** 1-based: 1 ≤ index ≤ count. */
  readonly index: number;
  readonly count: number;
}

/**
 * The shard a 12-digit account id belongs to: `(id mod count) + 1`.
 *
 * It depends only on the id and the count, never on which other accounts
 * exist, so an account created or closed between two runs moves no other
 * account to another shard, and anyone can check it by hand
 * (`echo $(( 123456789012 % 4 + 1 ))` is 1). Account ids are assigned at
 * random by AWS, so the residues spread evenly.
 */
export function shardOf(account: string, count: number): number {
  // Twelve digits stay below 2^53: a Number holds the id exactly.
  return (Number(account) % count) + 1;
}

export function inShard(account: string, shard: Shard): boolean {
  return shardOf(account, shard.count) === shard.index;
}

const SHARD = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

/** Reads `i/n`, refusing what names no shard: `0/4`, `5/4`, `2/0`, `half`. */
export function parseShard(value: string, flag = '--shard'): Shard {
  const match = SHARD.exec(value);
  const hint = [`Write ${flag} as i/n with 1 ≤ i ≤ n, e.g. ${flag} 2/4 for the second of four shards.`];
  if (!match) throw new UserError('BAD_SHARD', `${flag} "${value}" is not of the form i/n.`, hint);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new UserError('BAD_SHARD', `${flag} "${value}": the number of shards must be at least 1.`, hint);
  if (index < 1 || index > count) {
    throw new UserError(
      'BAD_SHARD',
      `${flag} "${value}": shard ${index} does not exist; shards are 1 to ${count}.`,
      hint,
    );
  }
  return { index, count };
}
