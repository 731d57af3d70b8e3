import type { Snapshot } from '../model/snapshot.js';
import { layoutGraph } from './html/graph-layout.js';
import { renderPage } from './html/page.js';
import {
  referenceSection,
  resourceNode,
  resourceSections,
  resourceState,
  snapshotEdges,
} from './html/resource-nodes.js';
import { renderSummary } from './summary.js';

/** `reclaim discover --format html`: the stack as read, one node per resource, each opening its properties. */
export async function renderSnapshotHtml(snapshot: Snapshot): Promise<string> {
  const nodes = snapshot.resources.map((resource) =>
    resourceNode(resource, resourceState(resource), [
      ...resourceSections(resource),
      ...referenceSection(snapshot, resource.id),
    ]),
  );
  const layout = await layoutGraph(nodes, snapshotEdges(snapshot));
  const issues = snapshot.issues.map(
    (issue) =>
      [
        issue.operation,
        `${issue.code}: ${issue.message}${issue.physicalIds?.length ? ` (${issue.physicalIds.join(', ')})` : ''}`,
      ] as const,
  );
  return renderPage({
    title: `reclaim discover: ${snapshot.stack} (${snapshot.account} / ${snapshot.region})`,
    summary: renderSummary(snapshot).split('\n')[1]!,
    note: `Live read ${snapshot.capturedAt}; ${snapshot.stats.apiCalls} API calls.`,
    layout,
    legendLabels: { 'in-sync': 'read' },
    ...(issues.length > 0 ? { extra: [{ title: 'Problems reading the stack', rows: issues }] } : {}),
  });
}
