import { DescribeSecurityGroupsCommand, type IpPermission, type SecurityGroup } from '@aws-sdk/client-ec2';
import { isNotFound, readIssue } from '../aws-errors.js';
import type {
  DiscoveredResource,
  DiscoveryContext,
  KindHandler,
  ListedResource,
  ReadResult,
  Reference,
} from '../kind-handler.js';
import { allPages } from '../paginate.js';
import { describedKey, takeDescribed } from '../described.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::EC2::SecurityGroup' as const;

/** DescribeSecurityGroups documents no id limit; 100 keeps the query string modest. */
const BATCH = 100;

type Rule = Record<string, string | number>;
type Direction = 'ingress' | 'egress';

/**
 * The API groups rules by protocol and port range, each group carrying lists of
 * CIDRs, groups and prefix lists. CloudFormation's `SecurityGroupIngress` /
 * `SecurityGroupEgress` have one peer per rule, so each permission is spread
 * into one rule per peer. Protocol `-1` (all traffic) carries no ports.
 */
export function flattenRules(permissions: readonly IpPermission[], direction: Direction, account: string): Rule[] {
  const group = direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId';
  const prefixList = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
  const rules: Rule[] = [];
  for (const permission of permissions) {
    const base: Rule = { IpProtocol: permission.IpProtocol! };
    if (permission.IpProtocol !== '-1') {
      if (permission.FromPort !== undefined) base.FromPort = permission.FromPort;
      if (permission.ToPort !== undefined) base.ToPort = permission.ToPort;
    }
    const add = (peer: Rule, description: string | undefined): void => {
      rules.push({ ...base, ...peer, ...(description ? { Description: description } : {}) });
    };
    for (const range of permission.IpRanges ?? []) add({ CidrIp: range.CidrIp! }, range.Description);
    for (const range of permission.Ipv6Ranges ?? []) add({ CidrIpv6: range.CidrIpv6! }, range.Description);
    for (const pair of permission.UserIdGroupPairs ?? []) {
      // Only a group in another account needs its owner spelled out (CloudFormation: SourceSecurityGroupOwnerId).
      const owner: Rule =
        direction === 'ingress' && pair.UserId && pair.UserId !== account
          ? { SourceSecurityGroupOwnerId: pair.UserId }
          : {};
      add({ [group]: pair.GroupId!, ...owner }, pair.Description);
    }
    for (const prefix of permission.PrefixListIds ?? [])
      add({ [prefixList]: prefix.PrefixListId! }, prefix.Description);
  }
  return rules.sort(compareRules);
}

const PEER_KEYS = [
  'CidrIp',
  'CidrIpv6',
  'SourceSecurityGroupId',
  'DestinationSecurityGroupId',
  'SourcePrefixListId',
  'DestinationPrefixListId',
];

function compareRules(a: Rule, b: Rule): number {
  const key = (rule: Rule): Array<string | number> => [
    String(rule.IpProtocol),
    Number(rule.FromPort ?? -2),
    Number(rule.ToPort ?? -2),
    ...PEER_KEYS.map((peer) => String(rule[peer] ?? '')),
    String(rule.Description ?? ''),
  ];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) {
    const [x, y] = [ka[i]!, kb[i]!];
    if (x === y) continue;
    return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

function toResource(group: SecurityGroup, account: string, foundByName: boolean): DiscoveredResource {
  const id = group.GroupId!;
  const ingress = flattenRules(group.IpPermissions ?? [], 'ingress', account);
  const egress = flattenRules(group.IpPermissionsEgress ?? [], 'egress', account);
  // A group that allows itself (every default group does) is no edge: a self-loop orders nothing.
  // Groups of other accounts cannot be read from this one, so they are not followed either.
  const peerReferences = (rules: Rule[], property: string, key: string): Reference[] =>
    rules.flatMap((rule, i): Reference[] => {
      const peer = rule[key];
      if (typeof peer !== 'string' || peer === id || rule.SourceSecurityGroupOwnerId) return [];
      return [{ type: TYPE, id: peer, via: `${property}.${i}.${key}`, kind: 'reference' }];
    });
  return {
    type: TYPE,
    physicalId: id,
    name: group.GroupName!,
    // A group asked for by name (CloudFormation reports default-VPC groups of older stacks that way) is tied back here.
    ...(foundByName ? { aliases: [group.GroupName!] } : {}),
    properties: {
      GroupName: group.GroupName,
      GroupDescription: group.Description,
      ...(group.VpcId ? { VpcId: group.VpcId } : {}),
      SecurityGroupIngress: ingress,
      SecurityGroupEgress: egress,
    },
    tags: Object.fromEntries((group.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])),
    references: [
      ...(group.VpcId ? [{ type: 'AWS::EC2::VPC', id: group.VpcId, via: 'VpcId', kind: 'reference' } as const] : []),
      ...peerReferences(ingress, 'SecurityGroupIngress', 'SourceSecurityGroupId'),
      ...peerReferences(egress, 'SecurityGroupEgress', 'DestinationSecurityGroupId'),
    ],
    // Every VPC has a `default` group that cannot be deleted: referenced and shown, never created or deleted.
    ...(group.GroupName === 'default' ? { external: true } : {}),
  };
}

type Key = 'GroupIds' | 'GroupNames';

/** The listing describes every group whole: reads by id take them from there. */
const LISTED = describedKey<SecurityGroup>(TYPE);

async function describe(
  ctx: DiscoveryContext,
  key: Key,
  ids: readonly string[],
  issues: ReadIssue[],
): Promise<SecurityGroup[]> {
  try {
    const output = await ctx.limit(() => ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ [key]: [...ids] })));
    return output.SecurityGroups ?? [];
  } catch (error) {
    // One missing id fails the whole batch (InvalidGroup.NotFound); ask again one by one.
    if (isNotFound(error) && ids.length > 1) {
      return (await Promise.all(ids.map((id) => describe(ctx, key, [id], issues)))).flat();
    }
    if (!isNotFound(error))
      issues.push(readIssue('ec2:DescribeSecurityGroups', error, { type: TYPE, physicalIds: ids }));
    return [];
  }
}

export const ec2SecurityGroupHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const unique = [...new Set(physicalIds)];
    // Anything not shaped like `sg-…` is a group name, which EC2 resolves in the default VPC only.
    const names = unique.filter((id) => !id.startsWith('sg-'));
    const calls: Array<[Key, string[]]> = [];
    const listed = await takeDescribed(
      ctx.described,
      LISTED,
      unique.filter((id) => id.startsWith('sg-')),
    );
    const ids = listed.missing;
    for (let start = 0; start < ids.length; start += BATCH) calls.push(['GroupIds', ids.slice(start, start + BATCH)]);
    for (let start = 0; start < names.length; start += BATCH)
      calls.push(['GroupNames', names.slice(start, start + BATCH)]);
    const found = [
      { key: 'GroupIds' as Key, groups: [...listed.found.values()] },
      ...(await Promise.all(
        calls.map(async ([key, batch]) => ({ key, groups: await describe(ctx, key, batch, issues) })),
      )),
    ];
    // Only a group that was asked for by name gets its name as an alias: names repeat across VPCs.
    const byName = new Set(
      found.flatMap(({ key, groups }) => (key === 'GroupNames' ? groups.map((g) => g.GroupId!) : [])),
    );
    const byId = new Map(found.flatMap(({ groups }) => groups.map((group) => [group.GroupId!, group] as const)));
    return {
      resources: [...byId.values()].map((group) => toResource(group, ctx.account, byName.has(group.GroupId!))),
      issues,
    };
  },

  async list(ctx): Promise<ListedResource[]> {
    const groups = allPages(
      ctx,
      (nextToken) =>
        ctx.clients.ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 1000, NextToken: nextToken })),
      (page) => page.NextToken,
    ).then((pages) => pages.flatMap((page) => page.SecurityGroups ?? []));
    const described = ctx.described?.fill(LISTED, groups, (group) => [group.GroupId!]) ?? groups;
    return (await described).map((group) => ({ physicalId: group.GroupId!, name: group.GroupName! }));
  },
};
