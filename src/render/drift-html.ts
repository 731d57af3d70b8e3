import type { Drift, DriftKind, DriftReport } from '../model/drift.js';
import { shortTypeName } from '../model/resource-type.js';
import type { Snapshot } from '../model/snapshot.js';
import { describeMark, historyLine, type DriftHistory } from '../history/drift-history.js';
import { summaryLine } from './drift-text.js';
import { layoutGraph, stageOf, type DetailSection, type GraphNode, type NodeState } from './html/graph-layout.js';
import { renderPage } from './html/page.js';
import {
  referenceSection,
  resourceNode,
  resourceSections,
  resourceState,
  snapshotEdges,
} from './html/resource-nodes.js';
import { differences, showValue } from './list-delta.js';

/** When a resource has drifts of several kinds, the gravest colours it. */
const GRAVITY: readonly DriftKind[] = ['unknown', 'missing', 'modified', 'unmanaged'];

/** One row per difference below the drift's path: declared and live, each value whole. */
function differenceRows(drift: Drift): (readonly [string, string])[] {
  if (drift.kind !== 'modified') return [[drift.path || drift.kind, drift.note ?? drift.kind]];
  return differences(drift.path, drift.desired, drift.actual).map((difference) => {
    if (difference.kind === 'removed') return [difference.path, `declared, not live: ${showValue(difference.value)}`];
    if (difference.kind === 'added') return [difference.path, `live, not declared: ${showValue(difference.value)}`];
    return [difference.path, `declared: ${showValue(difference.before)}\nlive: ${showValue(difference.after)}`];
  });
}

function driftSections(drifts: readonly Drift[], mark?: (drift: Drift) => string | undefined): DetailSection[] {
  if (drifts.length === 0) return [{ title: 'In sync', rows: [['', 'Every declared property matches live.']] }];
  return drifts.map((drift) => {
    const status = mark?.(drift);
    return { title: `${drift.kind}${status ? ` · ${status}` : ''}`, rows: differenceRows(drift) };
  });
}

export interface DriftHtmlOptions {
  /** What is new since the last run (`reclaim drift --history`): each drift marked, the fixed listed. */
  readonly history?: DriftHistory;
}

/**
 * `reclaim drift --format html`: every resource live has, and every declared
 * one it lacks, as a node coloured by its drift; a node opens its property
 * differences. Drifts find their node by type and physical id (the file's
 * logical ids may differ from the snapshot's), else by logical id.
 */
export async function renderDriftHtml(
  report: DriftReport,
  live: Snapshot,
  options: DriftHtmlOptions = {},
): Promise<string> {
  const marks = new Map(report.drifts.map((drift, index) => [drift, options.history?.marks[index]]));
  const mark = (drift: Drift) => {
    const found = marks.get(drift);
    return found ? describeMark(found) : undefined;
  };
  const key = (type: string, physicalId: string) => `${type}\u0000${physicalId}`;
  const byKey = new Map(live.resources.map((resource) => [key(resource.type, resource.physicalId), resource.id]));
  const liveIds = new Set<string>(live.resources.map((resource) => resource.id));
  const driftsOf = new Map<string, Drift[]>();
  /** Drifts of resources live lacks (missing, or unreadable), by logical id: each gets a node of its own. */
  const absent = new Map<string, Drift[]>();
  for (const drift of report.drifts) {
    const id = byKey.get(key(drift.type, drift.physicalId)) ?? (liveIds.has(drift.id) ? drift.id : undefined);
    if (id === undefined) absent.set(drift.id, [...(absent.get(drift.id) ?? []), drift]);
    else driftsOf.set(id, [...(driftsOf.get(id) ?? []), drift]);
  }

  const nodes: GraphNode[] = live.resources.map((resource) => {
    const drifts = driftsOf.get(resource.id) ?? [];
    const gravest = GRAVITY.find((kind) => drifts.some((drift) => drift.kind === kind));
    const state: NodeState = gravest ?? resourceState(resource);
    const declaredAs = drifts.find((drift) => drift.id !== resource.id)?.id;
    return resourceNode(
      resource,
      state,
      [
        ...(drifts.length > 0 || state === 'in-sync' ? driftSections(drifts, mark) : []),
        ...resourceSections(resource, { properties: false }),
        ...referenceSection(live, resource.id),
      ],
      declaredAs ? { label: declaredAs } : {},
    );
  });
  for (const [id, drifts] of absent) {
    const drift = drifts[0]!;
    nodes.push({
      id: `declared:${id}`,
      label: id || '(stack)',
      sublabel: drift.type ? shortTypeName(drift.type) : drift.kind,
      stage: stageOf(drift.type),
      state: drifts.some((each) => each.kind === 'unknown') ? 'unknown' : 'missing',
      details: [
        ...driftSections(drifts, mark),
        {
          title: 'Resource',
          rows: [
            ['type', drift.type],
            ['logical id', drift.id],
            ['physical id', drift.physicalId],
          ],
        },
      ],
    });
  }
  const layout = await layoutGraph(nodes, snapshotEdges(live));
  return renderPage({
    title: `reclaim drift: ${report.stack} (${report.account} / ${report.region})`,
    summary: summaryLine(report),
    note: `Live read ${report.capturedAt}.${options.history ? ` ${historyLine(options.history)}` : ''}`,
    layout,
    ...(options.history && options.history.fixed.length > 0
      ? {
          extra: [
            {
              title: `Fixed since the last run (${options.history.fixed.length})`,
              rows: options.history.fixed.map(
                (drift) => [`${drift.kind} ${drift.id}`, drift.path || '(whole resource)'] as const,
              ),
            },
          ],
        }
      : {}),
  });
}
