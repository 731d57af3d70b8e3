import type { Inventory, InventoryStack } from '../model/inventory.js';
import { PLAIN, type SummaryStyle } from './summary.js';

/** A stack's roots in one cell: `pipeline kennel-pipeline, cluster kennel (1 service)`. */
export function rootsCell(stack: InventoryStack): string {
  const named = (type: string) => stack.roots.filter((root) => root.type === type).map((root) => root.physicalId);
  const services = named('AWS::ECS::Service').length;
  return [
    ...named('AWS::CodePipeline::Pipeline').map((name) => `pipeline ${name}`),
    ...named('AWS::ECS::Cluster').map((name) => `cluster ${name}`),
    ...(services > 0 ? [`${services} service${services === 1 ? '' : 's'}`] : []),
  ].join(', ');
}

export const totalOf = (stack: InventoryStack): number =>
  Object.values(stack.resourceCounts).reduce((sum, count) => sum + (count ?? 0), 0);

/** Left-aligned columns, two spaces apart. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((text, column) => text.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * The inventory as a person reads it first: one line per stack (where, roots,
 * how many resources, how many live, orphan, unknown), then what stacks
 * share and who uses it, what no stack owns, what could not be read, and the
 * commands that reclaim each stack.
 */
export function renderInventoryText(inventory: Inventory, style: SummaryStyle = PLAIN): string {
  const accounts = [...new Set(inventory.targets.map((target) => target.account))];
  const regions = [...new Set(inventory.targets.map((target) => target.region))];
  const lines = [
    style.bold(
      `Inventory of ${accounts.join(', ')} in ${regions.join(', ')}: ${inventory.stacks.length} stacks, ${inventory.shared.length} shared, ${inventory.unowned.length} unowned`,
    ),
    '',
  ];
  if (inventory.stacks.length > 0) {
    lines.push(
      ...table(
        ['STACK', 'REGION', 'ROOTS', 'RESOURCES', 'LIVE', 'ORPHAN', 'UNKNOWN'],
        inventory.stacks.map((stack) => [
          stack.name,
          stack.region,
          rootsCell(stack),
          String(totalOf(stack)),
          String(stack.live),
          String(stack.orphan),
          String(stack.unknown),
        ]),
      ),
    );
  } else {
    lines.push('No pipeline or cluster found: there is no stack to name.');
  }
  if (inventory.shared.length > 0) {
    lines.push('', style.bold(`Shared by more than one stack (${inventory.shared.length}):`));
    for (const resource of inventory.shared) {
      lines.push(`  ${resource.type} ${resource.physicalId}`);
      for (const use of resource.usedBy) lines.push(style.dim(`    ${use.stack}: ${use.by} (${use.via})`));
    }
  }
  if (inventory.unowned.length > 0) {
    lines.push('', style.bold(`Owned by no stack (${inventory.unowned.length}):`));
    for (const resource of inventory.unowned) {
      lines.push(`  ${resource.type} ${resource.physicalId}  ${style.dim(`(${resource.why})`)}`);
    }
  }
  if (inventory.issues.length > 0) {
    lines.push(
      '',
      style.warn(`${inventory.issues.length} problem(s) reading the account — the picture is incomplete:`),
    );
    for (const issue of inventory.issues) {
      lines.push(style.warn(`  ${issue.account}/${issue.region} ${issue.operation}: ${issue.code}: ${issue.message}`));
    }
  }
  if (inventory.stacks.length > 0) {
    lines.push('', style.bold('Reclaim a stack with:'));
    for (const stack of inventory.stacks) lines.push(`  ${stack.reclaim}`);
  }
  const { apiCalls, retries, durationMs } = inventory.stats;
  lines.push('', style.dim(`${apiCalls} API calls (${retries} retries) in ${(durationMs / 1000).toFixed(1)} s`));
  return lines.join('\n');
}
