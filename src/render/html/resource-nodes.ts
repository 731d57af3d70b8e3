/** The graph nodes and references of a snapshot's resources, shared by every HTML report that shows a stack. */
import type { Resource } from '../../model/resource.js';
import { shortTypeName } from '../../model/resource-type.js';
import type { Snapshot } from '../../model/snapshot.js';
import { showValue } from '../list-delta.js';
import { stageOf, type DetailSection, type GraphEdge, type GraphNode, type NodeState } from './graph-layout.js';

/** A long property value is cut for the panel; the JSON report has it whole. */
const MAX_VALUE = 1500;

/** How a resource stands when nothing else (drift, findings) says more. */
export function resourceState(resource: Resource): NodeState {
  if (resource.status === 'unknown') return 'unknown';
  if (resource.orphan) return 'orphan';
  if (resource.external) return 'external';
  return 'in-sync';
}

/** The resource's identity and, unless left out, its properties (keys and values as the snapshot has them: secret values never are). */
export function resourceSections(resource: Resource, options: { properties?: boolean } = {}): DetailSection[] {
  const sections: DetailSection[] = [
    {
      title: 'Resource',
      rows: [
        ['type', resource.type],
        ['logical id', resource.id],
        ['physical id', resource.physicalId],
        ['read', resource.status],
        ...(resource.orphan
          ? [['orphan', 'a leftover: found by the name sweep or owned only by debris'] as const]
          : []),
        ...(resource.external ? [['external', 'referenced, never created or deleted'] as const] : []),
      ],
    },
  ];
  if (options.properties !== false) {
    const rows = Object.entries(resource.properties).map(([key, value]) => {
      const text = showValue(value);
      return [key, text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (see the JSON report)` : text] as const;
    });
    if (rows.length > 0) sections.push({ title: 'Properties', rows });
  }
  return sections;
}

export function resourceNode(
  resource: Resource,
  state: NodeState,
  details: readonly DetailSection[],
  extra: Partial<GraphNode> = {},
): GraphNode {
  return {
    id: resource.id,
    label: resource.id,
    sublabel: shortTypeName(resource.type),
    stage: stageOf(resource.type),
    state,
    details,
    ...extra,
  };
}

/** One edge per pair of resources, however many properties carry the reference (a task definition's containers). */
function referencePairs(snapshot: Snapshot): { from: string; to: string; vias: string[] }[] {
  const vias = new Map<string, { from: string; to: string; vias: string[] }>();
  for (const edge of snapshot.edges) {
    const pair = `${edge.from}\u0000${edge.to}`;
    const entry = vias.get(pair) ?? { from: edge.from, to: edge.to, vias: [] };
    entry.vias.push(edge.via);
    vias.set(pair, entry);
  }
  return [...vias.values()];
}

export function snapshotEdges(snapshot: Snapshot): GraphEdge[] {
  return referencePairs(snapshot).map(({ from, to, vias: through }) => ({
    from,
    to,
    label: `${from} → ${to} (${through.join(', ')})`,
  }));
}

/** The references of one resource, both ways, for its panel: one row per other resource. */
export function referenceSection(snapshot: Snapshot, id: string): DetailSection[] {
  const rows = referencePairs(snapshot).flatMap((edge): (readonly [string, string])[] => {
    const vias = edge.vias.join(', ');
    if (edge.from === id) return [[`→ ${edge.to}`, vias] as const];
    if (edge.to === id) return [[`← ${edge.from}`, vias] as const];
    return [];
  });
  return rows.length > 0 ? [{ title: 'References', rows }] : [];
}
