import { createServer, type Server } from 'node:http';
import { CreateSecretCommand, DeleteSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { secretIdFrom, secretsManagerSecretHandler } from '../../../src/discover/kinds/secretsmanager-secret.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

const VALUES = ['production-value-xyz', 's3cr3t-token-value', 'hunter2-plaintext'];

let moto: Moto;
let ctx: DiscoveryContext;
let jsonArn: string;
let plainArn: string;
let emptyArn: string;

/**
 * A failure-injecting layer in front of moto: it answers GetSecretValue with AccessDenied, as
 * an account whose role may describe secrets but not read them does, and forwards the rest.
 */
async function startDenyingProxy(target: string): Promise<{ endpoint: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.headers['x-amz-target'] === 'secretsmanager.GetSecretValue') {
      response.writeHead(400, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': 'AccessDeniedException',
      });
      response.end(
        JSON.stringify({
          __type: 'AccessDeniedException',
          message: 'not authorized to perform secretsmanager:GetSecretValue',
        }),
      );
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
    const upstream = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers,
      body: Buffer.concat(chunks),
    });
    response.writeHead(upstream.status, Object.fromEntries(upstream.headers));
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { endpoint: `http://127.0.0.1:${port}`, server };
}

beforeAll(async () => {
  moto = await startMoto();
  ctx = discoveryContext(moto.clients());
  const sm = ctx.clients.secretsManager;
  jsonArn = (
    await sm.send(
      new CreateSecretCommand({
        Name: 'bash-dog/ecs-envars',
        Description: 'envars for bash-dog',
        SecretString: JSON.stringify({ BASH_DOG_ENVIRONMENT: VALUES[0], API_TOKEN: VALUES[1] }),
        Tags: [{ Key: 'app', Value: 'bash-dog' }],
      }),
    )
  ).ARN!;
  plainArn = (await sm.send(new CreateSecretCommand({ Name: 'plain', SecretString: VALUES[2] }))).ARN!;
  emptyArn = (await sm.send(new CreateSecretCommand({ Name: 'empty' }))).ARN!;
  await sm.send(new CreateSecretCommand({ Name: 'gone', SecretString: '{}' }));
  await sm.send(new DeleteSecretCommand({ SecretId: 'gone' }));
});
afterAll(async () => {
  await moto.stop();
});

describe('AWS::SecretsManager::Secret', () => {
  it('strips the :KEY:STAGE:VERSION suffix of a valueFrom', () => {
    const arn = `arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT}:secret:bash-dog/ecs-envars-AbCdEf`;
    expect(secretIdFrom(`${arn}:BASH_DOG_ENVIRONMENT::`)).toBe(arn);
    expect(secretIdFrom(`${arn}:KEY:AWSPREVIOUS:`)).toBe(arn);
    expect(secretIdFrom(arn)).toBe(arn);
    expect(secretIdFrom('bash-dog/ecs-envars')).toBe('bash-dog/ecs-envars');
  });

  it('reads the keys of a JSON secret, never its values, once per secret however it is named', async () => {
    const before = ctx.clients.counter.snapshot().callsByOperation['secretsmanager:GetSecretValue'] ?? 0;

    const result = await secretsManagerSecretHandler.read(ctx, [
      `${jsonArn}:BASH_DOG_ENVIRONMENT::`,
      'bash-dog/ecs-envars',
    ]);

    expect(result.issues).toEqual([]);
    expect(result.resources).toEqual([
      {
        type: 'AWS::SecretsManager::Secret',
        physicalId: jsonArn,
        name: 'bash-dog/ecs-envars',
        aliases: ['bash-dog/ecs-envars'],
        properties: {
          Name: 'bash-dog/ecs-envars',
          Description: 'envars for bash-dog',
          SecretKeys: ['API_TOKEN', 'BASH_DOG_ENVIRONMENT'],
        },
        attributes: { Arn: jsonArn, Format: 'json' },
        tags: { app: 'bash-dog' },
        references: [],
      },
    ]);
    expect(ctx.clients.counter.snapshot().callsByOperation['secretsmanager:GetSecretValue']! - before).toBe(1);
    const serialized = JSON.stringify(result);
    for (const value of VALUES) expect(serialized).not.toContain(value);
  });

  it('reports plaintext and value-less secrets without keys; deleted and missing secrets are absent', async () => {
    const result = await secretsManagerSecretHandler.read(ctx, ['plain', emptyArn, 'gone', 'never-was']);

    expect(result.issues).toEqual([]);
    expect(result.resources.map((r) => [r.physicalId, r.properties.SecretKeys, r.attributes?.Format])).toEqual([
      [plainArn, [], 'plaintext'],
      [emptyArn, [], 'empty'],
    ]);
    for (const value of VALUES) expect(JSON.stringify(result)).not.toContain(value);
  });

  it('lists secrets by ARN and name, leaving out deleted ones', async () => {
    const listed = await secretsManagerSecretHandler.list!(ctx);
    expect(listed.map((l) => l.name).sort()).toEqual(['bash-dog/ecs-envars', 'empty', 'plain']);
    expect(listed).toContainEqual({ physicalId: jsonArn, name: 'bash-dog/ecs-envars' });
  });

  it('marks the secret unknown, with an issue, when GetSecretValue is denied', async () => {
    const proxy = await startDenyingProxy(moto.endpoint);
    try {
      const clients = moto.clients(TEST_REGION, { endpoint: proxy.endpoint });
      const result = await secretsManagerSecretHandler.read({ ...ctx, clients }, [jsonArn]);
      expect(result.resources).toHaveLength(1);
      expect(result.resources[0]).toMatchObject({
        physicalId: jsonArn,
        unknown: true,
        properties: { Name: 'bash-dog/ecs-envars' },
      });
      expect(result.resources[0]!.properties).not.toHaveProperty('SecretKeys');
      expect(result.issues).toEqual([
        expect.objectContaining({
          operation: 'secretsmanager:GetSecretValue',
          code: 'AccessDeniedException',
          physicalIds: [jsonArn],
        }),
      ]);
    } finally {
      proxy.server.close();
    }
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const clients = moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const result = await secretsManagerSecretHandler.read({ ...ctx, clients }, [jsonArn]);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 'secretsmanager:DescribeSecret', physicalIds: [jsonArn] }),
    ]);
  });
});
