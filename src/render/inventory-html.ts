import type { Inventory } from '../model/inventory.js';
import { shortTypeName } from '../model/resource-type.js';
import { layoutGraph, stageOf, type GraphEdge, type GraphNode } from './html/graph-layout.js';
import { renderPage } from './html/page.js';

/**
 * `reclaim inventory --format html`: the account's app stacks, the resources
 * more than one of them uses (an edge per use), and what no stack owns. A
 * stack opens its roots and counts; a shared resource, who uses it and how.
 */
export async function renderInventoryHtml(inventory: Inventory): Promise<string> {
  const stackId = (account: string, region: string, name: string) => `stack:${account}:${region}:${name}`;
  const nodes: GraphNode[] = inventory.stacks.map((stack) => ({
    id: stackId(stack.account, stack.region, stack.name),
    label: stack.name,
    sublabel: `app stack · ${stack.live} live, ${stack.orphan} orphan`,
    stage: stageOf('AWS::ECS::Service'),
    state: stack.unknown > 0 ? 'unknown' : 'in-sync',
    details: [
      {
        title: 'Stack',
        rows: [
          ['account / region', `${stack.account} / ${stack.region}`],
          ['reclaim it', stack.reclaim],
          ...(stack.cloudFormationStacks.length > 0
            ? [['console stacks', stack.cloudFormationStacks.join('\n')] as const]
            : []),
        ],
      },
      { title: 'Roots', rows: stack.roots.map((root) => [root.type, root.physicalId] as const) },
      { title: 'Resources', rows: Object.entries(stack.resourceCounts).map(([type, count]) => [type, String(count)]) },
    ],
  }));
  const edges: GraphEdge[] = [];
  inventory.shared.forEach((shared, index) => {
    const id = `shared:${index}`;
    nodes.push({
      id,
      label: shared.physicalId.slice(shared.physicalId.lastIndexOf('/') + 1),
      sublabel: `${shortTypeName(shared.type)} · shared by ${new Set(shared.usedBy.map((use) => use.stack)).size}`,
      stage: stageOf(shared.type),
      state: 'external',
      details: [
        {
          title: 'Resource',
          rows: [
            ['type', shared.type],
            ['physical id', shared.physicalId],
          ],
        },
        { title: 'Used by', rows: shared.usedBy.map((use) => [use.stack, `${use.by} (${use.via})`] as const) },
      ],
    });
    for (const use of new Set(shared.usedBy.map((each) => each.stack)))
      edges.push({ from: stackId(shared.account, shared.region, use), to: id, label: `${use} uses it` });
  });
  inventory.unowned.forEach((unowned, index) => {
    nodes.push({
      id: `unowned:${index}`,
      label: unowned.physicalId.slice(unowned.physicalId.lastIndexOf('/') + 1),
      sublabel: shortTypeName(unowned.type),
      stage: stageOf(unowned.type),
      state: 'orphan',
      details: [
        {
          title: 'No stack owns it',
          rows: [
            ['type', unowned.type],
            ['physical id', unowned.physicalId],
            ['account / region', `${unowned.account} / ${unowned.region}`],
            ['why', unowned.why],
          ],
        },
      ],
    });
  });
  const layout = await layoutGraph(nodes, edges);
  const targets = inventory.targets.map((target) => `${target.account} / ${target.region}`).join(', ');
  return renderPage({
    title: `reclaim inventory: ${targets}`,
    summary: `${inventory.stacks.length} stacks, ${inventory.shared.length} shared, ${inventory.unowned.length} unowned, ${inventory.issues.length} problems.`,
    note: `Read ${inventory.capturedAt}; ${inventory.stats.apiCalls} API calls.`,
    layout,
    legendLabels: { 'in-sync': 'app stack', external: 'shared', orphan: 'no stack owns it' },
    ...(inventory.issues.length > 0
      ? {
          extra: [
            {
              title: 'Could not be read',
              rows: inventory.issues.map((issue) => [
                `${issue.account} / ${issue.region} ${issue.operation}`,
                `${issue.code}: ${issue.message}`,
              ]),
            },
          ],
        }
      : {}),
  });
}
