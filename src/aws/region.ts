import { STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../errors.js';

/**
 * The region to work in, resolved the way the AWS CLI does: the flag, then
 * AWS_REGION / AWS_DEFAULT_REGION, then the profile's `region` in ~/.aws/config.
 * Asking an SDK client for its region reuses the SDK's own resolution chain.
 */
export async function resolveRegion(flagRegion: string | undefined, profile: string | undefined): Promise<string> {
  if (flagRegion) return checkRegionName(flagRegion, '--region');
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return checkRegionName(fromEnv, process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION');
  try {
    const region = await new STSClient(profile ? { profile } : {}).config.region();
    if (region) return checkRegionName(region, `the region of profile ${profile ?? 'default'}`);
  } catch {
    // No region anywhere in the chain: say so below.
  }
  throw new UserError('NO_REGION', 'No AWS region is set.', [
    'Pass --region us-east-2, set AWS_REGION, or add `region = …` to your profile in ~/.aws/config.',
  ]);
}

/**
 * Every AWS region name is a two-letter area, one or more words, and a number:
 * us-east-2, us-gov-west-1, ap-southeast-7. A name of another shape would only
 * fail later, as an endpoint host that does not exist; refuse it before any call.
 * (Whether a well-formed name such as us-east-9 exists is for AWS to say: its
 * endpoint host does not resolve, and that failure names the host.)
 */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

function checkRegionName(region: string, source: string): string {
  if (REGION_NAME.test(region)) return region;
  throw new UserError('BAD_REGION', `${source} "${region}" is not an AWS region name.`, [
    'A region is written like us-east-2 or eu-west-1: `aws account list-regions` lists those of your account.',
  ]);
}
