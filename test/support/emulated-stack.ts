import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordCodeStarConnections } from './codestar-recorded.js';
import { startCodeStarStandIn } from './codestar-stand-in.js';
import { startFaultProxy, type FaultOptions, type FaultProxy } from './fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from './moto.js';
import { buildConsoleStack, type ScenarioFacts } from './scenario.js';

/** Every ECR operation answers AccessDenied: one service the credentials may not read. */
export const DENY_ECR: FaultOptions = { denyOperations: [/^AmazonEC2ContainerRegistry_V20150921\./] };

/**
 * The guide's console-built stack in a fresh emulator, as most end-to-end
 * tests start: moto, the scenario, the recorded CodeStar connection (the
 * emulator lacks the service), a scratch folder, and fault proxies on demand.
 */
export interface EmulatedStack {
  readonly moto: Moto;
  readonly facts: ScenarioFacts;
  /** A scratch folder for files the test writes. */
  readonly dir: string;
  /** The AWS flags that point a command at the emulator, or at a proxy in front of it. */
  awsFlags(endpoint?: string): string[];
  /** A fault proxy in front of the emulator, with the connection recorded there too; stopped with the stack. */
  proxy(options: FaultOptions): Promise<FaultProxy>;
  /**
   * An endpoint for `bin/run.js` in a process of its own, which the recorded
   * connection cannot reach: the emulator behind a CodeStar Connections
   * stand-in (./codestar-stand-in.ts); stopped with the stack.
   */
  childEndpoint(): Promise<string>;
  stop(): Promise<void>;
}

export async function startEmulatedStack(name = 'bash-dog'): Promise<EmulatedStack> {
  const moto = await startMoto();
  const facts = await buildConsoleStack(moto.clients(), { name });
  const cleanups: Array<() => unknown> = [recordCodeStarConnections(moto.endpoint, [facts.connection!])];
  const dir = await mkdtemp(join(tmpdir(), `reclaim-${name}-`));
  return {
    moto,
    facts,
    dir,
    awsFlags: (endpoint = moto.endpoint) => ['--region', TEST_REGION, '--endpoint-url', endpoint],
    proxy: async (options) => {
      const proxy = await startFaultProxy(moto.endpoint, options);
      cleanups.push(() => proxy.stop(), recordCodeStarConnections(proxy.endpoint, [facts.connection!]));
      return proxy;
    },
    childEndpoint: async () => {
      const standIn = await startCodeStarStandIn(moto.endpoint, [facts.connection!]);
      cleanups.push(() => standIn.stop());
      return standIn.endpoint;
    },
    stop: async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await moto.stop();
    },
  };
}
