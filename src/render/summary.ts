import type { Resource } from '../model/resource.js';
import type { Snapshot } from '../model/snapshot.js';

export interface SummaryStyle {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly warn: (text: string) => string;
}

export const PLAIN: SummaryStyle = { bold: (t) => t, dim: (t) => t, warn: (t) => t };

function marker(resource: Resource): string {
  if (resource.status === 'unknown') return 'unknown';
  if (resource.orphan) return 'orphan';
  if (resource.external) return 'external';
  return '';
}

/**
 * The human summary of a snapshot: resources grouped by type, leftovers and
 * unreadable resources marked, then the problems and the cost of the read.
 */
export function renderSummary(snapshot: Snapshot, style: SummaryStyle = PLAIN): string {
  const orphans = snapshot.resources.filter((resource) => resource.orphan).length;
  const external = snapshot.resources.filter((resource) => resource.external).length;
  const unknown = snapshot.resources.filter((resource) => resource.status === 'unknown').length;
  const lines = [
    style.bold(`Stack ${snapshot.stack} in ${snapshot.account} / ${snapshot.region}`),
    `${snapshot.resources.length} resources (${orphans} orphans, ${external} external, ${unknown} unknown), ${snapshot.edges.length} references`,
    '',
  ];

  const byType = new Map<string, Resource[]>();
  for (const resource of snapshot.resources) {
    byType.set(resource.type, [...(byType.get(resource.type) ?? []), resource]);
  }
  for (const [type, resources] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(style.bold(`${type} (${resources.length})`));
    const width = Math.max(...resources.map((resource) => resource.id.length));
    for (const resource of resources) {
      const mark = marker(resource);
      const text = `  ${resource.id.padEnd(width)}  ${resource.physicalId}${mark ? `  [${mark}]` : ''}`;
      lines.push(mark === 'orphan' || mark === 'unknown' ? style.warn(text) : mark ? style.dim(text) : text);
    }
  }

  if (snapshot.issues.length > 0) {
    lines.push('', style.warn(`${snapshot.issues.length} problem(s) reading the stack — the picture is incomplete:`));
    for (const issue of snapshot.issues) {
      const about = issue.physicalIds?.length ? ` (${issue.physicalIds.join(', ')})` : '';
      lines.push(style.warn(`  ${issue.operation}${about}: ${issue.code}: ${issue.message}`));
    }
  }
  if (orphans > 0)
    lines.push(
      '',
      `${orphans} orphan(s): leftovers of earlier attempts. \`reclaim cleanup --stack ${snapshot.stack}\` lists them.`,
    );
  const { apiCalls, retries, durationMs } = snapshot.stats;
  lines.push('', style.dim(`${apiCalls} API calls (${retries} retries) in ${(durationMs / 1000).toFixed(1)} s`));
  return lines.join('\n');
}
