/**
 * `npm run fixtures`: rebuilds the bundled example from the emulator, so the
 * files under fixtures/bash-dog are what reclaim itself captured from the
 * guide's stack, never written by hand:
 *
 * - `live.json`: the stack as the console leaves it (debris included);
 * - `reclaim.yaml`: the desired state `reclaim import` writes from it;
 * - `drifted.json`: the same stack after a few changes by hand (see
 *   test/support/hand-changes.ts) and a completed blue/green deployment,
 *   which `reclaim drift` must not report.
 *
 * The Cloudflare side (zone, proxied CNAME, Full (strict) rule, origin
 * certificate) is served by the local fake of test/support/cloudflare-fake.ts;
 * the hand changes include the guide's quietest failure, the rule set to Flexible.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { desiredFromSnapshot } from '../src/desired/from-snapshot.js';
import { renderDesiredState } from '../src/desired/write.js';
import { discover } from '../src/discover/discover.js';
import { writeSnapshot } from '../src/io/snapshot-file.js';
import type { Snapshot } from '../src/model/snapshot.js';
import { computeDrift } from '../src/reconcile/diff/drift.js';
import { renderDriftText } from '../src/render/drift-text.js';
import { recordCodeStarConnections } from '../test/support/codestar-recorded.js';
import { completeBlueGreenDeployment, makeHandChanges } from '../test/support/hand-changes.js';
import { startCloudflareFake } from '../test/support/cloudflare-fake.js';
import { startMoto } from '../test/support/moto.js';
import { buildCloudflareSide, buildConsoleStack, buildDecoyStack } from '../test/support/scenario.js';

const OUT_DIR = new URL('../fixtures/bash-dog/', import.meta.url);
const out = (name: string) => new URL(name, OUT_DIR).pathname;

function describeSnapshot(name: string, snapshot: Snapshot): string {
  return `wrote fixtures/bash-dog/${name}: ${snapshot.resources.length} resources, ${snapshot.issues.length} issues`;
}

const moto = await startMoto();
const fake = await startCloudflareFake();
const cloudflare = { apiToken: fake.token, baseUrl: fake.baseUrl };
try {
  const setup = moto.clients();
  const facts = await buildConsoleStack(setup, { name: 'bash-dog' });
  const front = await buildCloudflareSide(fake, setup, { loadBalancerArn: facts.names.loadBalancerArn });
  await buildDecoyStack(setup, 'bash-doghouse');
  // The emulator lacks CodeStar Connections: the connection is answered by recorded HTTP.
  const stopRecording = recordCodeStarConnections(moto.endpoint, [facts.connection!]);
  try {
    const live = await discover(moto.clients(undefined, { cloudflare }), { stack: 'bash-dog' });
    if (live.issues.length > 0) throw new Error(`the read of bash-dog was incomplete: ${JSON.stringify(live.issues)}`);
    await mkdir(OUT_DIR, { recursive: true });
    await writeSnapshot(out('live.json'), live);
    console.error(describeSnapshot('live.json', live));

    // What `reclaim import --stack bash-dog` writes, by the same code.
    const desired = desiredFromSnapshot(live);
    await writeFile(out('reclaim.yaml'), renderDesiredState(desired, { generatedAt: live.capturedAt }), 'utf8');
    console.error(`wrote fixtures/bash-dog/reclaim.yaml: ${Object.keys(desired.resources).length} resources declared`);

    await completeBlueGreenDeployment(setup, facts.names);
    await makeHandChanges(setup, facts.names);
    // Cloudflare, by hand: the configuration rule's SSL set to Flexible.
    fake.state.rulesets
      .get(`${front.zoneId}|http_config_settings`)!
      .rules.find((rule) => rule.id === front.ruleId)!.action_parameters = { ssl: 'flexible' };
    const drifted = await discover(moto.clients(undefined, { cloudflare }), { stack: 'bash-dog' });
    await writeSnapshot(out('drifted.json'), drifted);
    console.error(describeSnapshot('drifted.json', drifted));
    console.error(`\n${renderDriftText(computeDrift(desired, drifted))}`);
  } finally {
    stopRecording();
  }
} finally {
  await Promise.all([moto.stop(), fake.stop()]);
}
