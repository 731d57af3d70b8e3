/**
 * IAM roles read in bulk, for the account view: `iam:ListRoles` and
 * `iam:GetAccountAuthorizationDetails` (Filter Role) together carry
 * everything the per-role reads of `iam-role.ts` get (GetRole,
 * ListRolePolicies, GetRolePolicy per policy, ListAttachedRolePolicies), a
 * thousand roles a page: four or more calls a role become two calls a
 * thousand. Neither alone is enough: the authorization details lack a role's
 * Description and MaxSessionDuration, ListRoles lacks its tags and permissions
 * boundary. A caller refused the authorization details gets `undefined`, and
 * roles are read one by one as before.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
import { GetAccountAuthorizationDetailsCommand, ListRolesCommand, type Role } from '@aws-sdk/client-iam';
import type { DiscoveryContext, ListedResource } from '../kind-handler.js';
import { allPages } from '../paginate.js';
import { decodePolicyDocument, type InlinePolicy } from './iam-role.js';

/** One role as the per-role reads would have put it together. */
export interface PrefetchedRole {
  /** The role with ListRoles' fields, and the tags and permissions boundary from the authorization details. */
  readonly role: Role;
  readonly inline: readonly InlinePolicy[];
  readonly managed: readonly string[];
}

export interface BulkRoles {
  /** Every role ListRoles returned: the role type's listing. */
  readonly roles: Promise<Role[]>;
  /** Roles by name, or undefined when the caller may not read the authorization details. */
  readonly details: Promise<ReadonlyMap<string, PrefetchedRole> | undefined>;
}

export interface BulkRolesOptions {
  /**
   * Read the authorization details only once ListRoles has answered, and only
   * when the account has at most this many roles: one-stack discovery reads a
   * handful of roles, and in a large account the details of every role (their
   * policies included) cost more than the few per-role reads they replace.
   * Unset (the account view, which reads every role): both reads start at once.
   */
  readonly detailsWhenRolesAtMost?: number;
}

/** ListRoles' roles as the role type's listing names them. */
export const listedRoles = (roles: readonly Role[]): ListedResource[] =>
  roles.map((role) => ({ physicalId: role.RoleName!, name: role.RoleName! }));

/** Starts both bulk reads; `roles` rejects as a listing would, `details` never rejects. */
export function readRolesInBulk(
  ctx: Pick<DiscoveryContext, 'clients' | 'limit'>,
  options: BulkRolesOptions = {},
): BulkRoles {
  const roles = allPages(
    ctx,
    (marker) => ctx.clients.iam.send(new ListRolesCommand({ Marker: marker, MaxItems: 1000 })),
    (page) => (page.IsTruncated ? page.Marker : undefined),
  ).then((pages) => pages.flatMap((page) => page.Roles ?? []));
  const atMost = options.detailsWhenRolesAtMost;
  const worthIt = atMost === undefined ? Promise.resolve(true) : roles.then((listed) => listed.length <= atMost);
  const readDetails = () =>
    allPages(
      ctx,
      (marker) =>
        ctx.clients.iam.send(
          new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], Marker: marker, MaxItems: 1000 }),
        ),
      (page) => (page.IsTruncated ? page.Marker : undefined),
    ).then((pages) => pages.flatMap((page) => page.RoleDetailList ?? []));
  const authorization =
    atMost === undefined
      ? readDetails()
      : worthIt.then((yes) => (yes ? readDetails() : Promise.reject(new Error('too many roles to read in bulk'))));

  const details = Promise.all([roles, authorization]).then(
    ([listed, detailed]) => {
      const byName = new Map(detailed.map((detail) => [detail.RoleName!, detail]));
      const result = new Map<string, PrefetchedRole>();
      for (const role of listed) {
        const detail = byName.get(role.RoleName!);
        // Made between the two reads: left to the per-role read.
        if (!detail) continue;
        result.set(role.RoleName!, {
          role: {
            ...role,
            ...(detail.Tags ? { Tags: detail.Tags } : {}),
            ...(detail.PermissionsBoundary ? { PermissionsBoundary: detail.PermissionsBoundary } : {}),
          },
          inline: (detail.RolePolicyList ?? [])
            .map((policy) => ({
              PolicyName: policy.PolicyName!,
              PolicyDocument: decodePolicyDocument(policy.PolicyDocument ?? ''),
            }))
            .sort((a, b) => a.PolicyName.localeCompare(b.PolicyName)),
          managed: (detail.AttachedManagedPolicies ?? []).map((policy) => policy.PolicyArn!).sort(),
        });
      }
      return result as ReadonlyMap<string, PrefetchedRole>;
    },
    // Denied (or failed): nothing is lost, the roles are read one by one instead.
    () => undefined,
  );
  return { roles, details };
}
