/**
 * `npm run fixtures`: rebuilds the bundled example from the emulator, so the
 * files under fixtures/bash-dog are what reclaim itself captured from the
 * guide's stack, never written by hand.
 */
import { mkdir } from 'node:fs/promises';
import { discover } from '../src/discover/discover.js';
import { writeSnapshot } from '../src/io/snapshot-file.js';
import { recordCodeStarConnections } from '../test/support/codestar-recorded.js';
import { startMoto } from '../test/support/moto.js';
import { buildConsoleStack, buildDecoyStack } from '../test/support/scenario.js';

const OUT_DIR = new URL('../fixtures/bash-dog/', import.meta.url);

const moto = await startMoto();
try {
  const setup = moto.clients();
  const facts = await buildConsoleStack(setup, { name: 'bash-dog' });
  await buildDecoyStack(setup, 'bash-doghouse');
  // The emulator lacks CodeStar Connections: the connection is answered by recorded HTTP.
  const stopRecording = recordCodeStarConnections(moto.endpoint, [facts.connection!]);
  try {
    const live = await discover(moto.clients(), { stack: 'bash-dog' });
    await mkdir(OUT_DIR, { recursive: true });
    await writeSnapshot(new URL('live.json', OUT_DIR).pathname, live);
    console.error(
      `wrote fixtures/bash-dog/live.json: ${live.resources.length} resources, ${live.issues.length} issues`,
    );
  } finally {
    stopRecording();
  }
} finally {
  await moto.stop();
}
