import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Measures the longest chain of dependent AWS calls in a run: each call's
 * depth is one more than the deepest call that finished before it started in
 * the same async flow. With a fixed per-request latency L, no schedule can
 * finish faster than depth × L: that is the floor the benchmark compares to.
 */
export class CallDepthTracer {
  private readonly storage = new AsyncLocalStorage<{ depth: number }>();
  maxDepth = 0;

  /** Runs `work` as the root of the measured flow. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.maxDepth = 0;
    return this.storage.run({ depth: 0 }, work);
  }

  /** The `instrument` hook for `AwsClients`: adds the tracing middleware to every client. */
  readonly instrument = (client: { middlewareStack: unknown }): void => {
    const stack = client.middlewareStack as {
      add(
        middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
        options: object,
      ): void;
    };
    stack.add(
      (next) => async (args) => {
        const cell = this.storage.getStore();
        const depth = (cell?.depth ?? 0) + 1;
        try {
          return await this.storage.run({ depth }, () => next(args));
        } finally {
          if (cell) cell.depth = Math.max(cell.depth, depth);
          this.maxDepth = Math.max(this.maxDepth, depth);
        }
      },
      { step: 'initialize', name: 'benchCallDepth', priority: 'low' },
    );
  };
}
