import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClients, type ClientOptions } from '../aws/clients.js';
import { readIssue } from '../discover/aws-errors.js';
import { UserError } from '../errors.js';
import type { InventoryIssue, InventoryTarget } from '../model/inventory.js';
import type { CallStats } from '../model/snapshot.js';
import { parseArn } from '../util/arn.js';
import { createLimiter } from '../util/limiter.js';
import { assumeRole } from './assume-role.js';
import { enabledRegions } from './enabled-regions.js';
import { listActiveAccounts } from './organization-accounts.js';
import { asAccountId, parseRoleArn, roleArnIn, type AccountId, type RoleArn } from './role-arn.js';
import { inShard, type Shard } from './shard.js';
import { sumStats } from './sum-stats.js';

/** Which regions to read in every account. */
export type RegionChoice =
  | { readonly kind: 'listed'; readonly regions: readonly [string, ...string[]] }
  /** `--all-regions`: those the account has enabled, asked of EC2 in each account. */
  | { readonly kind: 'enabled' };

/** Which accounts to read. Only a choice of several accounts can be sharded. */
export type AccountChoice =
  | { readonly kind: 'caller' }
  | { readonly kind: 'roles'; readonly roleArns: readonly [string, ...string[]]; readonly shard?: Shard }
  /**
   * The organization's ACTIVE accounts, each through `roleName`, except the
   * account the caller is in (the management account, or a delegated
   * administrator): that one is read with the caller's own credentials, since
   * Organizations creates `OrganizationAccountAccessRole` in member accounts
   * only, and a caller who may list the organization may read its own account.
   */
  | { readonly kind: 'organization'; readonly roleName: string; readonly shard?: Shard };

export const DEFAULT_ASSUME_ROLE_NAME = 'OrganizationAccountAccessRole';

export interface TargetsOptions {
  /** How to reach AWS as the caller: profile, endpoint, retries, credentials. */
  readonly connection: Omit<ClientOptions, 'region'>;
  /** Where the caller's identity, the organization, role credentials and enabled regions are asked. */
  readonly homeRegion: string;
  readonly regions: RegionChoice;
  readonly accounts: AccountChoice;
  /** AssumeRole and DescribeRegions calls in flight at once. */
  readonly concurrency?: number;
}

/** One account and region to read, not yet connected. */
export interface PlannedTarget extends InventoryTarget {
  /** Fresh clients for this account and region, with a call counter of their own. `destroy()` them after the read. */
  connect(): AwsClients;
}

export interface ResolvedTargets {
  /** Sorted by account, then region. */
  readonly targets: readonly PlannedTarget[];
  /** Accounts that cannot be read at all (AssumeRole refused, regions not listable), one issue each. */
  readonly issues: readonly InventoryIssue[];
  /** Calls made so far to find the targets, and to refresh role credentials while they are read. */
  stats(): CallStats;
  /** Closes the resolver's own clients: after the last read, since they refresh role credentials. */
  close(): void;
}

export const TARGETS_CONCURRENCY = 8;

/** An account the caller can read, and as whom. */
interface AccountAccess {
  readonly account: AccountId;
  readonly roleArn?: RoleArn;
  readonly credentials: AwsCredentialIdentityProvider;
}

/**
 * Turns the region and account choices into the (account, region) pairs to
 * read. One account's failure (its role cannot be assumed, its regions cannot
 * be listed) becomes an issue naming that account; the others still resolve.
 * Failing to know who the caller is, or to list the organization, throws:
 * then there is nothing to read.
 */
export async function resolveTargets(options: TargetsOptions): Promise<ResolvedTargets> {
  const callerCredentials =
    options.connection.credentials ??
    fromNodeProviderChain(options.connection.profile ? { profile: options.connection.profile } : {});
  const opened: AwsClients[] = [];
  const open = (region: string, credentials: AwsCredentialIdentityProvider): AwsClients => {
    const clients = new AwsClients({ ...options.connection, region, credentials });
    opened.push(clients);
    return clients;
  };
  const home = open(options.homeRegion, callerCredentials);
  const limit = createLimiter(options.concurrency ?? TARGETS_CONCURRENCY);
  const issues: InventoryIssue[] = [];
  const accountIssue = (account: AccountId, operation: string, error: unknown, what: string): void => {
    const issue = readIssue(operation, error);
    issues.push({
      ...issue,
      message: `${what}: ${issue.message}; no region of it was read.`,
      account,
      region: home.region,
    });
  };

  const wanted = await accountsWanted(options.accounts, home);
  const reachable = await Promise.all(
    wanted.map(({ account, roleArn }) =>
      limit(async (): Promise<AccountAccess | undefined> => {
        if (!roleArn) return { account, credentials: callerCredentials };
        try {
          return { account, roleArn, credentials: await assumeRole(home, roleArn) };
        } catch (error) {
          accountIssue(account, 'sts:AssumeRole', error, `could not assume ${roleArn}`);
          return undefined;
        }
      }),
    ),
  );

  const targets = await Promise.all(
    reachable
      .filter((access) => access !== undefined)
      .map((access) =>
        limit(async (): Promise<PlannedTarget[]> => {
          let regions: readonly string[];
          if (options.regions.kind === 'listed') regions = options.regions.regions;
          else {
            try {
              regions = await enabledRegions(open(home.region, access.credentials));
            } catch (error) {
              accountIssue(
                access.account,
                'ec2:DescribeRegions',
                error,
                `could not list the regions of ${access.account}`,
              );
              return [];
            }
          }
          return regions.map((region) => ({
            account: access.account,
            region,
            ...(access.roleArn ? { roleArn: access.roleArn } : {}),
            connect: () => new AwsClients({ ...options.connection, region, credentials: access.credentials }),
          }));
        }),
      ),
  );

  return {
    targets: targets.flat(),
    issues: issues.sort((a, b) => a.account.localeCompare(b.account)),
    stats: () => sumStats(opened.map((clients) => clients.counter.snapshot())),
    close: () => opened.forEach((clients) => clients.destroy()),
  };
}

/** The accounts the choice names, sorted by id, after the shard: no role of another shard is assumed. */
async function accountsWanted(
  choice: AccountChoice,
  home: AwsClients,
): Promise<Array<{ account: AccountId; roleArn?: RoleArn }>> {
  switch (choice.kind) {
    case 'caller':
      return [{ account: asAccountId((await home.callerIdentity()).Account, 'sts:GetCallerIdentity') }];
    case 'roles': {
      const byAccount = new Map<AccountId, RoleArn>();
      for (const value of choice.roleArns) {
        const { arn, account } = parseRoleArn(value);
        const known = byAccount.get(account);
        if (known && known !== arn) {
          throw new UserError('ACCOUNT_TWICE', `--role-arn names account ${account} twice: ${known} and ${arn}.`, [
            'Give one role per account: each account is read once.',
          ]);
        }
        byAccount.set(account, arn);
      }
      return [...byAccount]
        .filter(([account]) => !choice.shard || inShard(account, choice.shard))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([account, roleArn]) => ({ account, roleArn }));
    }
    case 'organization': {
      const identity = await home.callerIdentity();
      const own = asAccountId(identity.Account, 'sts:GetCallerIdentity');
      const partition = parseArn(identity.Arn)?.partition ?? 'aws';
      return (await listActiveAccounts(home))
        .filter((account) => !choice.shard || inShard(account, choice.shard))
        .map((account) =>
          account === own ? { account } : { account, roleArn: roleArnIn(partition, account, choice.roleName) },
        );
    }
  }
}
