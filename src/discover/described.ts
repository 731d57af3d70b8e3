/**
 * Descriptions already in hand, so that a handler's `read` does not ask AWS
 * again for what a listing (or another read) returned whole: the security
 * groups, repositories, log groups, load balancers, target groups and stacks
 * a listing describes in full. Keyed per kind by a typed `DescribedKey`, and
 * by any id the handler files a description under (ARN, name).
 *
 * A `read` asks `take` for its ids: it waits for the fills of that key still
 * under way (a listing started before the walk reached the id, so waiting
 * costs less than a call of its own), then gets what they described and the
 * ids it must still read itself (nothing was listed: recorded listings, a
 * failed listing, a resource made since). Snapshots stay the same either way:
 * a listing returns the same shape the describe by id does.
 *
 * A call two reads need alike (a load balancer's listeners: its own read
 * finds them, theirs describes them) is made with `once` instead, so the
 * count of calls does not hang on which read the walk reaches first.
 */

/** A kind's descriptions, of type `T`. Made once per handler with `describedKey`. */
export interface DescribedKey<T> {
  readonly name: string;
  /** Carries `T` for the type checker only. */
  readonly described?: (value: T) => void;
}

export const describedKey = <T>(name: string): DescribedKey<T> => ({ name });

export interface Taken<T> {
  /** Descriptions found, by the id asked for. */
  readonly found: ReadonlyMap<string, T>;
  /** Ids nothing described: the handler reads them as before. */
  readonly missing: string[];
}

export class DescribedCache {
  private readonly values = new Map<object, Map<string, unknown>>();
  private readonly pending = new Map<object, Set<Promise<unknown>>>();
  private readonly fetches = new Map<object, Map<string, Promise<unknown>>>();

  /** Files one description under each of `ids`. */
  put<T>(key: DescribedKey<T>, ids: readonly string[], value: T): void {
    let values = this.values.get(key);
    if (!values) this.values.set(key, (values = new Map()));
    for (const id of ids) values.set(id, value);
  }

  /**
   * Registers a fill under way (a listing's pages) and files each item it
   * returns under `idsOf(item)`. Returns the same items; a failed fill files
   * nothing, and its failure is the caller's to report.
   */
  fill<T>(key: DescribedKey<T>, items: Promise<T[]>, idsOf: (item: T) => readonly string[]): Promise<T[]> {
    let pending = this.pending.get(key);
    if (!pending) this.pending.set(key, (pending = new Set()));
    const tracked: Promise<unknown> = items
      .then((list) => {
        for (const item of list) this.put(key, idsOf(item), item);
      })
      .catch(() => undefined)
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
    return items;
  }

  /**
   * One fetch per id and run, made by whoever asks first: later askers share
   * its promise, in flight or settled (a failure included). For a call two
   * reads need and either may reach first (a load balancer's listeners), so
   * that how many calls a run makes does not hang on which one does.
   */
  once<T>(key: DescribedKey<T>, id: string, fetch: () => Promise<T>): Promise<T> {
    let fetches = this.fetches.get(key);
    if (!fetches) this.fetches.set(key, (fetches = new Map()));
    let made = fetches.get(id) as Promise<T> | undefined;
    if (!made) fetches.set(id, (made = fetch()));
    return made;
  }

  /** What is described of `ids`, once the fills of `key` under way have settled, and what is not. */
  async take<T>(key: DescribedKey<T>, ids: readonly string[]): Promise<Taken<T>> {
    const pending = this.pending.get(key);
    if (pending && pending.size > 0) await Promise.all(pending);
    const values = this.values.get(key) as Map<string, T> | undefined;
    const found = new Map<string, T>();
    const missing: string[] = [];
    for (const id of ids) {
      const value = values?.get(id);
      if (value === undefined) missing.push(id);
      else found.set(id, value);
    }
    return { found, missing };
  }
}

/** `take` without a cache (a context made by hand, as in tests): everything is missing. */
export function takeDescribed<T>(
  cache: DescribedCache | undefined,
  key: DescribedKey<T>,
  ids: readonly string[],
): Promise<Taken<T>> {
  return cache ? cache.take(key, ids) : Promise.resolve({ found: new Map(), missing: [...ids] });
}

/** `once` without a cache (a context made by hand, as in tests): every ask fetches. */
export function fetchOnce<T>(
  cache: DescribedCache | undefined,
  key: DescribedKey<T>,
  id: string,
  fetch: () => Promise<T>,
): Promise<T> {
  return cache ? cache.once(key, id, fetch) : fetch();
}
