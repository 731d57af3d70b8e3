import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients.js';

/** The two opt-in states in which an account can use a region. */
const ENABLED = new Set(['opt-in-not-required', 'opted-in']);

/**
 * The regions this account has enabled, sorted, asked of EC2 in the
 * account itself (opt-in regions are enabled per account). DescribeRegions
 * without AllRegions already leaves out the disabled ones on AWS; the
 * opt-in status is checked too because emulators list every region.
 */
export async function enabledRegions(clients: AwsClients): Promise<string[]> {
  const { Regions: regions = [] } = await clients.ec2.send(new DescribeRegionsCommand({}));
  return regions
    .filter((region) => region.RegionName && ENABLED.has(region.OptInStatus ?? 'opt-in-not-required'))
    .map((region) => region.RegionName!)
    .sort();
}
