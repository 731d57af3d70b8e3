import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { isNotFound } from '../../discover/aws-errors.js';
import { ec2SecurityGroupHandler, flattenRules } from '../../discover/kinds/ec2-security-group.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { pollUntil, retryWhile } from '../wait.js';
import { assertCreatable, defined, optionalString, planUpdate, requiredString } from './converge.js';
import { declaredRules, syncRules, type Rule } from './ec2-security-group-rules.js';
import { declaredTags, tagChanges, tagList } from './tags.js';

const TYPE = 'AWS::EC2::SecurityGroup' as const;

/**
 * Network interfaces of a load balancer or of tasks deleted a moment ago keep
 * the group "in use" for a few minutes after their owner is gone.
 */
const STILL_ATTACHED = new Set(['DependencyViolation']);

/** The part of `permissions` that allows `groupId`, one permission per protocol and port range. */
function permissionsNaming(permissions: readonly IpPermission[], groupId: string): IpPermission[] {
  return permissions.flatMap((permission) => {
    const pairs = (permission.UserIdGroupPairs ?? []).filter((pair) => pair.GroupId === groupId);
    if (pairs.length === 0) return [];
    return [
      {
        IpProtocol: permission.IpProtocol,
        ...(permission.FromPort !== undefined ? { FromPort: permission.FromPort } : {}),
        ...(permission.ToPort !== undefined ? { ToPort: permission.ToPort } : {}),
        UserIdGroupPairs: pairs.map((pair) => ({
          GroupId: pair.GroupId,
          ...(pair.UserId ? { UserId: pair.UserId } : {}),
        })),
      },
    ];
  });
}

/** Other groups whose rules name `groupId`: EC2 refuses to delete a group that another group's rule refers to. */
async function groupsReferring(ctx: WriterContext, groupId: string): Promise<SecurityGroup[]> {
  const found = new Map<string, SecurityGroup>();
  for (const filter of ['ip-permission.group-id', 'egress.ip-permission.group-id']) {
    let nextToken: string | undefined;
    do {
      const page = await ctx.clients.ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: filter, Values: [groupId] }], NextToken: nextToken }),
      );
      for (const group of page.SecurityGroups ?? []) if (group.GroupId !== groupId) found.set(group.GroupId!, group);
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return [...found.values()];
}

/**
 * Clears the rules that other groups of this plan hold on `groupId`, so that
 * two groups allowing each other can both go. A group outside the plan that
 * still refers to this one stops the delete: its rule is not reclaim's to change.
 */
async function releaseReferences(ctx: WriterContext, groupId: string): Promise<void> {
  for (const other of await groupsReferring(ctx, groupId)) {
    if (!ctx.willDelete(TYPE, other.GroupId!)) {
      throw new Error(
        `security group ${other.GroupId} (${other.GroupName ?? ''}), which this plan does not delete, still refers to it in its rules`,
      );
    }
    const ingress = permissionsNaming(other.IpPermissions ?? [], groupId);
    const egress = permissionsNaming(other.IpPermissionsEgress ?? [], groupId);
    if (ingress.length > 0) {
      await ctx.clients.ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: other.GroupId, IpPermissions: ingress }),
      );
    }
    if (egress.length > 0) {
      await ctx.clients.ec2.send(
        new RevokeSecurityGroupEgressCommand({ GroupId: other.GroupId, IpPermissions: egress }),
      );
    }
  }
}

/** What `update` changes in place. GroupName, GroupDescription and VpcId are CloudFormation replacements. */
const UPDATABLE = new Set(['SecurityGroupIngress', 'SecurityGroupEgress', 'Tags']);

/** What `create` writes. */
const CREATABLE = new Set(['GroupName', 'GroupDescription', 'VpcId', ...UPDATABLE]);

/** The group as EC2 reports it now, or undefined while it cannot yet be found. */
async function describeGroup(ctx: WriterContext, groupId: string): Promise<SecurityGroup | undefined> {
  try {
    const described = await ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    return described.SecurityGroups?.[0];
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * EC2 is eventually consistent: a group just created can answer
 * InvalidGroup.NotFound for a moment (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html).
 * Returns the group once it is found, with the rules EC2 gave it.
 */
async function waitUntilGroupVisible(ctx: WriterContext, groupId: string): Promise<SecurityGroup> {
  let group: SecurityGroup | undefined;
  await pollUntil(
    async () => (group = await describeGroup(ctx, groupId)) !== undefined,
    ctx.wait,
    `security group ${groupId} can be read`,
  );
  return group!;
}

async function syncTags(ctx: WriterContext, groupId: string, declared: unknown, live: Record<string, string>) {
  const { set, remove } = tagChanges(declared, live);
  if (Object.keys(set).length > 0) {
    await ctx.clients.ec2.send(new CreateTagsCommand({ Resources: [groupId], Tags: tagList(set) }));
  }
  if (remove.length > 0) {
    await ctx.clients.ec2.send(new DeleteTagsCommand({ Resources: [groupId], Tags: remove.map((Key) => ({ Key })) }));
  }
}

export const ec2SecurityGroupWriter: KindWriter = {
  type: TYPE,

  /**
   * CreateSecurityGroup (name, description, VPC, tags), then the declared
   * rules. EC2 gives every new group an allow-all egress rule; it stays
   * when the file declares no `SecurityGroupEgress` (as CloudFormation does)
   * and goes when the declared egress does not include it. A failure after
   * the group exists deletes it again.
   */
  async create(ctx, change) {
    const properties = change.properties;
    assertCreatable(properties, CREATABLE);
    const declared = {
      ingress: declaredRules(properties.SecurityGroupIngress, 'ingress', 'SecurityGroupIngress'),
      egress: declaredRules(properties.SecurityGroupEgress, 'egress', 'SecurityGroupEgress'),
    };
    const tags = tagList(declaredTags(properties.Tags));
    const created = await ctx.clients.ec2.send(
      new CreateSecurityGroupCommand(
        defined({
          GroupName: requiredString(properties, 'GroupName'),
          Description: requiredString(properties, 'GroupDescription'),
          VpcId: optionalString(properties.VpcId),
          TagSpecifications: tags.length > 0 ? [{ ResourceType: 'security-group' as const, Tags: tags }] : undefined,
        }),
      ),
    );
    const groupId = created.GroupId!;
    try {
      const group = await waitUntilGroupVisible(ctx, groupId);
      for (const [direction, property, live] of [
        ['ingress', 'SecurityGroupIngress', group.IpPermissions],
        ['egress', 'SecurityGroupEgress', group.IpPermissionsEgress],
      ] as const) {
        if (!(property in properties)) continue;
        const current: Rule[] = flattenRules(live ?? [], direction, ctx.account);
        await syncRules(ctx, groupId, direction, declared[direction], current);
      }
    } catch (error) {
      ctx.note(`could not finish creating security group ${groupId}; deleting it again`);
      await ctx.clients.ec2
        .send(new DeleteSecurityGroupCommand({ GroupId: groupId }))
        .catch(() => ctx.note(`security group ${groupId} could not be deleted again; delete it by hand`));
      throw error;
    }
    return { physicalId: groupId };
  },

  /**
   * Makes the declared rule lists exactly so, each as a set (authorize what
   * is missing, revoke what is not declared), and the tags. A list the file
   * does not declare is left as it is.
   */
  async update(ctx, change) {
    const { live, todo } = await planUpdate(ctx, change, ec2SecurityGroupHandler, UPDATABLE);
    const groupId = change.physicalId;
    for (const [direction, property] of [
      ['ingress', 'SecurityGroupIngress'],
      ['egress', 'SecurityGroupEgress'],
    ] as const) {
      if (!todo.has(property)) continue;
      const declared = declaredRules(change.properties[property], direction, property);
      const current = declaredRules(live.properties[property], direction, `live ${property}`);
      await syncRules(ctx, groupId, direction, declared, current);
    }
    if (todo.has('Tags')) await syncTags(ctx, groupId, change.properties.Tags, { ...live.tags });
  },

  /**
   * Never a VPC's `default` group (EC2 refuses, and reclaim treats it as
   * external). Waits out network interfaces that are still detaching.
   */
  async delete(ctx, change) {
    const groupId = change.physicalId;
    try {
      const described = await ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
      const group = described.SecurityGroups?.[0];
      if (!group) return 'already-gone';
      if (group.GroupName === 'default') throw new Error("a VPC's default security group is never deleted");
      await releaseReferences(ctx, groupId);
      await retryWhile(
        () => ctx.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })),
        STILL_ATTACHED,
        ctx.wait,
        () => ctx.note(`security group ${groupId} is still attached to network interfaces; waiting for them to go`),
      );
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
