import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { logsLogGroupHandler } from '../../../src/discover/kinds/logs-log-group.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

const where = { account: TEST_ACCOUNT, region: TEST_REGION };
const arnOf = (name: string) => `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:${name}`;

let moto: Moto;
let ctx: DiscoveryContext;

beforeAll(async () => {
  moto = await startMoto();
  ctx = discoveryContext(moto.clients());
  const logs = ctx.clients.logs;
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/bash-dog', tags: { app: 'bash-dog' } }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/ecs/bash-dog', retentionInDays: 30 }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/bash-dog-sidecar' }));
});
afterAll(async () => {
  await moto.stop();
});

describe('AWS::Logs::LogGroup', () => {
  it('canonicalizes both ARN forms to the name', () => {
    expect(logsLogGroupHandler.canonicalId!(arnOf('/ecs/bash-dog'), where)).toBe('/ecs/bash-dog');
    expect(logsLogGroupHandler.canonicalId!(`${arnOf('/ecs/bash-dog')}:*`, where)).toBe('/ecs/bash-dog');
    expect(logsLogGroupHandler.canonicalId!('/ecs/bash-dog', where)).toBe('/ecs/bash-dog');
  });

  it('reads log groups by exact name with retention and tags; a mere prefix is absent', async () => {
    const result = await logsLogGroupHandler.read(ctx, [
      '/ecs/bash-dog',
      `${arnOf('/ecs/bash-dog-sidecar')}:*`,
      '/ecs/bash',
      '/nope',
    ]);

    expect(result.issues).toEqual([]);
    expect(result.resources).toEqual([
      {
        type: 'AWS::Logs::LogGroup',
        physicalId: '/ecs/bash-dog',
        name: '/ecs/bash-dog',
        aliases: [arnOf('/ecs/bash-dog')],
        properties: { LogGroupName: '/ecs/bash-dog', RetentionInDays: 30 },
        attributes: { Arn: arnOf('/ecs/bash-dog') },
        tags: { app: 'bash-dog' },
        references: [],
      },
      {
        type: 'AWS::Logs::LogGroup',
        physicalId: '/ecs/bash-dog-sidecar',
        name: '/ecs/bash-dog-sidecar',
        aliases: [arnOf('/ecs/bash-dog-sidecar')],
        properties: { LogGroupName: '/ecs/bash-dog-sidecar' },
        attributes: { Arn: arnOf('/ecs/bash-dog-sidecar') },
        tags: {},
        references: [],
      },
    ]);
  });

  it('lists every log group by name', async () => {
    expect(await logsLogGroupHandler.list!(ctx)).toEqual([
      { physicalId: '/ecs/bash-dog', name: '/ecs/bash-dog' },
      { physicalId: '/ecs/bash-dog-sidecar', name: '/ecs/bash-dog-sidecar' },
    ]);
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const clients = moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const result = await logsLogGroupHandler.read({ ...ctx, clients }, ['/ecs/bash-dog']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 'logs:DescribeLogGroups', physicalIds: ['/ecs/bash-dog'] }),
    ]);
  });
});
