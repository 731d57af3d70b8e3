import {
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ListedResource, ReadResult } from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::IAM::Role' as const;

/**
 * The role name from a name or a role ARN. Role ARNs carry the role's path
 * (`role/service-role/codebuild-bash-dog-service-role`), and the name is the
 * last segment: IAM role names cannot contain `/`.
 */
export function roleNameFrom(id: string): string {
  const arn = parseArn(id);
  if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('role/')) return id;
  return arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
}

/**
 * IAM returns policy documents URL-encoded (RFC 3986) and SDK v3 does not decode
 * them. A document that still does not parse is kept as the decoded text rather
 * than failing the read.
 */
export function decodePolicyDocument(encoded: string): unknown {
  const text = decodeURIComponent(encoded);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: unknown;
}

async function inlinePoliciesOf(
  ctx: DiscoveryContext,
  roleName: string,
  issues: ReadIssue[],
): Promise<InlinePolicy[] | undefined> {
  const about = { type: TYPE, physicalIds: [roleName] };
  let names: string[];
  try {
    const pages = await allPages(
      ctx,
      (marker) => ctx.clients.iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker })),
      (page) => (page.IsTruncated ? page.Marker : undefined),
    );
    names = pages.flatMap((page) => page.PolicyNames ?? []);
  } catch (error) {
    issues.push(readIssue('iam:ListRolePolicies', error, about));
    return undefined;
  }
  const documents = await Promise.all(
    names.map(async (policyName) => {
      try {
        const output = await ctx.limit(() =>
          ctx.clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
        );
        return { PolicyName: policyName, PolicyDocument: decodePolicyDocument(output.PolicyDocument ?? '') };
      } catch (error) {
        issues.push(readIssue('iam:GetRolePolicy', error, about));
        return undefined;
      }
    }),
  );
  if (documents.some((document) => document === undefined)) return undefined;
  return (documents as InlinePolicy[]).sort((a, b) => a.PolicyName.localeCompare(b.PolicyName));
}

async function managedPoliciesOf(
  ctx: DiscoveryContext,
  roleName: string,
  issues: ReadIssue[],
): Promise<string[] | undefined> {
  let arns: string[];
  try {
    const pages = await allPages(
      ctx,
      (marker) => ctx.clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker })),
      (page) => (page.IsTruncated ? page.Marker : undefined),
    );
    arns = pages.flatMap((page) => page.AttachedPolicies ?? []).map((policy) => policy.PolicyArn!);
  } catch (error) {
    issues.push(readIssue('iam:ListAttachedRolePolicies', error, { type: TYPE, physicalIds: [roleName] }));
    return undefined;
  }
  return arns.sort();
}

function toResource(role: Role, inline: readonly InlinePolicy[], managed: readonly string[]): DiscoveredResource {
  const name = role.RoleName!;
  return {
    type: TYPE,
    physicalId: name,
    name,
    aliases: [role.Arn!],
    properties: {
      RoleName: name,
      Path: role.Path ?? '/',
      AssumeRolePolicyDocument: decodePolicyDocument(role.AssumeRolePolicyDocument ?? ''),
      ...(role.Description ? { Description: role.Description } : {}),
      MaxSessionDuration: role.MaxSessionDuration ?? 3600,
      ...(role.PermissionsBoundary?.PermissionsBoundaryArn
        ? { PermissionsBoundary: role.PermissionsBoundary.PermissionsBoundaryArn }
        : {}),
      ...(inline.length > 0 ? { Policies: inline } : {}),
      ...(managed.length > 0 ? { ManagedPolicyArns: managed } : {}),
    },
    attributes: { Arn: role.Arn!, RoleId: role.RoleId! },
    tags: Object.fromEntries((role.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])),
    references: [],
  };
}

async function readRole(
  ctx: DiscoveryContext,
  roleName: string,
  issues: ReadIssue[],
): Promise<DiscoveredResource | undefined> {
  let role: Role;
  try {
    // GetRole carries the tags, so ListRoleTags is not needed.
    const output = await ctx.limit(() => ctx.clients.iam.send(new GetRoleCommand({ RoleName: roleName })));
    role = output.Role!;
  } catch (error) {
    if (!isNotFound(error)) issues.push(readIssue('iam:GetRole', error, { type: TYPE, physicalIds: [roleName] }));
    return undefined;
  }
  const [inline, managed] = await Promise.all([
    inlinePoliciesOf(ctx, roleName, issues),
    managedPoliciesOf(ctx, roleName, issues),
  ]);
  const resource = toResource(role, inline ?? [], managed ?? []);
  return inline && managed ? resource : { ...resource, unknown: true };
}

export const iamRoleHandler: KindHandler = {
  type: TYPE,
  canonicalId: roleNameFrom,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const bulk = await ctx.prefetched?.iamRoles;
    // IAM has no batch read for roles: one GetRole per name, run concurrently under the limiter,
    // unless the account view read them all in bulk (`iam-role-bulk.ts`).
    const read = await Promise.all(
      physicalIds.map((name) => {
        const prefetched = bulk?.get(name);
        return prefetched
          ? toResource(prefetched.role, prefetched.inline, prefetched.managed)
          : readRole(ctx, name, issues);
      }),
    );
    return { resources: read.filter((resource): resource is DiscoveredResource => resource !== undefined), issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (marker) => ctx.clients.iam.send(new ListRolesCommand({ Marker: marker, MaxItems: 1000 })),
      (page) => (page.IsTruncated ? page.Marker : undefined),
    );
    return pages
      .flatMap((page) => page.Roles ?? [])
      .map((role) => ({ physicalId: role.RoleName!, name: role.RoleName! }));
  },
};
