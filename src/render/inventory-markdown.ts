import type { Inventory } from '../model/inventory.js';
import { rootsCell, totalOf } from './inventory-text.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${cell(text).replace(/`/g, "'")}\``;

/** The inventory for a pull request or a job summary: the stacks table, then shared, unowned and issues. */
export function renderInventoryMarkdown(inventory: Inventory): string {
  const where = [...new Set(inventory.targets.map((target) => `${target.account} / ${target.region}`))].join(', ');
  const lines = [
    `## reclaim inventory: ${where}`,
    '',
    `${inventory.stacks.length} stacks, ${inventory.shared.length} shared resources, ${inventory.unowned.length} owned by no stack.`,
    '',
    '| stack | region | roots | resources | live | orphan | unknown | reclaim |',
    '|---|---|---|---|---|---|---|---|',
    ...inventory.stacks.map(
      (stack) =>
        `| ${cell(stack.name)} | ${stack.region} | ${cell(rootsCell(stack))} | ${totalOf(stack)} | ${stack.live} | ${stack.orphan} | ${stack.unknown} | ${code(stack.reclaim)} |`,
    ),
  ];
  if (inventory.shared.length > 0) {
    lines.push('', '### Shared by more than one stack', '', '| type | resource | used by |', '|---|---|---|');
    for (const resource of inventory.shared) {
      const users = resource.usedBy.map((use) => `${cell(use.stack)}: ${cell(use.by)} (${code(use.via)})`);
      lines.push(`| ${resource.type} | ${code(resource.physicalId)} | ${users.join('<br>')} |`);
    }
  }
  if (inventory.unowned.length > 0) {
    lines.push('', '### Owned by no stack', '', '| type | resource | why |', '|---|---|---|');
    for (const resource of inventory.unowned) {
      lines.push(`| ${resource.type} | ${code(resource.physicalId)} | ${cell(resource.why)} |`);
    }
  }
  if (inventory.issues.length > 0) {
    lines.push('', '### Could not be read', '');
    for (const issue of inventory.issues) {
      lines.push(
        `- ${issue.account}/${issue.region} ${code(issue.operation)}: ${cell(issue.code)}: ${cell(issue.message)}`,
      );
    }
  }
  lines.push('', `_${inventory.stats.apiCalls} API calls in ${(inventory.stats.durationMs / 1000).toFixed(1)} s._`);
  return lines.join('\n');
}
