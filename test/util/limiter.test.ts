import { expect, it } from 'vitest';
import { createLimiter, createServiceLimiters } from '../../src/util/limiter.js';

it('never runs more than the limit at once, and runs everything', async () => {
  const limit = createLimiter(3);
  let active = 0;
  let peak = 0;
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      limit(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 1 + (index % 3)));
        active -= 1;
        return index;
      }),
    ),
  );
  expect(peak).toBe(3);
  expect(results).toEqual(Array.from({ length: 20 }, (_, index) => index));
});

it('frees the slot when a task fails', async () => {
  const limit = createLimiter(1);
  await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
});

it('rejects a limit that is not a positive integer', () => {
  expect(() => createLimiter(0)).toThrow(/positive integer/);
});

it('keeps each service to its share, under the overall cap', async () => {
  // Given 4 slots a service and 6 in all
  const limits = createServiceLimiters({ overall: 6, perService: 4 });
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  let total = 0;
  let peakTotal = 0;
  const task = (service: string) =>
    limits.forService(service)(async () => {
      active.set(service, (active.get(service) ?? 0) + 1);
      total += 1;
      peak.set(service, Math.max(peak.get(service) ?? 0, active.get(service)!));
      peakTotal = Math.max(peakTotal, total);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active.set(service, active.get(service)! - 1);
      total -= 1;
    });

  // When three services each send 10 calls at once
  await Promise.all(['ecs', 'iam', 'ec2'].flatMap((service) => Array.from({ length: 10 }, () => task(service))));

  // Then no service had more than 4 in flight, and no more than 6 were in flight in all
  expect(Math.max(...peak.values())).toBe(4);
  expect(peakTotal).toBe(6);
});

it('a service whose calls hang holds only its own slots: the others go on', async () => {
  const limits = createServiceLimiters({ overall: 4, perService: 2 });
  const hung: Array<() => void> = [];
  // Ten calls to a service that does not answer: two run, eight wait for its slots, not the overall ones
  for (let i = 0; i < 10; i++) void limits.forService('slow')(() => new Promise<void>((resolve) => hung.push(resolve)));

  await expect(limits.forService('fast')(() => Promise.resolve('answered'))).resolves.toBe('answered');
  expect(hung).toHaveLength(2);
  for (const resolve of hung) resolve();
});
