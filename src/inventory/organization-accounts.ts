import { ListAccountsCommand, type Account } from '@aws-sdk/client-organizations';
import type { AwsClients } from '../aws/clients.js';
import { errorCode } from '../discover/aws-errors.js';
import { AwsError } from '../errors.js';
import { asAccountId, type AccountId } from './role-arn.js';

/**
 * The organization's ACTIVE accounts, sorted by id. Suspended accounts and
 * those pending closure or activation cannot be signed into, so assuming a
 * role in them would only fail.
 *
 * Not being able to list is the run's end, not an issue: without the list
 * there is nothing to read. Only the management account and a delegated
 * administrator may call ListAccounts.
 */
export async function listActiveAccounts(caller: AwsClients): Promise<AccountId[]> {
  const accounts: Account[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await caller.organizations.send(new ListAccountsCommand({ NextToken: token }));
      accounts.push(...(page.Accounts ?? []));
      token = page.NextToken || undefined;
    } while (token);
  } catch (error) {
    throw new AwsError(
      'ORGANIZATION_UNREADABLE',
      `organizations:ListAccounts: ${errorCode(error)}: ${(error as Error).message}; no account was read.`,
      [
        'Run from the management account or a delegated administrator, with organizations:ListAccounts allowed.',
        'Or name the accounts yourself with --role-arn (repeatable).',
      ],
      { cause: error },
    );
  }
  return accounts
    .filter((account) => (account.State ?? account.Status) === 'ACTIVE')
    .map((account) => asAccountId(account.Id, 'organizations:ListAccounts'))
    .sort();
}
