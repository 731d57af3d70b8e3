import { ListClustersCommand, CreateClusterCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMoto, type Moto } from './moto.js';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});

it('starts moto, counts calls, and resets', async () => {
  const clients = moto.clients();
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'smoke' }));
  const listed = await clients.ecs.send(new ListClustersCommand({}));
  expect(listed.clusterArns).toHaveLength(1);
  expect(clients.counter.snapshot().callsByOperation).toEqual({ 'ecs:CreateCluster': 1, 'ecs:ListClusters': 1 });
  await moto.reset();
  const after = await clients.ecs.send(new ListClustersCommand({}));
  expect(after.clusterArns).toHaveLength(0);
});
