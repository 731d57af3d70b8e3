import { CreateClusterCommand, DeleteClusterCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsClusterHandler } from '../../../src/discover/kinds/ecs-cluster.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});
// No moto.reset() between tests: with the IAM managed policies loaded, the next request after it costs ~0.5-2 s.
// Each test uses names of its own instead.

const arnOf = (name: string) => `arn:aws:ecs:${TEST_REGION}:${TEST_ACCOUNT}:cluster/${name}`;

describe('AWS::ECS::Cluster', () => {
  it('canonicalizes an ARN to the cluster name', () => {
    const where = { account: TEST_ACCOUNT, region: TEST_REGION };
    expect(ecsClusterHandler.canonicalId!(arnOf('bash-dog'), where)).toBe('bash-dog');
    expect(ecsClusterHandler.canonicalId!('bash-dog', where)).toBe('bash-dog');
  });

  it('reads clusters with settings and tags; missing and INACTIVE clusters are absent', async () => {
    // Given a live cluster, a deleted one (moto keeps it as INACTIVE), and a name that never existed
    const ctx = discoveryContext(moto.clients());
    await ctx.clients.ecs.send(
      new CreateClusterCommand({
        clusterName: 'bash-dog',
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        tags: [{ key: 'app', value: 'bash-dog' }],
      }),
    );
    await ctx.clients.ecs.send(new CreateClusterCommand({ clusterName: 'old' }));
    await ctx.clients.ecs.send(new DeleteClusterCommand({ cluster: 'old' }));

    // When all three are read
    const result = await ecsClusterHandler.read(ctx, ['bash-dog', arnOf('old'), 'never-was']);

    // Then only the live one comes back, in CloudFormation shape
    expect(result.issues).toEqual([]);
    expect(result.resources).toEqual([
      {
        type: 'AWS::ECS::Cluster',
        physicalId: 'bash-dog',
        name: 'bash-dog',
        aliases: [arnOf('bash-dog')],
        properties: { ClusterName: 'bash-dog', ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] },
        attributes: { Status: 'ACTIVE', Arn: arnOf('bash-dog') },
        tags: { app: 'bash-dog' },
        references: [],
      },
    ]);
  });

  it('describes in batches of 100 and lists names', async () => {
    // Given one live cluster among 101 names (the other 100 come back as MISSING failures)
    const ctx = discoveryContext(moto.clients());
    await ctx.clients.ecs.send(new CreateClusterCommand({ clusterName: 'c0' }));
    const names = Array.from({ length: 101 }, (_, i) => `c${i}`);

    const result = await ecsClusterHandler.read(ctx, names);

    expect(result.resources.map((r) => r.physicalId)).toEqual(['c0']);
    expect(ctx.clients.counter.snapshot().callsByOperation['ecs:DescribeClusters']).toBe(2);
    // moto lists deleted (INACTIVE) clusters too; reading them drops them.
    expect(await ecsClusterHandler.list!(ctx)).toContainEqual({ physicalId: 'c0', name: 'c0' });
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }));
    const result = await ecsClusterHandler.read(ctx, ['bash-dog']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      operation: 'ecs:DescribeClusters',
      type: 'AWS::ECS::Cluster',
      physicalIds: ['bash-dog'],
    });
  });
});
