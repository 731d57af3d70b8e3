/**
 * Just enough HCL to write Terraform resources: attributes, nested blocks,
 * strings (with Terraform's `$${` and `%%{` escapes), lists, objects and raw
 * expressions (references, `jsonencode(…)`).
 */
export type Expr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  /** A string template: text, with `${…}` interpolations already written as Terraform expressions. */
  | { readonly kind: 'template'; readonly parts: ReadonlyArray<string | { readonly expression: string }> }
  | { readonly kind: 'raw'; readonly expression: string }
  | { readonly kind: 'list'; readonly items: readonly Expr[] }
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, Expr]> }
  | { readonly kind: 'call'; readonly name: string; readonly argument: Expr };

export type HclItem =
  | { readonly kind: 'attribute'; readonly name: string; readonly value: Expr }
  | {
      readonly kind: 'block';
      readonly name: string;
      readonly labels?: readonly string[];
      readonly body: readonly HclItem[];
    };

export const attribute = (name: string, value: Expr): HclItem => ({ kind: 'attribute', name, value });
export const block = (name: string, body: readonly HclItem[], labels?: readonly string[]): HclItem => ({
  kind: 'block',
  name,
  body,
  ...(labels ? { labels } : {}),
});

const escape = (text: string): string =>
  text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('${', '$${')
    .replaceAll('%{', '%%{');

export function renderExpr(expr: Expr, indent = ''): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? `"${escape(expr.value)}"` : String(expr.value);
    case 'template':
      return `"${expr.parts.map((part) => (typeof part === 'string' ? escape(part) : `\${${part.expression}}`)).join('')}"`;
    case 'raw':
      return expr.expression;
    case 'list':
      if (expr.items.length === 0) return '[]';
      return `[\n${expr.items.map((item) => `${indent}  ${renderExpr(item, `${indent}  `)},`).join('\n')}\n${indent}]`;
    case 'object':
      if (expr.entries.length === 0) return '{}';
      return `{\n${expr.entries.map(([key, value]) => `${indent}  ${JSON.stringify(key)} = ${renderExpr(value, `${indent}  `)}`).join('\n')}\n${indent}}`;
    case 'call':
      return `${expr.name}(${renderExpr(expr.argument, indent)})`;
  }
}

export function renderItems(items: readonly HclItem[], indent = ''): string {
  return items
    .map((item) =>
      item.kind === 'attribute'
        ? `${indent}${item.name} = ${renderExpr(item.value, indent)}`
        : `${indent}${item.name}${(item.labels ?? []).map((label) => ` "${label}"`).join('')} {\n${renderItems(item.body, `${indent}  `)}\n${indent}}`,
    )
    .join('\n');
}
