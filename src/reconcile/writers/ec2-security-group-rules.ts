import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import type { WriterContext } from '../kind-writer.js';

/**
 * Security group rules in CloudFormation's flat shape (one peer per rule, as
 * discovery reads them), turned into the API's permissions, and the sync
 * that makes a group's rules of one direction exactly the declared set.
 */

export type Direction = 'ingress' | 'egress';
export type Rule = Readonly<Record<string, unknown>>;

/** The one peer a rule names, by direction, and how the API spells it. */
const PEERS: Record<Direction, readonly string[]> = {
  ingress: ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'SourcePrefixListId'],
  egress: ['CidrIp', 'CidrIpv6', 'DestinationSecurityGroupId', 'DestinationPrefixListId'],
};

/** EC2 answers with the protocol's name when it has one: a rule declared `6` reads back `tcp`. */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

const protocolOf = (rule: Rule): string => {
  const protocol = String(rule.IpProtocol ?? '').toLowerCase();
  return PROTOCOL_NAMES[protocol] ?? protocol;
};

function peerOf(rule: Rule, direction: Direction, where: string): [string, string] {
  const present = PEERS[direction].filter((key) => rule[key] !== undefined && rule[key] !== null);
  if (present.length !== 1 || rule.IpProtocol === undefined) {
    throw new Error(
      `${where} needs an IpProtocol and exactly one of ${PEERS[direction].join(', ')} (reclaim writes no other peer)`,
    );
  }
  return [present[0]!, String(rule[present[0]!])];
}

/** A rule's identity without its description: what AWS matches when it authorizes or revokes. */
function ruleKey(rule: Rule, direction: Direction, where: string): string {
  const protocol = protocolOf(rule);
  const ports = protocol === '-1' ? [] : [Number(rule.FromPort ?? -1), Number(rule.ToPort ?? -1)];
  const owner = rule.SourceSecurityGroupOwnerId === undefined ? [] : [String(rule.SourceSecurityGroupOwnerId)];
  return JSON.stringify([protocol, ...ports, ...peerOf(rule, direction, where), ...owner]);
}

const descriptionOf = (rule: Rule): string => (typeof rule.Description === 'string' ? rule.Description : '');

/** One rule as the single-peer permission the API takes. */
function toPermission(rule: Rule, direction: Direction, where: string): IpPermission {
  const [peer, value] = peerOf(rule, direction, where);
  const protocol = protocolOf(rule);
  const description = descriptionOf(rule) ? { Description: descriptionOf(rule) } : {};
  const permission: IpPermission = {
    IpProtocol: protocol,
    ...(protocol === '-1' ? {} : { FromPort: Number(rule.FromPort ?? -1), ToPort: Number(rule.ToPort ?? -1) }),
  };
  if (peer === 'CidrIp') permission.IpRanges = [{ CidrIp: value, ...description }];
  else if (peer === 'CidrIpv6') permission.Ipv6Ranges = [{ CidrIpv6: value, ...description }];
  else if (peer.endsWith('PrefixListId')) permission.PrefixListIds = [{ PrefixListId: value, ...description }];
  else {
    const owner = rule.SourceSecurityGroupOwnerId;
    permission.UserIdGroupPairs = [{ GroupId: value, ...(owner ? { UserId: String(owner) } : {}), ...description }];
  }
  return permission;
}

/** The rules of one direction, each checked for a protocol and exactly one peer, so a bad one fails before any call. */
export function declaredRules(value: unknown, direction: Direction, property: string): Rule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((rule) => typeof rule !== 'object' || rule === null)) {
    throw new Error(`${property} must be a list of rules`);
  }
  value.forEach((rule: Rule, i) => peerOf(rule, direction, `${property}.${i}`));
  return value as Rule[];
}

type Send = (ctx: WriterContext, GroupId: string, IpPermissions: IpPermission[]) => Promise<unknown>;

/** The three calls of each direction (the SDK's command classes differ by direction, not by shape). */
const CALLS: Record<Direction, { authorize: Send; redescribe: Send; revoke: Send }> = {
  ingress: {
    authorize: (ctx, GroupId, IpPermissions) =>
      ctx.clients.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions })),
    redescribe: (ctx, GroupId, IpPermissions) =>
      ctx.clients.ec2.send(new UpdateSecurityGroupRuleDescriptionsIngressCommand({ GroupId, IpPermissions })),
    revoke: (ctx, GroupId, IpPermissions) =>
      ctx.clients.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions })),
  },
  egress: {
    authorize: (ctx, GroupId, IpPermissions) =>
      ctx.clients.ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId, IpPermissions })),
    redescribe: (ctx, GroupId, IpPermissions) =>
      ctx.clients.ec2.send(new UpdateSecurityGroupRuleDescriptionsEgressCommand({ GroupId, IpPermissions })),
    revoke: (ctx, GroupId, IpPermissions) =>
      ctx.clients.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId, IpPermissions })),
  },
};

/**
 * Makes the group's rules of one direction exactly `declared`, as a set:
 * authorizes what is missing first (so traffic the file allows never stops),
 * rewrites descriptions in place, then revokes what the file does not list.
 * `live` is the group's rules as discovery flattens them.
 */
export async function syncRules(
  ctx: WriterContext,
  groupId: string,
  direction: Direction,
  declared: readonly Rule[],
  live: readonly Rule[],
): Promise<void> {
  const property = direction === 'ingress' ? 'SecurityGroupIngress' : 'SecurityGroupEgress';
  const wanted = new Map(declared.map((rule, i) => [ruleKey(rule, direction, `${property}.${i}`), rule]));
  const current = new Map(live.map((rule, i) => [ruleKey(rule, direction, `live ${property}.${i}`), rule]));
  const toPermissions = (rules: Rule[]) => rules.map((rule, i) => toPermission(rule, direction, `${property}.${i}`));
  const add = [...wanted].filter(([key]) => !current.has(key)).map(([, rule]) => rule);
  const redescribe = [...wanted]
    .filter(([key, rule]) => current.has(key) && descriptionOf(current.get(key)!) !== descriptionOf(rule))
    .map(([, rule]) => rule);
  const revoke = [...current].filter(([key]) => !wanted.has(key)).map(([, rule]) => rule);
  const calls = CALLS[direction];
  if (add.length > 0) await calls.authorize(ctx, groupId, toPermissions(add));
  if (redescribe.length > 0) await calls.redescribe(ctx, groupId, toPermissions(redescribe));
  // Descriptions play no part in revoking: AWS matches protocol, ports and peer.
  if (revoke.length > 0) {
    await calls.revoke(ctx, groupId, toPermissions(revoke.map((rule) => ({ ...rule, Description: undefined }))));
  }
}
