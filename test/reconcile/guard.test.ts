import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { assertTarget } from '../../src/reconcile/guard.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../support/moto.js';

let moto: Moto;

beforeAll(async () => {
  moto = await startMoto();
});

afterAll(async () => {
  await moto?.stop();
});

/** Clients whose every request asks the emulator for another account (moto's `x-moto-account-id`). */
function clientsOfAccount(account: string): AwsClients {
  return new AwsClients({
    region: TEST_REGION,
    endpointUrl: moto.endpoint,
    maxAttempts: 1,
    credentials: async () => ({ accessKeyId: 'testing', secretAccessKey: 'testing' }),
    instrument: (client) => {
      const stack = client.middlewareStack as {
        add(
          middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
          options: object,
        ): void;
      };
      stack.add(
        (next) => async (args) => {
          const request = (args as { request: { headers: Record<string, string> } }).request;
          request.headers['x-moto-account-id'] = account;
          return next(args);
        },
        { step: 'build', name: 'otherAccount' },
      );
    },
  });
}

describe('assertTarget', () => {
  it('returns who is acting, and where, when the account and region are the expected ones', async () => {
    const identity = await assertTarget(moto.clients(), { account: TEST_ACCOUNT, region: TEST_REGION });
    expect(identity).toEqual({
      account: TEST_ACCOUNT,
      region: TEST_REGION,
      arn: expect.stringContaining(TEST_ACCOUNT),
    });
  });

  it('refuses credentials of another account', async () => {
    await expect(
      assertTarget(clientsOfAccount('210987654321'), { account: TEST_ACCOUNT, region: TEST_REGION }),
    ).rejects.toMatchObject({
      code: 'WRONG_ACCOUNT',
      message: expect.stringContaining('act in account 210987654321, not 123456789012'),
    });
  });

  it('refuses an account other than the one asked for, and another region', async () => {
    await expect(assertTarget(moto.clients(), { account: '999999999999', region: TEST_REGION })).rejects.toMatchObject({
      code: 'WRONG_ACCOUNT',
    });
    await expect(
      assertTarget(moto.clients('eu-west-1'), { account: TEST_ACCOUNT, region: TEST_REGION }),
    ).rejects.toMatchObject({
      code: 'WRONG_REGION',
    });
  });
});
