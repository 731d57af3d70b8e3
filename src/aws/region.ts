import { STSClient } from '@aws-sdk/client-sts';
import { UserError } from '../errors.js';

/**
 * The region to work in, resolved the way the AWS CLI does: the flag, then
 * AWS_REGION / AWS_DEFAULT_REGION, then the profile's `region` in ~/.aws/config.
 * Asking an SDK client for its region reuses the SDK's own resolution chain.
 */
export async function resolveRegion(flagRegion: string | undefined, profile: string | undefined): Promise<string> {
  if (flagRegion) return flagRegion;
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  try {
    const region = await new STSClient(profile ? { profile } : {}).config.region();
    if (region) return region;
  } catch {
    // No region anywhere in the chain: say so below.
  }
  throw new UserError('NO_REGION', 'No AWS region is set.', [
    'Pass --region us-east-2, set AWS_REGION, or add `region = …` to your profile in ~/.aws/config.',
  ]);
}
