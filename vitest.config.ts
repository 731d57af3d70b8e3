import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One worker process runs many files: each loads the AWS SDK and the CLI once, not once a file.
    // test/support/file-boundary.ts puts back what a file changed of the process.
    isolate: false,
    // vitest's default is one worker fewer than the cores: a single worker on CI's two. The files wait on
    // moto (a process of its own) much of the time, so two workers there finish in ~60% of the time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['test/support/file-boundary.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
