#!/usr/bin/env node
// The SDK warns on every run that future releases will need Node 22; reclaim supports Node 20 today.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// dist/ is bundled (scripts/bundle.ts); its source maps point stack traces at src/. Reading them costs start-up
// time, so only when the trace is shown.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
// A failed run has said what failed. Reads still in flight (discovery lists every type while STS answers)
// would only keep the process alive, retrying, before it exits with the same code.
if (process.exitCode === 1) process.exit(1);
