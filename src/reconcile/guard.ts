import type { AwsClients } from '../aws/clients.js';
import { errorCode } from '../discover/aws-errors.js';
import { AwsError, ReclaimError, UserError } from '../errors.js';

/** Who is about to act, and where: printed before anything changes. */
export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly region: string;
}

export interface Target {
  readonly account: string;
  readonly region: string;
}

/**
 * Asks STS who the credentials belong to and refuses, before anything is
 * changed, unless that is the expected account and the clients talk to the
 * expected region. Returns the identity for printing.
 */
export async function assertTarget(clients: AwsClients, target: Target): Promise<CallerIdentity> {
  let identity: { Account?: string; Arn?: string };
  try {
    identity = await clients.callerIdentity();
  } catch (error) {
    if (error instanceof ReclaimError) throw error;
    throw new AwsError(
      'NO_CREDENTIALS',
      `reading the caller identity (sts:GetCallerIdentity) in ${clients.region}: ${errorCode(error)}: ${(error as Error).message}`,
      ['Check your credentials: `aws sts get-caller-identity`'],
      { cause: error },
    );
  }
  const account = identity.Account ?? '';
  if (account !== target.account) {
    throw new UserError(
      'WRONG_ACCOUNT',
      `These credentials act in account ${account || '(unknown)'}, not ${target.account}: nothing was changed.`,
      ['Pick the right credentials (--profile, AWS_PROFILE), or the right --account.'],
    );
  }
  if (clients.region !== target.region) {
    throw new UserError(
      'WRONG_REGION',
      `This would act in ${clients.region}, not ${target.region}: nothing was changed.`,
      [`Pass --region ${target.region}.`],
    );
  }
  return { account, arn: identity.Arn ?? '', region: clients.region };
}
