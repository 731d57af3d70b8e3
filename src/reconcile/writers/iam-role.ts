import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListInstanceProfilesForRoleCommand,
  PutRolePermissionsBoundaryCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { isNotFound } from '../../discover/aws-errors.js';
import { iamRoleHandler, roleNameFrom } from '../../discover/kinds/iam-role.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { pollUntil, retryWhile } from '../wait.js';
import { assertCreatable, defined, optionalNumber, optionalString, planUpdate, requiredString } from './converge.js';
import {
  attachedPolicyArns,
  declaredArns,
  declaredPolicies,
  inlinePolicyNames,
  policyText,
  syncInlinePolicies,
  syncManagedPolicies,
  type InlinePolicy,
} from './iam-role-policies.js';
import { declaredTags, tagChanges, tagList } from './tags.js';

const TYPE = 'AWS::IAM::Role' as const;

/** IAM is eventually consistent: a policy detached a moment ago can still block DeleteRole with DeleteConflict. */
const NOT_YET = new Set(['DeleteConflict', 'DeleteConflictException']);

/** What `update` changes in place. RoleName and Path are CloudFormation replacements. */
const UPDATABLE = new Set([
  'AssumeRolePolicyDocument',
  'Description',
  'MaxSessionDuration',
  'PermissionsBoundary',
  'Policies',
  'ManagedPolicyArns',
  'Tags',
]);

/** What `create` writes. */
const CREATABLE = new Set(['RoleName', 'Path', ...UPDATABLE]);

/**
 * IAM is eventually consistent: a role just created may not be found by the
 * next call for a few seconds (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 */
async function waitUntilRoleVisible(ctx: WriterContext, roleName: string): Promise<void> {
  await pollUntil(
    async () => {
      try {
        await ctx.clients.iam.send(new GetRoleCommand({ RoleName: roleName }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    ctx.wait,
    `IAM role ${roleName} can be read`,
  );
}

async function syncTags(ctx: WriterContext, roleName: string, declared: unknown, live: Record<string, string>) {
  const { set, remove } = tagChanges(declared, live);
  if (Object.keys(set).length > 0) {
    await ctx.clients.iam.send(new TagRoleCommand({ RoleName: roleName, Tags: tagList(set) }));
  }
  if (remove.length > 0) await ctx.clients.iam.send(new UntagRoleCommand({ RoleName: roleName, TagKeys: remove }));
}

export const iamRoleWriter: KindWriter = {
  type: TYPE,

  /**
   * CreateRole (trust policy, path, description, session duration, boundary,
   * tags), then the inline policies and the managed ones once IAM answers for
   * the role. A failure after CreateRole deletes the role again.
   */
  async create(ctx, change) {
    const properties = change.properties;
    assertCreatable(properties, CREATABLE);
    const roleName = requiredString(properties, 'RoleName');
    if (properties.AssumeRolePolicyDocument === undefined) {
      throw new Error('AssumeRolePolicyDocument must be declared to create it');
    }
    const policies = properties.Policies === undefined ? [] : declaredPolicies(properties.Policies);
    const managed = properties.ManagedPolicyArns === undefined ? [] : declaredArns(properties.ManagedPolicyArns);
    const tags = tagList(declaredTags(properties.Tags));
    await ctx.clients.iam.send(
      new CreateRoleCommand(
        defined({
          RoleName: roleName,
          Path: optionalString(properties.Path),
          AssumeRolePolicyDocument: policyText(properties.AssumeRolePolicyDocument),
          Description: optionalString(properties.Description) || undefined,
          MaxSessionDuration: optionalNumber(properties.MaxSessionDuration),
          PermissionsBoundary: optionalString(properties.PermissionsBoundary),
          Tags: tags.length > 0 ? tags : undefined,
        }),
      ),
    );
    try {
      await waitUntilRoleVisible(ctx, roleName);
      await syncInlinePolicies(ctx, roleName, policies, []);
      await syncManagedPolicies(ctx, roleName, managed, []);
    } catch (error) {
      ctx.note(`could not finish creating role ${roleName}; deleting it again`);
      await iamRoleWriter.delete!(ctx, {
        action: 'delete',
        id: change.id,
        type: TYPE,
        physicalId: roleName,
        reason: 'a create that failed half way',
        properties: {},
        attributes: {},
      }).catch(() => ctx.note(`role ${roleName} could not be deleted again; delete it by hand`));
      throw error;
    }
    return { physicalId: roleName };
  },

  /**
   * Brings the declared, planned properties to their declared value, read
   * fresh: the trust policy (UpdateAssumeRolePolicy), description and session
   * duration (UpdateRole, which gets both, as it resets the one left out),
   * the permissions boundary, every inline policy (put what differs, delete
   * what the file does not list), the attached managed policies, and tags.
   */
  async update(ctx, change) {
    const { live, todo } = await planUpdate(ctx, change, iamRoleHandler, UPDATABLE);
    const roleName = roleNameFrom(change.physicalId);
    const declared = change.properties;
    const iam = ctx.clients.iam;
    if (todo.has('AssumeRolePolicyDocument')) {
      await iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: roleName,
          PolicyDocument: policyText(declared.AssumeRolePolicyDocument),
        }),
      );
    }
    if (todo.has('Description') || todo.has('MaxSessionDuration')) {
      const description = todo.has('Description')
        ? (optionalString(declared.Description) ?? '')
        : optionalString(live.properties.Description);
      const duration = todo.has('MaxSessionDuration')
        ? (optionalNumber(declared.MaxSessionDuration) ?? 3600)
        : optionalNumber(live.properties.MaxSessionDuration);
      await iam.send(
        new UpdateRoleCommand(defined({ RoleName: roleName, Description: description, MaxSessionDuration: duration })),
      );
    }
    if (todo.has('PermissionsBoundary')) {
      const boundary = optionalString(declared.PermissionsBoundary);
      if (boundary) {
        await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: roleName, PermissionsBoundary: boundary }));
      } else await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: roleName }));
    }
    if (todo.has('Policies')) {
      const livePolicies = (live.properties.Policies as InlinePolicy[] | undefined) ?? [];
      await syncInlinePolicies(ctx, roleName, declaredPolicies(declared.Policies ?? []), livePolicies);
    }
    if (todo.has('ManagedPolicyArns')) {
      const liveArns = (live.properties.ManagedPolicyArns as string[] | undefined) ?? [];
      await syncManagedPolicies(ctx, roleName, declaredArns(declared.ManagedPolicyArns ?? []), liveArns);
    }
    if (todo.has('Tags')) await syncTags(ctx, roleName, declared.Tags, { ...live.tags });
  },

  /**
   * IAM refuses to delete a role that still has policies (DeleteConflict), so
   * the managed policies are detached and the inline ones deleted first. A role
   * in an instance profile belongs to EC2 as well: planning skips such roles,
   * and should one have gained a profile since, the delete fails rather than
   * pulling it out from under an instance.
   */
  async delete(ctx, change) {
    const roleName = roleNameFrom(change.physicalId);
    try {
      await ctx.clients.iam.send(new GetRoleCommand({ RoleName: roleName }));
      const profiles = await ctx.clients.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: roleName }));
      const profileNames = (profiles.InstanceProfiles ?? []).map((profile) => profile.InstanceProfileName);
      if (profileNames.length > 0) {
        throw new Error(`the role is in instance profile(s) ${profileNames.join(', ')}, which reclaim does not manage`);
      }
      const [managed, inline] = await Promise.all([
        attachedPolicyArns(ctx, roleName),
        inlinePolicyNames(ctx, roleName),
      ]);
      await Promise.all([
        ...managed.map((PolicyArn) =>
          ctx.clients.iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn })),
        ),
        ...inline.map((PolicyName) =>
          ctx.clients.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName })),
        ),
      ]);
      await retryWhile(() => ctx.clients.iam.send(new DeleteRoleCommand({ RoleName: roleName })), NOT_YET, ctx.wait);
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
