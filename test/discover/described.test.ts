import { describe, expect, it } from 'vitest';
import { DescribedCache, describedKey, takeDescribed } from '../../src/discover/described.js';

interface Group {
  readonly id: string;
  readonly name: string;
}
const GROUPS = describedKey<Group>('test group');

describe('DescribedCache', () => {
  it('hands a read what a listing described, by any id it was filed under, and names the rest missing', async () => {
    const cache = new DescribedCache();
    const listed = await cache.fill(GROUPS, Promise.resolve([{ id: 'g-1', name: 'one' }]), (g) => [g.id, g.name]);

    const taken = await cache.take(GROUPS, ['g-1', 'one', 'g-2']);

    expect(listed).toEqual([{ id: 'g-1', name: 'one' }]);
    expect([...taken.found.keys()]).toEqual(['g-1', 'one']);
    expect(taken.found.get('one')).toBe(taken.found.get('g-1'));
    expect(taken.missing).toEqual(['g-2']);
  });

  it('waits for a fill under way rather than leaving the read to ask again', async () => {
    const cache = new DescribedCache();
    let finish!: (groups: Group[]) => void;
    void cache.fill(GROUPS, new Promise<Group[]>((resolve) => (finish = resolve)), (g) => [g.id]);

    const taking = cache.take(GROUPS, ['g-1']);
    finish([{ id: 'g-1', name: 'one' }]);

    expect((await taking).missing).toEqual([]);
  });

  it('a failed fill describes nothing: every id is read as before, and the failure stays the lister’s', async () => {
    const cache = new DescribedCache();
    const failing = cache.fill(GROUPS, Promise.reject(new Error('AccessDenied')), (g: Group) => [g.id]);

    await expect(failing).rejects.toThrow('AccessDenied');
    expect((await cache.take(GROUPS, ['g-1'])).missing).toEqual(['g-1']);
  });

  it('without a cache (a context made by hand) everything is missing', async () => {
    expect((await takeDescribed(undefined, GROUPS, ['g-1'])).missing).toEqual(['g-1']);
  });
});
