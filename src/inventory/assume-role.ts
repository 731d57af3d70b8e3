import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClients } from '../aws/clients.js';
import type { RoleArn } from './role-arn.js';

/** Names the session in the target account's CloudTrail, so its owners can see who read and why. */
export const SESSION_NAME = 'reclaim-inventory';

/** Refresh this long before the credentials expire: a read in flight must not outlive them. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Credentials for `roleArn`, assumed once now (so a refusal surfaces before
 * any read, as that account's issue) and again shortly before they expire:
 * role chaining caps a session at one hour, and an organization's inventory
 * can take longer. Every AssumeRole goes through the caller's counted STS client.
 */
export async function assumeRole(caller: AwsClients, roleArn: RoleArn): Promise<AwsCredentialIdentityProvider> {
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const { Credentials: credentials } = await caller.sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: SESSION_NAME }),
    );
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
      throw new Error(`sts:AssumeRole of ${roleArn} answered without credentials`);
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
      ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
    };
  };
  let current = await assume();
  let refreshing: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const expiresAt = current.expiration?.getTime();
    if (expiresAt === undefined || expiresAt - Date.now() > REFRESH_MARGIN_MS) return current;
    // Many clients ask at once when the hour is up: one AssumeRole serves them all.
    refreshing ??= assume()
      .then((fresh) => (current = fresh))
      .finally(() => (refreshing = undefined));
    return refreshing;
  };
}
