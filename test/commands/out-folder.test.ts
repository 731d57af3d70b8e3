import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import Discover from '../../src/commands/discover.js';
import Doctor from '../../src/commands/doctor.js';
import Drift from '../../src/commands/drift.js';
import Import from '../../src/commands/import.js';
import Plan from '../../src/commands/plan.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';

// A proxy in front of the emulator that injects nothing: it only counts the requests that reach AWS.
let moto: Moto;
let proxy: FaultProxy;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint, {});
});

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const missing = join('/nonexistent-reclaim-folder', 'deeper');
const aws = () => ['--region', TEST_REGION, '--endpoint-url', proxy.endpoint];
const DESIRED = 'fixtures/bash-dog/reclaim.yaml';

it.each([
  ['discover', Discover, ['--stack', 'bash-dog', '--out', join(missing, 'live.json')]],
  ['import', Import, ['--stack', 'bash-dog', '--out', join(missing, 'reclaim.yaml')]],
  ['doctor', Doctor, ['--stack', 'bash-dog', '--out', join(missing, 'doctor.txt')]],
  ['drift', Drift, ['--desired', DESIRED, '--out', join(missing, 'drift.txt')]],
  ['plan', Plan, ['--desired', DESIRED, '--out', join(missing, 'plan.json')]],
] as const)('%s --out into a missing folder fails before any AWS call', async (_name, CommandClass, argv) => {
  const before = proxy.counts.forwarded;
  const result = await runCommand(CommandClass, [...argv, ...aws()]);
  expect(result.exitCode, result.stderr).toBe(1);
  expect(result.stderr).toContain(`the folder ${missing} does not exist; nothing was read.`);
  expect(result.stderr).toContain(`mkdir -p ${missing}`);
  expect(proxy.counts.forwarded - before).toBe(0);
});
