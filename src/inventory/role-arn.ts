import { UserError } from '../errors.js';

/** A role's ARN, checked: `arn:aws:iam::123456789012:role/path/name`. */
export type RoleArn = string & { readonly __brand: 'RoleArn' };

/** A 12-digit AWS account id. */
export type AccountId = string & { readonly __brand: 'AccountId' };

// IAM role names and paths: letters, digits and +=,.@_- (paths add /). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export interface ParsedRoleArn {
  readonly arn: RoleArn;
  readonly partition: string;
  readonly account: AccountId;
}

/** The account a role belongs to is in its ARN: no call is needed to know which shard it falls in. */
export function parseRoleArn(value: string, flag = '--role-arn'): ParsedRoleArn {
  const match = ROLE_ARN.exec(value);
  if (!match) {
    throw new UserError('BAD_ROLE_ARN', `${flag} "${value}" is not an IAM role ARN.`, [
      `Write it as arn:aws:iam::123456789012:role/NAME (the role's ARN in the IAM console).`,
    ]);
  }
  return { arn: value as RoleArn, partition: match[1]!, account: match[2]! as AccountId };
}

export function checkRoleName(value: string, flag = '--assume-role-name'): string {
  if (ROLE_NAME.test(value)) return value;
  throw new UserError('BAD_ROLE_NAME', `${flag} "${value}" is not an IAM role name.`, [
    'Give the role name only, as it is in every member account: OrganizationAccountAccessRole, say.',
  ]);
}

export function roleArnIn(partition: string, account: AccountId, roleName: string): RoleArn {
  return `arn:${partition}:iam::${account}:role/${roleName}` as RoleArn;
}

export function asAccountId(value: string | undefined, source: string): AccountId {
  if (value && /^\d{12}$/.test(value)) return value as AccountId;
  throw new Error(`${source} gave "${value ?? ''}", which is not a 12-digit account id`);
}
