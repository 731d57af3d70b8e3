import { Parser } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { TARGET_FLAGS, targetsOptionsFromFlags } from '../../src/cli/target-flags.js';

/** The flags as oclif parses them, then as targets options: the path the inventory command takes. */
async function targetsFrom(argv: string[]) {
  const { flags } = await Parser.parse(argv, { flags: { ...TARGET_FLAGS } });
  return targetsOptionsFromFlags(flags);
}

describe('target flags', () => {
  it('read the caller’s account in the listed regions, the first one asking STS', async () => {
    const options = await targetsFrom(['--region', 'eu-west-1', '--region', 'us-east-2', '--region', 'eu-west-1']);
    expect(options.homeRegion).toBe('eu-west-1');
    expect(options.regions).toEqual({ kind: 'listed', regions: ['eu-west-1', 'us-east-2'] });
    expect(options.accounts).toEqual({ kind: 'caller' });
  });

  it('map --all-regions, --role-arn and --shard', async () => {
    const options = await targetsFrom([
      '--region',
      'us-east-2',
      '--all-regions',
      '--role-arn',
      'arn:aws:iam::111111111111:role/r',
      '--role-arn',
      'arn:aws:iam::222222222222:role/r',
      '--shard',
      '2/4',
    ]).catch((error: Error) => error);
    // --all-regions and --region exclude each other: the home region comes from the environment then.
    expect(String(options)).toMatch(/--region=us-east-2 cannot also be provided when using --all-regions/);

    process.env.AWS_REGION = 'us-east-2';
    try {
      const all = await targetsFrom([
        '--all-regions',
        '--role-arn',
        'arn:aws:iam::111111111111:role/r',
        '--shard',
        '2/4',
      ]);
      expect(all.homeRegion).toBe('us-east-2');
      expect(all.regions).toEqual({ kind: 'enabled' });
      expect(all.accounts).toEqual({
        kind: 'roles',
        roleArns: ['arn:aws:iam::111111111111:role/r'],
        shard: { index: 2, count: 4 },
      });
    } finally {
      delete process.env.AWS_REGION;
    }
  });

  it('map --accounts-from organizations with the default role name, or the one given', async () => {
    const org = await targetsFrom(['--region', 'us-east-2', '--accounts-from', 'organizations']);
    expect(org.accounts).toEqual({ kind: 'organization', roleName: 'OrganizationAccountAccessRole' });
    const named = await targetsFrom([
      '--region',
      'us-east-2',
      '--accounts-from',
      'organizations',
      '--assume-role-name',
      'ReclaimReader',
      '--shard',
      '1/2',
    ]);
    expect(named.accounts).toEqual({ kind: 'organization', roleName: 'ReclaimReader', shard: { index: 1, count: 2 } });
  });

  it.each([
    [['--region', 'us-east-2', '--shard', '1/2'], /--shard splits several accounts/],
    [['--region', 'us-east-2', '--accounts-from', 'organizations', '--shard', '3/2'], /shard 3 does not exist/],
    [
      ['--region', 'us-east-2', '--accounts-from', 'organizations', '--assume-role-name', 'a/b'],
      /not an IAM role name/,
    ],
    [
      ['--region', 'us-east-2', '--assume-role-name', 'R'],
      /All of the following must be provided when using --assume-role-name: --accounts-from/,
    ],
    [['--region', 'us-east-2', '--accounts-from', 'somewhere'], /Expected --accounts-from=somewhere to be one of/],
    [['--region', 'Ohio'], /--region "Ohio" is not an AWS region name/],
    [
      ['--region', 'us-east-2', '--accounts-from', 'organizations', '--role-arn', 'arn:aws:iam::111111111111:role/r'],
      /cannot also be provided/,
    ],
  ])('refuse %j with a clear error', async (argv, message) => {
    await expect(targetsFrom(argv)).rejects.toThrow(message);
  });
});
