import type { Edge, Resource } from '../model/resource.js';
import { intrinsicFor } from '../model/reference-forms.js';
import type { Snapshot } from '../model/snapshot.js';
import { liveRevisions, revisionLabel } from '../model/task-definition-revisions.js';
import { rewriteReferences, type ReferenceTarget } from '../reconcile/diff/rewrite-references.js';
import type { Intrinsic } from './intrinsics.js';
import { withUnsetMarkers } from './unset-properties.js';
import {
  DESIRED_STATE_VERSION,
  type DebrisEntry,
  type DesiredResource,
  type DesiredScope,
  type DesiredState,
} from './types.js';

export interface ImportOptions {
  readonly scope?: DesiredScope;
}

/**
 * Turns a discovered stack into the desired state it should stay in: every
 * live resource declared with its properties, references written as
 * intrinsics between logical ids, account and region as pseudo parameters,
 * what it manages but found unset marked unset (`UNSET_MANAGED`), and the
 * leftovers listed as debris rather than managed.
 */
export function desiredFromSnapshot(snapshot: Snapshot, options: ImportOptions = {}): DesiredState {
  const managed = snapshot.resources.filter((resource) => !resource.orphan && !resource.external);
  const byId = new Map(snapshot.resources.map((resource) => [resource.id as string, resource]));
  const managedIds = new Set(managed.map((resource) => resource.id as string));
  const targetOf = (id: string): ReferenceTarget | undefined =>
    managedIds.has(id) ? { id, resource: byId.get(id)! } : undefined;
  const arnTargets = managed.map((resource) => ({ id: resource.id as string, resource }));
  const edgesFrom = groupEdges(snapshot.edges);
  const placement = { account: snapshot.account, region: snapshot.region };

  const resources: Record<string, DesiredResource> = {};
  for (const resource of managed) {
    const properties = rewriteReferences(
      resource,
      edgesFrom.get(resource.id) ?? [],
      targetOf,
      arnTargets,
      (rewritten, raw) => {
        if (rewritten.whole) return intrinsicFor(rewritten.whole.id, rewritten.whole.form);
        // A value that is just the region or the account (`awslogs-region`) is the pseudo parameter itself.
        if (raw === placement.region) return { Ref: 'AWS::Region' } satisfies Intrinsic;
        if (raw === placement.account) return { Ref: 'AWS::AccountId' } satisfies Intrinsic;
        const template = withPseudoParameters(
          rewritten.changed ? rewritten.template : raw.replaceAll('${', '${!'),
          placement,
        );
        return rewritten.changed || template !== raw.replaceAll('${', '${!')
          ? ({ 'Fn::Sub': template } satisfies Intrinsic)
          : raw;
      },
    );
    const tags = userTags(resource);
    resources[resource.id] = {
      type: resource.type as DesiredResource['type'],
      physicalId: withPseudoParameters(declaredPhysicalId(resource), placement),
      properties: withUnsetMarkers(
        resource.type,
        Object.keys(tags).length > 0 ? { ...properties, Tags: tags } : properties,
      ),
    };
  }

  const revisions = liveRevisions(snapshot.resources);
  return {
    version: DESIRED_STATE_VERSION,
    stack: snapshot.stack,
    account: snapshot.account,
    region: snapshot.region,
    scope: options.scope ?? { stack: snapshot.stack },
    resources,
    ignore: [],
    debris: snapshot.resources
      .filter((resource) => resource.orphan)
      .map((resource) => ({
        ...debrisEntry(resource, revisions),
        physicalId: withPseudoParameters(resource.physicalId, placement),
      })),
  };
}

function groupEdges(edges: readonly Edge[]): Map<string, Edge[]> {
  const grouped = new Map<string, Edge[]>();
  for (const edge of edges) grouped.set(edge.from, [...(grouped.get(edge.from) ?? []), edge]);
  return grouped;
}

/** Task definitions are declared by family: each deployment registers a new revision. */
function declaredPhysicalId(resource: Resource): string {
  if (resource.type === 'AWS::ECS::TaskDefinition' && typeof resource.properties.Family === 'string') {
    return resource.properties.Family;
  }
  return resource.physicalId;
}

/** Tags people set; `aws:` tags belong to AWS (CloudFormation adds them) and cannot be managed. */
export function userTags(resource: Pick<Resource, 'tags'>): Record<string, string> {
  return Object.fromEntries(Object.entries(resource.tags).filter(([key]) => !key.startsWith('aws:')));
}

/** Account and region as pseudo parameters, where they stand inside ARNs and service host names. */
function withPseudoParameters(template: string, placement: { account: string; region: string }): string {
  return template
    .replace(new RegExp(`(?<![0-9])${placement.account}(?![0-9])`, 'g'), '${AWS::AccountId}')
    .replace(new RegExp(`([:.])${placement.region.replaceAll('-', '\\-')}([:.])`, 'g'), '$1${AWS::Region}$2');
}

function debrisEntry(resource: Resource, revisions: ReadonlyMap<string, number>): DebrisEntry {
  return {
    type: resource.type as DebrisEntry['type'],
    physicalId: resource.physicalId,
    reason: debrisReason(resource, revisions),
  };
}

function debrisReason(resource: Resource, revisions: ReadonlyMap<string, number>): string {
  switch (resource.type) {
    case 'AWS::CloudFormation::Stack':
      return `CloudFormation stack (${String(resource.attributes.StackStatus ?? 'unknown status')}) that owns nothing the live stack uses`;
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      return (resource.attributes.LoadBalancerArns as unknown[] | undefined)?.length
        ? 'target group no live service or deployment group uses'
        : 'target group attached to no load balancer';
    case 'AWS::ECS::TaskDefinition':
      return `task definition ${revisionLabel(resource, revisions)}`;
    case 'AWS::CodeDeploy::Application':
      return 'CodeDeploy application whose service is gone';
    case 'AWS::CodeDeploy::DeploymentGroup':
      return 'deployment group of a CodeDeploy application whose service is gone';
    default:
      return "carries the stack's name, but nothing live uses it";
  }
}
