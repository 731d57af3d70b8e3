import { asLogicalId, asPhysicalId, type Edge, type Resource } from '../../../src/model/resource.js';
import type { ResourceType } from '../../../src/model/resource-type.js';
import { SNAPSHOT_SCHEMA_VERSION, type ReadIssue, type Snapshot } from '../../../src/model/snapshot.js';

/** A hand-made resource for planner tests: live, read, internal unless told otherwise. */
export function resource(
  id: string,
  type: ResourceType,
  physicalId: string,
  extra: Partial<Omit<Resource, 'id' | 'type' | 'physicalId'>> = {},
): Resource {
  return {
    id: asLogicalId(id),
    type,
    physicalId: asPhysicalId(physicalId),
    properties: {},
    attributes: {},
    tags: {},
    orphan: false,
    external: false,
    status: 'read',
    ...extra,
  };
}

/** `[from, to, via]`: `from` uses `to` (via `Resources.X` for a stack owning `to`). */
export type EdgeSpec = readonly [string, string, string?];

export function snapshot(resources: Resource[], edges: EdgeSpec[] = [], issues: ReadIssue[] = []): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    account: '123456789012',
    region: 'us-east-2',
    stack: 'bash-dog',
    capturedAt: '2026-01-01T00:00:00.000Z',
    resources,
    edges: edges.map(([from, to, via]): Edge => ({
      from: asLogicalId(from),
      to: asLogicalId(to),
      via: via ?? 'Properties.Ref',
    })),
    issues,
    stats: { apiCalls: 0, retries: 0, callsByOperation: {}, durationMs: 0 },
  };
}

/** A stack's ownership edge. */
export const owns = (stack: string, resource: string): EdgeSpec => [stack, resource, `Resources.${resource}`];
