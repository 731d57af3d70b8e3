import { Flags } from '@oclif/core';
import { resolveRegion } from '../aws/region.js';
import { UserError } from '../errors.js';
import { checkRoleName } from '../inventory/role-arn.js';
import { parseShard } from '../inventory/shard.js';
import { DEFAULT_ASSUME_ROLE_NAME, type AccountChoice, type TargetsOptions } from '../inventory/targets.js';

/**
 * Which accounts and regions a command reads. Spread into a command's `flags`:
 * `region` here is repeatable and replaces the single `--region` of the base flags.
 */
export const TARGET_FLAGS = {
  region: Flags.string({
    description: 'AWS region to read (repeatable; default: AWS_REGION, then your profile).',
    multiple: true,
    helpGroup: 'AWS',
  }),
  'all-regions': Flags.boolean({
    description: 'Read every region each account has enabled (asked of EC2 DescribeRegions in each account).',
    exclusive: ['region'],
    helpGroup: 'ACCOUNTS',
  }),
  'role-arn': Flags.string({
    description: 'Read the account of this IAM role, by assuming it (repeatable; one role per account).',
    multiple: true,
    exclusive: ['accounts-from'],
    helpGroup: 'ACCOUNTS',
  }),
  'accounts-from': Flags.string({
    description:
      "Read every ACTIVE account of the caller's AWS Organization, assuming --assume-role-name in each (the caller's own account with its own credentials).",
    options: ['organizations'],
    helpGroup: 'ACCOUNTS',
  }),
  'assume-role-name': Flags.string({
    description: `The role to assume in each member account with --accounts-from (default: ${DEFAULT_ASSUME_ROLE_NAME}).`,
    dependsOn: ['accounts-from'],
    helpGroup: 'ACCOUNTS',
  }),
  shard: Flags.string({
    description:
      'Read only shard i of n of the accounts (i/n, e.g. 2/4): an account is in shard (id mod n) + 1. Merge the shards with `reclaim inventory merge`.',
    helpGroup: 'ACCOUNTS',
  }),
};

export interface TargetFlagValues {
  readonly region?: readonly string[];
  readonly 'all-regions'?: boolean;
  readonly 'role-arn'?: readonly string[];
  readonly 'accounts-from'?: string;
  readonly 'assume-role-name'?: string;
  readonly shard?: string;
  readonly profile?: string;
  readonly 'endpoint-url'?: string;
}

/**
 * The targets the parsed flags describe. The home region (where STS, the
 * organization and EC2's region list are asked) is the first `--region`, else
 * AWS_REGION or the profile's. Checks every value before any AWS call.
 */
export async function targetsOptionsFromFlags(flags: TargetFlagValues): Promise<TargetsOptions> {
  const regions = await Promise.all((flags.region ?? []).map((region) => resolveRegion(region, flags.profile)));
  const homeRegion = regions[0] ?? (await resolveRegion(undefined, flags.profile));
  const endpointUrl = flags['endpoint-url'] ?? process.env.AWS_ENDPOINT_URL;
  return {
    connection: {
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(endpointUrl ? { endpointUrl } : {}),
    },
    homeRegion,
    regions: flags['all-regions']
      ? { kind: 'enabled' }
      : { kind: 'listed', regions: [homeRegion, ...[...new Set(regions)].filter((region) => region !== homeRegion)] },
    accounts: accountChoice(flags),
  };
}

function accountChoice(flags: TargetFlagValues): AccountChoice {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const roleArns = flags['role-arn'] ?? [];
  if (flags['accounts-from'] === 'organizations') {
    const roleName = checkRoleName(flags['assume-role-name'] ?? DEFAULT_ASSUME_ROLE_NAME);
    return { kind: 'organization', roleName, ...(shard ? { shard } : {}) };
  }
  if (roleArns.length > 0) {
    return { kind: 'roles', roleArns: roleArns as [string, ...string[]], ...(shard ? { shard } : {}) };
  }
  if (shard) {
    throw new UserError('SHARD_WITHOUT_ACCOUNTS', '--shard splits several accounts, and only your own is read.', [
      'Add --accounts-from organizations or --role-arn ARN (repeatable), or drop --shard.',
    ]);
  }
  return { kind: 'caller' };
}
