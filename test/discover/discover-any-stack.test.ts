import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, type Moto } from '../support/moto.js';
import { buildConsoleStack, buildDecoyStack, type ScenarioFacts } from '../support/scenario.js';
import { expectCompleteDiscovery, resourceFor } from './expectations.js';

/**
 * Discovery must not be tuned to bash-dog: this file builds a console stack
 * under a name drawn at random each run, next to a decoy whose name shares
 * its prefix but not its words, and reads it through real-world trouble.
 * CodeStar Connections is recorded HTTP (the emulator lacks it).
 * RECLAIM_TEST_STACK=saffron-ledger runs it again under a name a failed run drew.
 */
const FIRST = ['kiwi', 'amber', 'nimbus', 'otter', 'quartz', 'saffron', 'tundra', 'violet'];
const SECOND = ['cart', 'ledger', 'relay', 'forge', 'harbor', 'beacon', 'atlas', 'orbit'];
const stackName =
  process.env.RECLAIM_TEST_STACK ?? `${FIRST[randomInt(FIRST.length)]}-${SECOND[randomInt(SECOND.length)]}`;

let moto: Moto;
let facts: ScenarioFacts;
let baseline: Snapshot;
const cleanups: Array<() => unknown> = [];

const shape = (snapshot: Snapshot) => ({
  resources: snapshot.resources.map(({ id, type, physicalId, orphan, external, status, properties }) => ({
    id,
    type,
    physicalId,
    orphan,
    external,
    status,
    properties,
  })),
  edges: snapshot.edges,
});

beforeAll(async () => {
  moto = await startMoto();
  const setup = moto.clients();
  facts = await buildConsoleStack(setup, { name: stackName });
  await buildDecoyStack(setup, `${stackName}s`);
  cleanups.push(recordCodeStarConnections(moto.endpoint, [facts.connection!]));
  baseline = await discover(moto.clients(), { stack: stackName });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await moto?.stop();
});

async function throughProxy(options: Parameters<typeof startFaultProxy>[1]): Promise<FaultProxy> {
  const proxy = await startFaultProxy(moto.endpoint, options);
  cleanups.push(() => proxy.stop(), recordCodeStarConnections(proxy.endpoint, [facts.connection!]));
  return proxy;
}

describe(`discover --stack ${stackName} (a name drawn at random)`, () => {
  it('finds the whole stack, its debris, and nothing of the decoy', () => {
    expect(baseline.issues).toEqual([]);
    expectCompleteDiscovery(baseline, facts);
    expect(baseline.resources.some((resource) => resource.physicalId.includes(`${stackName}s`))).toBe(false);
  });

  it('finishes with the same graph when a third of all calls are throttled and some fail with 5xx', async () => {
    const proxy = await throughProxy({ throttleRate: 0.33, serverErrorRate: 0.05, seed: 7 });
    // The SDK's real backoff would sleep for seconds; what is under test is that the graph comes out whole.
    const clients = moto.clients(undefined, { endpoint: proxy.endpoint, maxAttempts: 12, retryBackoffMs: () => 5 });
    const snapshot = await discover(clients, { stack: stackName });

    expect(snapshot.issues).toEqual([]);
    expect(shape(snapshot)).toEqual(shape(baseline));
    expect(proxy.counts.throttled).toBeGreaterThan(0);
    expect(snapshot.stats.retries).toBe(proxy.counts.throttled + proxy.counts.serverErrors);
  });

  it('pays for faults in retries, never in calls: one call at a time, the same calls as without them', async () => {
    // Calls run concurrently, and a type's ids asked for in one turn are read in
    // one batch: how many batches a run makes may hang on which answer comes
    // first (CI once saw 63 calls for the usual 62). One call at a time, the
    // order is fixed, so any call more than the fault-free run is one the
    // faults caused.
    const proxy = await throughProxy({ throttleRate: 0.33, serverErrorRate: 0.05, seed: 11 });
    const clients = moto.clients(undefined, { endpoint: proxy.endpoint, maxAttempts: 12, retryBackoffMs: () => 5 });
    const [calm, faulted] = [
      await discover(moto.clients(), { stack: stackName, concurrency: 1 }),
      await discover(clients, { stack: stackName, concurrency: 1 }),
    ];

    expect(faulted.issues).toEqual([]);
    expect(proxy.counts.throttled).toBeGreaterThan(0);
    expect(faulted.stats.retries).toBeGreaterThan(0);
    expect(faulted.stats.callsByOperation).toEqual(calm.stats.callsByOperation);
  });

  it('reports a denied service as unknown, never as absent', async () => {
    const proxy = await throughProxy({ denyOperations: [/^AmazonEC2ContainerRegistry_V20150921\./] });
    const snapshot = await discover(moto.clients(undefined, { endpoint: proxy.endpoint }), { stack: stackName });

    expect(snapshot.issues.length).toBeGreaterThan(0);
    expect(snapshot.issues.every((issue) => issue.code === 'AccessDeniedException')).toBe(true);
    expect(snapshot.issues.map((issue) => issue.operation)).toContain('ecr:DescribeRepositories');
    for (const name of Object.values(facts.names.repositories)) {
      const repository = resourceFor(snapshot, { type: 'AWS::ECR::Repository', physicalId: name });
      expect(repository.status).toBe('unknown');
      expect(repository.orphan).toBe(false);
    }
    const service = resourceFor(snapshot, { type: 'AWS::ECS::Service', physicalId: facts.names.serviceArn });
    expect(service.status).toBe('read');
  });
});

describe(`import then drift for ${stackName}`, () => {
  it('is in sync: the file written by import describes live exactly', async () => {
    const { desiredFromSnapshot } = await import('../../src/desired/from-snapshot.js');
    const { renderDesiredState } = await import('../../src/desired/write.js');
    const { parseDesiredState } = await import('../../src/desired/load.js');
    const { computeDrift } = await import('../../src/reconcile/diff/drift.js');
    const text = renderDesiredState(desiredFromSnapshot(baseline));
    // The account is stated once, in the header; everywhere else it is ${AWS::AccountId}.
    expect(text.split('123456789012')).toHaveLength(2);
    const { state } = parseDesiredState(text, 'reclaim.yaml');
    const report = computeDrift(state, await discover(moto.clients(), { stack: stackName }));
    expect(report.drifts).toEqual([]);
  });
});
