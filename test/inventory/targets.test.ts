import { CloseAccountCommand, CreateAccountCommand, CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInventoryOfTargets, type ReadTarget, type TargetReader } from '../../src/inventory/read-targets.js';
import { resolveTargets, type TargetsOptions } from '../../src/inventory/targets.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../support/moto.js';

// All against moto_server: STS AssumeRole hands out credentials that moto attributes to the
// role's account, Organizations keeps an organization per caller, EC2 DescribeRegions lists
// regions with their opt-in status. Only the refusals come from the fault proxy in front of it.
let moto: Moto;
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  moto = await startMoto();
}, 60_000);

afterAll(async () => {
  for (const proxy of proxies) await proxy.stop();
  await moto?.stop();
});

const ROLE_A = 'arn:aws:iam::111111111111:role/reclaim-reader';
const ROLE_B = 'arn:aws:iam::222222222222:role/reclaim-reader';
const ROLE_C = 'arn:aws:iam::333333333333:role/reclaim-reader';

function options(parts: Partial<TargetsOptions> & Pick<TargetsOptions, 'accounts'>, endpointUrl = moto.endpoint) {
  return {
    connection: {
      endpointUrl,
      maxAttempts: 1,
      credentials: async () => ({ accessKeyId: 'testing', secretAccessKey: 'testing' }),
    },
    homeRegion: TEST_REGION,
    regions: { kind: 'listed', regions: [TEST_REGION] },
    ...parts,
  } satisfies TargetsOptions;
}

/** A stand-in for the inventory's per-target read: asks STS who the clients are, and reports nothing else. */
function whoAmI(seen: Array<{ target: ReadTarget; account: string }>): TargetReader {
  return async (target) => {
    seen.push({ target, account: (await target.clients.callerIdentity()).Account! });
    return { stacks: [], shared: [], unowned: [], issues: [] };
  };
}

async function withProxy(faults: Parameters<typeof startFaultProxy>[1]): Promise<string> {
  const proxy = await startFaultProxy(moto.endpoint, faults);
  proxies.push(proxy);
  return proxy.endpoint;
}

describe('the caller’s own account', () => {
  it('is the one target by default, in each listed region', async () => {
    const resolved = await resolveTargets(
      options({ accounts: { kind: 'caller' }, regions: { kind: 'listed', regions: [TEST_REGION, 'eu-west-1'] } }),
    );
    expect(resolved.targets.map(({ account, region, roleArn }) => ({ account, region, roleArn }))).toEqual([
      { account: TEST_ACCOUNT, region: TEST_REGION, roleArn: undefined },
      { account: TEST_ACCOUNT, region: 'eu-west-1', roleArn: undefined },
    ]);
    expect(resolved.issues).toEqual([]);
    resolved.close();
  });
});

describe('--role-arn', () => {
  it('reads each role’s account as that account; a refused AssumeRole is that account’s issue, the others are read', async () => {
    // Given three roles, and a proxy that refuses AssumeRole of the third
    const endpoint = await withProxy({ denyBodies: [/RoleArn=arn:aws:iam::333333333333:/] });
    const seen: Array<{ target: ReadTarget; account: string }> = [];

    // When the inventory reads them
    const inventory = await readInventoryOfTargets(
      options({ accounts: { kind: 'roles', roleArns: [ROLE_C, ROLE_B, ROLE_A] } }, endpoint),
      whoAmI(seen),
    );

    // Then the two others are read, each with its own account's credentials
    expect(inventory.targets).toEqual([
      { account: '111111111111', region: TEST_REGION, roleArn: ROLE_A },
      { account: '222222222222', region: TEST_REGION, roleArn: ROLE_B },
    ]);
    expect(seen.map(({ target, account }) => [target.account, account]).sort()).toEqual([
      ['111111111111', '111111111111'],
      ['222222222222', '222222222222'],
    ]);
    // And the third is one issue that names it and what was refused
    expect(inventory.issues).toEqual([
      expect.objectContaining({
        operation: 'sts:AssumeRole',
        code: 'AccessDeniedException',
        account: '333333333333',
        region: TEST_REGION,
        message: expect.stringContaining(`could not assume ${ROLE_C}`),
      }),
    ]);
    // And every call is counted: three AssumeRoles by the caller, one GetCallerIdentity per target
    expect(inventory.stats.callsByOperation).toMatchObject({ 'sts:AssumeRole': 3, 'sts:GetCallerIdentity': 2 });
  });

  it('refuses two roles in one account before any call', async () => {
    const other = 'arn:aws:iam::111111111111:role/another';
    await expect(resolveTargets(options({ accounts: { kind: 'roles', roleArns: [ROLE_A, other] } }))).rejects.toThrow(
      `--role-arn names account 111111111111 twice: ${ROLE_A} and ${other}.`,
    );
  });

  it('refuses what is not a role ARN', async () => {
    await expect(
      resolveTargets(options({ accounts: { kind: 'roles', roleArns: ['arn:aws:iam::1234:user/bob'] } })),
    ).rejects.toThrow('--role-arn "arn:aws:iam::1234:user/bob" is not an IAM role ARN.');
  });

  it('assumes no role of another shard', async () => {
    const endpoint = await withProxy({});
    const resolved = await resolveTargets(
      options(
        { accounts: { kind: 'roles', roleArns: [ROLE_A, ROLE_B, ROLE_C], shard: { index: 1, count: 3 } } },
        endpoint,
      ),
    );
    // 111111111111 mod 3 = 0 → shard 1; 222222222222 mod 3 = 0 → shard 1; 333333333333 mod 3 = 0 → shard 1
    expect(resolved.targets.map((target) => target.account)).toEqual(['111111111111', '222222222222', '333333333333']);
    const none = await resolveTargets(
      options({ accounts: { kind: 'roles', roleArns: [ROLE_A, ROLE_B, ROLE_C], shard: { index: 2, count: 3 } } }),
    );
    expect(none.targets).toEqual([]);
    expect(none.stats().callsByOperation['sts:AssumeRole']).toBeUndefined();
    resolved.close();
    none.close();
  });
});

describe('--accounts-from organizations', () => {
  // One organization for these tests: the caller's account is its management account.
  let org: { active: string[]; suspended: string };
  beforeAll(async () => {
    org = await organization();
  });

  async function organization(): Promise<{ active: string[]; suspended: string }> {
    const org = moto.clients().organizations;
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const ids: string[] = [];
    for (const name of ['dev', 'prod', 'old', 'staging', 'sandbox']) {
      const created = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      ids.push(created.CreateAccountStatus!.AccountId!);
    }
    const suspended = ids[2]!;
    await org.send(new CloseAccountCommand({ AccountId: suspended }));
    return { active: [TEST_ACCOUNT, ...ids.filter((id) => id !== suspended)].sort(), suspended };
  }

  it('reads every ACTIVE account through the named role, and the caller’s own with its own credentials', async () => {
    const { active, suspended } = org;
    const seen: Array<{ target: ReadTarget; account: string }> = [];

    const inventory = await readInventoryOfTargets(
      options({ accounts: { kind: 'organization', roleName: 'OrganizationAccountAccessRole' } }),
      whoAmI(seen),
    );

    expect(inventory.targets.map((target) => target.account)).toEqual(active);
    expect(inventory.targets.map((target) => target.account)).not.toContain(suspended);
    for (const target of inventory.targets) {
      expect(target.roleArn).toBe(
        target.account === TEST_ACCOUNT
          ? undefined
          : `arn:aws:iam::${target.account}:role/OrganizationAccountAccessRole`,
      );
    }
    for (const { target, account } of seen) expect(account).toBe(target.account);
    expect(inventory.issues).toEqual([]);
    expect(inventory.stats.callsByOperation['sts:AssumeRole']).toBe(active.length - 1);
  });

  it('puts every account in exactly one shard of n', async () => {
    const { active } = org;
    for (const count of [1, 2, 3, 4]) {
      const shards: string[][] = [];
      for (let index = 1; index <= count; index += 1) {
        const resolved = await resolveTargets(
          options({
            accounts: { kind: 'organization', roleName: 'OrganizationAccountAccessRole', shard: { index, count } },
          }),
        );
        shards.push(resolved.targets.map((target) => target.account));
        resolved.close();
      }
      expect(shards.flat().sort(), `${count} shards`).toEqual(active);
    }
  });

  it('stops with a clear error when the organization cannot be listed', async () => {
    const endpoint = await withProxy({ denyOperations: [/ListAccounts/] });
    await expect(
      resolveTargets(
        options({ accounts: { kind: 'organization', roleName: 'OrganizationAccountAccessRole' } }, endpoint),
      ),
    ).rejects.toThrow(/organizations:ListAccounts: AccessDeniedException.*no account was read/);
  });
});

describe('--all-regions', () => {
  it('reads the regions each account has enabled, not those it has not opted in to', async () => {
    const resolved = await resolveTargets(
      options({ accounts: { kind: 'roles', roleArns: [ROLE_A, ROLE_B] }, regions: { kind: 'enabled' } }),
    );
    for (const account of ['111111111111', '222222222222']) {
      const regions = resolved.targets.filter((target) => target.account === account).map((target) => target.region);
      expect(regions).toContain('us-east-2');
      expect(regions).toContain('eu-west-1');
      // moto lists ap-east-1 as not-opted-in.
      expect(regions).not.toContain('ap-east-1');
    }
    // Asked in each account, with that account's credentials.
    expect(resolved.stats().callsByOperation['ec2:DescribeRegions']).toBe(2);
    resolved.close();
  });

  it('makes an account whose regions cannot be listed an issue, not the run’s end', async () => {
    const endpoint = await withProxy({ denyOperations: [/DescribeRegions/] });
    const resolved = await resolveTargets(
      options({ accounts: { kind: 'roles', roleArns: [ROLE_A, ROLE_B] }, regions: { kind: 'enabled' } }, endpoint),
    );
    expect(resolved.targets).toEqual([]);
    expect(resolved.issues.map((issue) => [issue.account, issue.operation])).toEqual([
      ['111111111111', 'ec2:DescribeRegions'],
      ['222222222222', 'ec2:DescribeRegions'],
    ]);
    resolved.close();
  });
});

describe('reading the targets', () => {
  it('makes a target whose read throws an issue of that target, and reads the rest a few at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1'] as const;
    const inventory = await readInventoryOfTargets(
      options({ accounts: { kind: 'caller' }, regions: { kind: 'listed', regions } }),
      async (target) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          await target.clients.callerIdentity();
          if (target.region === 'us-west-1') throw new Error('the region is not enabled');
          return { stacks: [], shared: [], unowned: [], issues: [] };
        } finally {
          inFlight -= 1;
        }
      },
      { concurrency: 2 },
    );
    expect(most).toBeLessThanOrEqual(2);
    expect(inventory.targets.map((target) => target.region)).toEqual(
      regions.filter((region) => region !== 'us-west-1').sort(),
    );
    expect(inventory.issues).toEqual([
      expect.objectContaining({
        operation: 'reclaim:ReadTarget',
        account: TEST_ACCOUNT,
        region: 'us-west-1',
        message: `reading account ${TEST_ACCOUNT} in us-west-1: the region is not enabled`,
      }),
    ]);
    // Six targets' identity calls plus the caller's own, all counted.
    expect(inventory.stats.callsByOperation['sts:GetCallerIdentity']).toBe(7);
  });
});
