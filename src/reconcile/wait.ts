import { errorCode } from '../discover/aws-errors.js';
import type { WaitSettings } from './kind-writer.js';

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Delays that double from `minDelay` up to `maxDelay`: `next()` sleeps the
 * next one and returns true, or returns false at once when it would end past
 * `maxWaitTime`.
 */
function backoff(settings: WaitSettings): { next(): Promise<boolean> } {
  const deadline = Date.now() + settings.maxWaitTime * 1000;
  let delay = settings.minDelay;
  return {
    async next() {
      if (Date.now() + delay * 1000 > deadline) return false;
      await sleep(delay);
      delay = Math.min(delay * 2, settings.maxDelay);
      return true;
    },
  };
}

/**
 * Calls `check` until it returns true: at once, then with growing delays.
 * Throws, naming `what`, when `settings.maxWaitTime` runs out first.
 */
export async function pollUntil(check: () => Promise<boolean>, settings: WaitSettings, what: string): Promise<void> {
  const delays = backoff(settings);
  do {
    if (await check()) return;
  } while (await delays.next());
  throw new Error(`gave up after ${settings.maxWaitTime} s waiting until ${what}`);
}

/**
 * Runs `action`, and runs it again while it fails with one of the `codes`
 * (AWS saying "not yet": a security group whose network interfaces are still
 * detaching, a target group a deleted listener still holds for a moment).
 * Any other error, or the last one when time runs out, is thrown.
 */
export async function retryWhile<T>(
  action: () => Promise<T>,
  codes: ReadonlySet<string>,
  settings: WaitSettings,
  onRetry?: (code: string) => void,
): Promise<T> {
  const delays = backoff(settings);
  for (;;) {
    try {
      return await action();
    } catch (error) {
      if (!codes.has(errorCode(error))) throw error;
      onRetry?.(errorCode(error));
      if (!(await delays.next())) throw error;
    }
  }
}
