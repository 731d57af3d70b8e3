/**
 * Captures the bundled example snapshot, fixtures/example-repo-live/bash-dog.json:
 * the guide's stack built in the emulator exactly as the guide says (no debris),
 * discovered by reclaim. Run by hand when the snapshot contract changes:
 *
 *   npx tsx test/doctor/support/capture-example-snapshot.ts
 *
 * then update the secret ARN in fixtures/example-repo*\/taskdef.json to the one printed.
 * One correction is made, and recorded in fixtures/example-repo-live/README.md:
 * moto drops CodeBuild's concurrentBuildLimit on create (notes/moto.md), so the
 * project's ConcurrentBuildLimit is set to 1, what AWS reports for the guide's project.
 */
import { discover } from '../../../src/discover/discover.js';
import { writeSnapshot } from '../../../src/io/snapshot-file.js';
import { recordCodeStarConnections } from '../../support/codestar-recorded.js';
import { startMoto } from '../../support/moto.js';
import { buildConsoleStack } from '../../support/scenario.js';
import { withGuideBuildLimit } from './emulator-gaps.js';

const OUT = new URL('../../../fixtures/example-repo-live/bash-dog.json', import.meta.url);

const moto = await startMoto();
try {
  const facts = await buildConsoleStack(moto.clients(), { name: 'bash-dog', withDebris: false });
  const stop = recordCodeStarConnections(moto.endpoint, [facts.connection!]);
  const snapshot = withGuideBuildLimit(await discover(moto.clients(), { stack: 'bash-dog' }));
  stop();
  await writeSnapshot(OUT.pathname, snapshot);
  console.log(`wrote ${OUT.pathname}\nsecret ARN: ${facts.names.secretArn}`);
} finally {
  await moto.stop();
}
