import { Document, isMap, isPair, isScalar, type YAMLMap } from 'yaml';
import type { DesiredState } from './types.js';
import { toShortForm } from './yaml-tags.js';

/** Renders a desired state as the `reclaim.yaml` people commit: short-form intrinsics, comments that orient. */
export function renderDesiredState(state: DesiredState, options: { generatedAt?: string } = {}): string {
  const document = new Document({
    version: state.version,
    stack: state.stack,
    account: state.account,
    region: state.region,
    scope: state.scope,
    resources: toShortForm(state.resources),
    ignore: state.ignore,
    debris: state.debris,
  });
  document.commentBefore = [
    ` reclaim desired state for the stack "${state.stack}"${options.generatedAt ? `, imported ${options.generatedAt}` : ''}.`,
    ' This file, not the console, is the truth: `reclaim drift` reports every difference,',
    ' `reclaim plan` / `reclaim apply` bring live back to it.',
    ' References between resources are !Ref / !GetAtt / !Sub of logical ids. `!Ref AWS::NoValue`',
    ' and `[]` say "unset": a value set later is drift. A property this file does not',
    ' declare is not managed (delete one to stop managing it).',
  ].join('\n');

  const root = document.contents as YAMLMap;
  for (const item of root.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    if (item.key.value === 'account' && isScalar(item.value)) item.value.type = 'QUOTE_DOUBLE';
    if (item.key.value === 'ignore') {
      item.key.commentBefore =
        ' Drift to accept: {type, id, path} globs, a reason, and optionally `expires: YYYY-MM-DD`.';
      item.key.spaceBefore = true;
    }
    if (item.key.value === 'debris') {
      item.key.commentBefore = ` Leftovers found at import: not managed and not drift. \`reclaim cleanup --stack ${state.stack}\` removes them.`;
      item.key.spaceBefore = true;
    }
    if (item.key.value === 'resources') {
      item.key.spaceBefore = true;
      // A blank line between resources, but none right under `resources:`.
      if (isMap(item.value))
        for (const [index, resource] of item.value.items.entries())
          if (index > 0 && isPair(resource) && isScalar(resource.key)) resource.key.spaceBefore = true;
    }
  }
  return document.toString({ lineWidth: 0 });
}
