import { desiredFromSnapshot } from '../desired/from-snapshot.js';
import type { DesiredState } from '../desired/types.js';
import type { Snapshot } from '../model/snapshot.js';
import type { ExportInput } from './types.js';

/** An export of a desired-state file alone: what only a live read knows (ownership, revisions) is unknown. */
export function exportInputFromDesired(desired: DesiredState, source: string): ExportInput {
  return { desired, source };
}

/**
 * An export of a discovered stack: its desired state (as `reclaim import`
 * would write it), plus what the snapshot knows beyond it: which console
 * stack owns what (the stack's `Resources.<LogicalId>` edges), the live
 * revision of each task definition, and the ARNs read live.
 */
export function exportInputFromSnapshot(snapshot: Snapshot, source: string): ExportInput {
  const desired = desiredFromSnapshot(snapshot);
  const byId = new Map(snapshot.resources.map((resource) => [resource.id as string, resource]));
  const owners = new Map<string, string>();
  for (const edge of snapshot.edges) {
    const from = byId.get(edge.from);
    if (from?.type === 'AWS::CloudFormation::Stack' && edge.via.startsWith('Resources.'))
      owners.set(edge.to, from.physicalId);
  }
  const pseudo = (text: string) =>
    text.replaceAll(snapshot.account, '${AWS::AccountId}').replaceAll(`:${snapshot.region}:`, ':${AWS::Region}:');
  const liveAttributes = new Map<string, Record<string, unknown>>();
  const livePhysicalIds = new Map<string, string>();
  for (const id of Object.keys(desired.resources)) {
    const resource = byId.get(id)!;
    liveAttributes.set(
      id,
      Object.fromEntries(
        Object.entries(resource.attributes).map(([key, value]) => [
          key,
          typeof value === 'string' ? pseudo(value) : value,
        ]),
      ),
    );
    if (resource.type === 'AWS::ECS::TaskDefinition') livePhysicalIds.set(id, resource.physicalId);
  }
  return { desired, owners, liveAttributes, livePhysicalIds, source };
}
