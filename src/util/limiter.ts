/**
 * Runs at most `concurrency` tasks at once; the rest wait in arrival order.
 * Discovery wraps every AWS call in one shared limiter so that independent
 * reads overlap without bursting into the account's throttling limits.
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  }
  let active = 0;
  const waiting: Array<() => void> = [];

  // A finished task hands its slot straight to the next waiter, so a newcomer cannot jump the queue.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };

  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < concurrency) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** A limiter per service under one overall cap. */
export interface ServiceLimiters {
  /** The overall cap alone: for calls no service's share is kept for. */
  readonly overall: Limiter;
  /** The limiter for one service's calls: its own slots first, then one of the overall ones. */
  forService(service: string): Limiter;
}

/**
 * Per-service limits under an overall cap. Accounts throttle each service
 * (and often each API) on its own, so a service that is slow or throttled
 * should hold back only its own calls: a task waits for its service's slot
 * *before* taking an overall one, so calls queued behind a busy service never
 * sit on slots the other services could use.
 */
export function createServiceLimiters(options: { overall: number; perService: number }): ServiceLimiters {
  const overall = createLimiter(options.overall);
  const perService = Math.min(options.perService, options.overall);
  const services = new Map<string, Limiter>();
  return {
    overall,
    forService(service) {
      let limiter = services.get(service);
      if (!limiter) {
        const own = createLimiter(perService);
        limiter = <T>(task: () => Promise<T>) => own(() => overall(task));
        services.set(service, limiter);
      }
      return limiter;
    },
  };
}
