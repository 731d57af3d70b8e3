import { describeUnmodelled, unmodelledLive } from '../discover/kinds/cloudformation-stack.js';
import { UserError } from '../errors.js';
import type { DeleteChange } from '../model/plan.js';
import type { LogicalId, Resource } from '../model/resource.js';
import { MANAGED_TYPES, type ResourceType } from '../model/resource-type.js';
import type { Snapshot } from '../model/snapshot.js';
import { liveRevisions, revisionLabel } from '../model/task-definition-revisions.js';
import {
  assertCompleteRead,
  deletePlan,
  finding,
  resumedReason,
  ownedBy,
  usesOf,
  outsideUsesById,
  usedOutside,
  type DeletePlanResult,
  type Finding,
  type OutsideUse,
  type PlannedDelete,
} from './delete-plan.js';

export type { OutsideUse, OutsideUser } from './delete-plan.js';

export interface TeardownOptions {
  /** Types to leave standing (`--keep AWS::ECR::Repository`), with everything they use. */
  readonly keep?: readonly ResourceType[];
  /** What uses the stack's resources from outside its graph: those resources are skipped. */
  readonly outsideUses?: readonly OutsideUse[];
  /** Deletes of an earlier run that stopped, for resources added to the snapshot from its journal. */
  readonly unfinished?: ReadonlyMap<LogicalId, DeleteChange>;
  /** Which run the journal is from, for people: `from a run 3 days ago (…)`. */
  readonly unfinishedOrigin?: string;
  readonly createdAt?: string;
  /** Also delete the stack's Cloudflare DNS records and configuration rules (`--include-dns`). */
  readonly includeDns?: boolean;
}

/** Never deleted: the zone is the domain's, and origin certificates are read-only. */
const NEVER_DELETED: ReadonlySet<ResourceType> = new Set([
  'Cloudflare::DNS::Zone',
  'Cloudflare::SSL::OriginCACertificate',
]);
/** Deleted only with `--include-dns`: taking a host name off the internet is a decision of its own. */
const DNS_TYPES: ReadonlySet<ResourceType> = new Set(['Cloudflare::DNS::Record', 'Cloudflare::Rulesets::ConfigRule']);

const arnsIn = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/**
 * Uses the snapshot itself shows: a certificate (`InUseBy`) or a target group
 * (`LoadBalancerArns`) held by something outside the graph. AWS names the
 * load balancer, the emulator the listener: anything of the graph counts as inside.
 */
export function snapshotOutsideUses(snapshot: Snapshot): OutsideUse[] {
  const inside = new Set(snapshot.resources.map((resource) => resource.physicalId as string));
  return snapshot.resources.flatMap((resource): OutsideUse[] => {
    const holders =
      resource.type === 'AWS::CertificateManager::Certificate'
        ? arnsIn(resource.attributes.InUseBy)
        : resource.type === 'AWS::ElasticLoadBalancingV2::TargetGroup'
          ? arnsIn(resource.attributes.LoadBalancerArns)
          : [];
    return holders.filter((arn) => !inside.has(arn)).map((arn) => ({ id: resource.id, by: arn }));
  });
}

function validateKeep(keep: readonly string[]): Set<ResourceType> {
  const unknown = keep.filter((type) => !(MANAGED_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) {
    throw new UserError('BAD_KEEP_TYPE', `--keep ${unknown.join(', ')}: not a type reclaim manages.`, [
      `Use a CloudFormation type name: ${MANAGED_TYPES.join(', ')}.`,
    ]);
  }
  return new Set(keep as readonly ResourceType[]);
}

/**
 * Plans the deletion of everything in a stack's graph, in reverse dependency
 * order: every resource before what it uses, CloudFormation stacks last.
 * Pure. Leaves alone, and reports: external resources (VPC, subnets, default
 * security group; never even considered), service-linked roles, the types in
 * `keep`, whatever something outside the graph uses, and everything a
 * resource that stays uses. A stack that owns something that stays, or a
 * resource of a type reclaim does not model that AWS does not say is gone
 * (it is not in the graph, so the plan could not show its deletion), is
 * detached rather than deleted with it. Refuses a snapshot that could not be
 * read completely.
 */
export function planTeardown(snapshot: Snapshot, options: TeardownOptions = {}): DeletePlanResult {
  assertCompleteRead(snapshot);
  const keepTypes = validateKeep(options.keep ?? []);
  const byId = new Map(snapshot.resources.map((resource) => [resource.id, resource]));
  const candidates = snapshot.resources.filter((resource) => !resource.external);
  const kept = new Map<LogicalId, Finding>();
  const keep = (resource: Resource, kind: Finding['kind'], why: string) => {
    if (!kept.has(resource.id)) kept.set(resource.id, finding(resource, kind, why));
  };

  // Cloudflare left alone does not hold up what it points at: a record left behind does not keep the load balancer.
  const frontDoor = new Set<LogicalId>();
  for (const resource of candidates) {
    if (NEVER_DELETED.has(resource.type) || (DNS_TYPES.has(resource.type) && !options.includeDns)) {
      frontDoor.add(resource.id);
      kept.set(
        resource.id,
        finding(
          resource,
          'front-door',
          NEVER_DELETED.has(resource.type)
            ? 'Cloudflare: reclaim never deletes a zone or an origin certificate'
            : 'Cloudflare DNS is left alone: add --include-dns to delete it (visitors of the host then get no answer)',
        ),
      );
    }
  }
  for (const resource of candidates) {
    if (frontDoor.has(resource.id)) continue;
    if (keepTypes.has(resource.type)) keep(resource, 'kept-type', `--keep ${resource.type}`);
    if (resource.type === 'AWS::IAM::Role' && String(resource.properties.Path ?? '').startsWith('/aws-service-role/')) {
      keep(resource, 'aws-managed', 'a service-linked role: AWS manages it');
    }
  }
  for (const [id, uses] of outsideUsesById([...(options.outsideUses ?? []), ...snapshotOutsideUses(snapshot)])) {
    const resource = byId.get(id);
    if (resource && !resource.external && !kept.has(id)) kept.set(id, usedOutside(resource, uses));
  }

  // What stays keeps what it uses: deleting that would break it.
  const uses = usesOf(snapshot.edges);
  const queue = [...kept.keys()].filter((id) => !frontDoor.has(id));
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const used of uses.get(id) ?? []) {
      const resource = byId.get(used);
      if (!resource || resource.external || kept.has(used)) continue;
      keep(resource, 'used-by-kept', `used by ${id}, which stays`);
      queue.push(used);
    }
  }

  const owned = ownedBy(snapshot.edges);
  const revisions = liveRevisions(snapshot.resources);
  const deletes: PlannedDelete[] = candidates
    .filter((resource) => !kept.has(resource.id))
    .map((resource): PlannedDelete => {
      const resumed = options.unfinished?.get(resource.id);
      if (resumed)
        return {
          resource,
          reason: resumedReason(resumed, options.unfinishedOrigin),
          ...(resumed.detach ? { detach: true } : {}),
        };
      if (resource.type !== 'AWS::CloudFormation::Stack') {
        const role = resource.orphan ? 'a leftover of an earlier attempt' : `part of ${snapshot.stack}`;
        if (resource.type !== 'AWS::ECS::TaskDefinition') return { resource, reason: role };
        return { resource, reason: `${revisionLabel(resource, revisions)}: ${role}` };
      }
      const staying = (owned.get(resource.id) ?? []).filter((id) => kept.has(id) || byId.get(id)?.external);
      const unseen = unmodelledLive(resource.attributes);
      if (staying.length > 0 || unseen.length > 0) {
        const what = [
          ...(staying.length > 0 ? [`${staying.join(', ')}, which stays`] : []),
          ...(unseen.length > 0
            ? [`${describeUnmodelled(unseen)}, of a type reclaim does not model, which AWS does not say is gone`]
            : []),
        ].join('; and ');
        return {
          resource,
          reason: `owns ${what}: detached (DeletionPolicy Retain), then deleted`,
          detach: true,
        };
      }
      return { resource, reason: 'a CloudFormation stack of the graph, deleted after the resources it owns' };
    });

  return {
    plan: deletePlan(snapshot, 'teardown', deletes, options),
    kept: [...kept.values()].sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id)),
  };
}
