import type { Exclusion, HandOverNote, LeftOutProperty } from '../export/types.js';

/** What `reclaim export` wrote and what it left out: the command's output, and its `--json` payload. */
export interface ExportSummary {
  readonly format: string;
  readonly out: string;
  readonly files: readonly string[];
  readonly imported: number;
  readonly excluded: readonly Exclusion[];
  readonly leftOut: readonly LeftOutProperty[];
  readonly notes: readonly HandOverNote[];
  readonly warnings: readonly string[];
}

/** Every exclusion with its reason: nothing is dropped without being said. */
export function renderExportSummary(summary: ExportSummary): string {
  const lines = [
    `Wrote ${summary.format} to ${summary.out}: ${summary.files.join(', ')}.`,
    `${summary.imported} resources to import; ${summary.excluded.length} left out, ${summary.leftOut.length} properties left out.`,
  ];
  if (summary.excluded.length > 0) {
    lines.push('', 'Left out (they stay with reclaim, or with the stack that owns them):');
    for (const entry of summary.excluded) lines.push(`  ${entry.id} (${entry.type}): ${entry.reason}`);
  }
  if (summary.leftOut.length > 0) {
    lines.push('', 'Properties left out:');
    for (const entry of summary.leftOut) lines.push(`  ${entry.id}.${entry.property}: ${entry.reason}`);
  }
  if (summary.notes.length > 0) {
    lines.push('', 'Owned by others after the hand-over:');
    for (const note of summary.notes) lines.push(`  ${note.id}: ${note.note}`);
  }
  if (summary.warnings.length > 0) {
    lines.push('', 'Check first:');
    for (const warning of summary.warnings) lines.push(`  ${warning}`);
  }
  lines.push('', `Next: follow ${summary.out.replace(/\/$/, '')}/README.md, in order.`);
  return lines.join('\n');
}
