import type { Edge, LogicalId } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';

/**
 * Where each type falls when nothing in the graph decides between two
 * resources: the teardown sequence of issue 5 (pipeline first; the service
 * before its task definitions; listeners, then the load balancer, then the
 * target groups; roles before security groups; CloudFormation stacks last,
 * after everything they own).
 */
const DELETE_RANK: Readonly<Record<ResourceType, number>> = {
  // The front door first (teardown --include-dns): visitors stop reaching the stack before it goes.
  'Cloudflare::Rulesets::ConfigRule': -2,
  'Cloudflare::DNS::Record': -1,
  'AWS::CodePipeline::Pipeline': 0,
  'AWS::CodeBuild::Project': 1,
  'AWS::CodeDeploy::DeploymentGroup': 2,
  'AWS::CodeDeploy::Application': 3,
  'AWS::ECS::Service': 4,
  'AWS::ECS::TaskDefinition': 5,
  // After the service that names it, before the listener that holds it.
  'AWS::ElasticLoadBalancingV2::ListenerRule': 5.5,
  'AWS::ElasticLoadBalancingV2::Listener': 6,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 7,
  'AWS::ElasticLoadBalancingV2::TargetGroup': 8,
  'AWS::ECS::Cluster': 9,
  'AWS::ECR::Repository': 10,
  'AWS::SecretsManager::Secret': 11,
  'AWS::Logs::LogGroup': 12,
  'AWS::IAM::Role': 13,
  'AWS::EC2::SecurityGroup': 14,
  'AWS::CertificateManager::Certificate': 15,
  'AWS::S3::Bucket': 16,
  'AWS::CodeStarConnections::Connection': 17,
  'AWS::CloudFormation::Stack': 18,
  'AWS::EC2::Subnet': 19,
  'AWS::EC2::VPC': 20,
  // Never deleted: the zone is the domain's, and origin certificates are read-only.
  'Cloudflare::DNS::Zone': 21,
  'Cloudflare::SSL::OriginCACertificate': 22,
};

/** A stack's `Resources.<LogicalId>` edges say who owns what, not who uses what: they order nothing. */
export const isOwnership = (edge: Edge): boolean => edge.via.startsWith('Resources.');

export interface Deletable {
  readonly id: LogicalId;
  readonly type: ResourceType;
}

/**
 * The order in which to delete `resources`: every resource before what it
 * uses (an edge `from → to` means `from` uses `to`, so `from` goes first),
 * ties broken by the type sequence above and then by logical id, so the same
 * graph always gives the same order. Edges to resources outside the set are
 * ignored. A cycle (two security groups that allow each other) is broken by
 * taking its earliest member by that same tie-break, whose writer clears the
 * references that remain.
 */
export function deleteOrder<T extends Deletable>(resources: readonly T[], edges: readonly Edge[]): T[] {
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const users = new Map<LogicalId, Set<LogicalId>>();
  const uses = new Map<LogicalId, Set<LogicalId>>();
  for (const edge of edges) {
    if (isOwnership(edge) || edge.from === edge.to || !byId.has(edge.from) || !byId.has(edge.to)) continue;
    if (!users.has(edge.to)) users.set(edge.to, new Set());
    if (!uses.has(edge.from)) uses.set(edge.from, new Set());
    users.get(edge.to)!.add(edge.from);
    uses.get(edge.from)!.add(edge.to);
  }
  const before = (a: T, b: T) => DELETE_RANK[a.type] - DELETE_RANK[b.type] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  const remaining = new Set(byId.keys());
  const ordered: T[] = [];
  const take = (id: LogicalId) => {
    remaining.delete(id);
    ordered.push(byId.get(id)!);
    for (const used of uses.get(id) ?? []) users.get(used)?.delete(id);
  };
  /** True when `id` is among its own users' users, … (on a cycle of what remains). */
  const onCycle = (id: LogicalId): boolean => {
    const seen = new Set<LogicalId>();
    const stack = [...(users.get(id) ?? [])];
    while (stack.length > 0) {
      const user = stack.pop()!;
      if (user === id) return true;
      if (seen.has(user)) continue;
      seen.add(user);
      stack.push(...(users.get(user) ?? []));
    }
    return false;
  };
  while (remaining.size > 0) {
    const candidates = [...remaining].map((id) => byId.get(id)!).sort(before);
    // Nothing free means a cycle: its earliest member goes first anyway.
    const next =
      candidates.find((resource) => (users.get(resource.id)?.size ?? 0) === 0) ??
      candidates.find((resource) => onCycle(resource.id))!;
    take(next.id);
  }
  return ordered;
}
