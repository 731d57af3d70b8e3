import { ListInstanceProfilesCommand } from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../aws/clients.js';
import { readIssue } from '../discover/aws-errors.js';
import { roleNameFrom } from '../discover/kinds/iam-role.js';
import { allPages } from '../discover/paginate.js';
import type { ReadIssue } from '../model/snapshot.js';
import type { Limiter } from '../util/limiter.js';

/**
 * A user of a role that reclaim lists but does not model: an EC2 instance
 * profile (the role is an instance's role) or a Lambda function (the role is
 * the function's execution role). Neither is in any stack's graph, so no
 * snapshot shows it; deleting the role would break it all the same.
 */
export interface RoleUser {
  /** The role's name (role ARNs carry a path; names are unique in an account). */
  readonly role: string;
  readonly type: 'AWS::IAM::InstanceProfile' | 'AWS::Lambda::Function';
  /** The profile's or the function's name. */
  readonly name: string;
  /** The user's property that names the role, in CloudFormation's spelling. */
  readonly via: 'Roles' | 'Role';
}

export interface RoleUsers {
  readonly users: readonly RoleUser[];
  /** Listings that failed: a role they might name cannot be called unused. */
  readonly issues: readonly ReadIssue[];
}

/**
 * Lists every instance profile and every Lambda function of the account and
 * region, once each (two paginated listings, not a call per role). Read-only.
 */
export async function listRoleUsers(clients: AwsClients, limit: Limiter): Promise<RoleUsers> {
  const ctx = { limit };
  const issues: ReadIssue[] = [];
  const attempt = async (operation: string, list: () => Promise<RoleUser[]>): Promise<RoleUser[]> => {
    try {
      return await list();
    } catch (error) {
      issues.push(readIssue(operation, error, { type: 'AWS::IAM::Role' }));
      return [];
    }
  };
  const [profiles, functions] = await Promise.all([
    attempt('iam:ListInstanceProfiles', async () =>
      (
        await allPages(
          ctx,
          (Marker) => clients.iam.send(new ListInstanceProfilesCommand({ Marker })),
          (page) => (page.IsTruncated ? page.Marker : undefined),
        )
      ).flatMap((page) =>
        (page.InstanceProfiles ?? []).flatMap((profile) =>
          (profile.Roles ?? []).map((role): RoleUser => ({
            role: role.RoleName ?? roleNameFrom(role.Arn ?? ''),
            type: 'AWS::IAM::InstanceProfile',
            name: profile.InstanceProfileName!,
            via: 'Roles',
          })),
        ),
      ),
    ),
    attempt('lambda:ListFunctions', async () =>
      (
        await allPages(
          ctx,
          (Marker) => clients.lambda.send(new ListFunctionsCommand({ Marker })),
          (page) => page.NextMarker,
        )
      ).flatMap((page) =>
        (page.Functions ?? [])
          .filter((fn) => fn.Role)
          .map((fn): RoleUser => ({
            role: roleNameFrom(fn.Role!),
            type: 'AWS::Lambda::Function',
            name: fn.FunctionName!,
            via: 'Role',
          })),
      ),
    ),
  ]);
  return { users: [...profiles, ...functions], issues };
}
