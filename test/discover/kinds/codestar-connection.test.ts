import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { codestarConnectionHandler } from '../../../src/discover/kinds/codestar-connection.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

/*
 * RECORDED HTTP: moto has no CodeStar Connections API at all (see notes/moto.md), so
 * this file answers the service's calls with nock in front of the emulator's endpoint.
 * The client speaks JSON 1.0: POST / with `x-amz-target: CodeStar_connections_20191201.<Operation>`.
 * Anything not recorded here falls through to moto (allowUnmocked), which would answer 500:
 * a request the SDK shapes differently from these recordings fails the test instead of passing silently.
 */

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});
afterEach(() => {
  nock.cleanAll();
});

const connectionArn = `arn:aws:codestar-connections:${TEST_REGION}:${TEST_ACCOUNT}:connection/6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8`;
const missingArn = `arn:aws:codestar-connections:${TEST_REGION}:${TEST_ACCOUNT}:connection/00000000-0000-0000-0000-000000000000`;
const TARGET = 'CodeStar_connections_20191201';
const JSON_10 = { 'content-type': 'application/x-amz-json-1.0' };

/** The recorded answers of CodeStar Connections for one GitHub connection. */
function recordConnectionApi(options: { denyTags?: boolean } = {}): nock.Scope {
  const api = nock(moto.endpoint, { allowUnmocked: true });
  api
    .post('/', { ConnectionArn: connectionArn })
    .matchHeader('x-amz-target', `${TARGET}.GetConnection`)
    .reply(
      200,
      {
        Connection: {
          ConnectionName: 'bash-dog-github',
          ConnectionArn: connectionArn,
          ProviderType: 'GitHub',
          OwnerAccountId: TEST_ACCOUNT,
          ConnectionStatus: 'AVAILABLE',
        },
      },
      JSON_10,
    );
  api
    .post('/', { ConnectionArn: missingArn })
    .matchHeader('x-amz-target', `${TARGET}.GetConnection`)
    .reply(400, { __type: 'ResourceNotFoundException', Message: `Connection ${missingArn} does not exist` }, JSON_10);
  const tags = api
    .post('/', { ResourceArn: connectionArn })
    .matchHeader('x-amz-target', `${TARGET}.ListTagsForResource`);
  if (options.denyTags) {
    tags.reply(
      400,
      {
        __type: 'AccessDeniedException',
        Message: 'User is not authorized to perform: codestar-connections:ListTagsForResource',
      },
      JSON_10,
    );
  } else {
    tags.reply(200, { Tags: [{ Key: 'app', Value: 'bash-dog' }] }, JSON_10);
  }
  return api;
}

describe('AWS::CodeStarConnections::Connection (recorded HTTP: moto lacks the service)', () => {
  it('reads a connection with its status and tags; an unknown ARN is absent', async () => {
    // Given a GitHub connection someone authorized in the console
    const api = recordConnectionApi();
    const ctx = discoveryContext(moto.clients());

    // When it is read with an ARN that does not exist
    const result = await codestarConnectionHandler.read(ctx, [connectionArn, missingArn]);

    // Then the connection comes back in CloudFormation shape, and the unknown ARN is simply absent
    expect(result.issues).toEqual([]);
    expect(result.resources).toEqual([
      {
        type: 'AWS::CodeStarConnections::Connection',
        physicalId: connectionArn,
        name: 'bash-dog-github',
        properties: { ConnectionName: 'bash-dog-github', ProviderType: 'GitHub' },
        attributes: { ConnectionStatus: 'AVAILABLE', OwnerAccountId: TEST_ACCOUNT },
        tags: { app: 'bash-dog' },
        references: [],
      },
    ]);
    // Every recorded answer was asked for (the SDK sends the target header recorded here), each once
    expect(api.isDone()).toBe(true);
    expect(ctx.clients.counter.snapshot().callsByOperation).toEqual({
      'codestar-connections:GetConnection': 2,
      'codestar-connections:ListTagsForResource': 1,
    });
  });

  it('marks the connection unknown when its tags are denied', async () => {
    recordConnectionApi({ denyTags: true });
    const result = await codestarConnectionHandler.read(discoveryContext(moto.clients()), [connectionArn]);
    expect(result.resources).toEqual([expect.objectContaining({ physicalId: connectionArn, unknown: true, tags: {} })]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'codestar-connections:ListTagsForResource',
        code: 'AccessDeniedException',
        physicalIds: [connectionArn],
      }),
    ]);
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }));
    const result = await codestarConnectionHandler.read(ctx, [connectionArn]);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'codestar-connections:GetConnection',
        type: 'AWS::CodeStarConnections::Connection',
        physicalIds: [connectionArn],
      }),
    ]);
  });
});
