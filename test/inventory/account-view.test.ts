import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccountView, usesIndex, type AccountView } from '../../src/inventory/account-view.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startMoto, type Moto } from '../support/moto.js';
import { buildConsoleStack, type ScenarioFacts } from '../support/scenario.js';

// The emulator lacks CodeStar Connections: their reads are recorded (test/support/codestar-recorded.ts).
let moto: Moto;
let kennel: ScenarioFacts;
let beagle: ScenarioFacts;
let view: AccountView;
const stops: Array<() => void> = [];

beforeAll(async () => {
  moto = await startMoto();
  kennel = await buildConsoleStack(moto.clients(), { name: 'kennel', withDebris: false });
  beagle = await buildConsoleStack(moto.clients(), { name: 'beagle', withDebris: false });
  stops.push(recordCodeStarConnections(moto.endpoint, [kennel.connection!, beagle.connection!]));
  view = await readAccountView(moto.clients());
}, 120_000);

afterAll(async () => {
  for (const stop of stops) stop();
  await moto?.stop();
});

describe('readAccountView', () => {
  it('reads every resource of both stacks, including what only references reach', () => {
    const physicalIds = new Set([...view.resources.values()].map((resource) => resource.physicalId));
    for (const facts of [kennel, beagle]) {
      for (const expected of facts.live) {
        expect(physicalIds, `${expected.type} ${expected.physicalId}`).toContain(expected.physicalId);
      }
    }
    expect(view.issues).toEqual([]);
  });

  it('indexes who uses what: a service is a user of its task definition', () => {
    const uses = usesIndex(view);
    const service = [...view.resources.entries()].find(
      ([, resource]) => resource.type === 'AWS::ECS::Service' && resource.name.includes('kennel'),
    )!;
    const taskDefinition = service[1].references.find((reference) => reference.type === 'AWS::ECS::TaskDefinition')!;
    const key = view.resolve(taskDefinition.type, taskDefinition.id)!;
    expect(uses.get(key)?.map((use) => use.user)).toContain(service[0]);
  });
});
