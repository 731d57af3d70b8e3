import { isNoValue } from '../model/unset.js';

/**
 * The CloudFormation intrinsics a desired-state file may use to point at
 * other resources: `Ref`, `Fn::GetAtt` and `Fn::Sub`, in their long (JSON)
 * form in memory, and as the familiar `!Ref`, `!GetAtt`, `!Sub` in YAML.
 */
export type Intrinsic =
  { readonly Ref: string } | { readonly 'Fn::GetAtt': readonly [string, string] } | { readonly 'Fn::Sub': string };

export const PSEUDO_PARAMETERS = ['AWS::AccountId', 'AWS::Region', 'AWS::Partition'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function isIntrinsic(value: unknown): value is Intrinsic {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const [key] = keys;
  const inner = value[key!];
  if (key === 'Ref' || key === 'Fn::Sub') return typeof inner === 'string';
  if (key === 'Fn::GetAtt')
    return Array.isArray(inner) && inner.length === 2 && inner.every((part) => typeof part === 'string');
  return false;
}

/** `${Name}` or `${Name.Attribute}` placeholders of a Sub template (`${!Literal}` escapes are skipped). */
export function subPlaceholders(template: string): Array<{ target: string; attribute?: string }> {
  return [...template.matchAll(/\$\{([^!}][^}]*)\}/g)].map((match) => splitAttribute(match[1]!));
}

/**
 * `Name.Attribute` → its two parts, split at the first dot as CloudFormation
 * does: an attribute name may itself hold dots (`Endpoint.Address`).
 */
export function splitAttribute(text: string): { target: string; attribute?: string } {
  const dot = text.indexOf('.');
  return dot < 0 ? { target: text } : { target: text.slice(0, dot), attribute: text.slice(dot + 1) };
}

/** The logical ids an intrinsic points at (pseudo parameters and `AWS::NoValue`, which point at nothing, excluded). */
export function intrinsicTargets(value: Intrinsic): string[] {
  if (isNoValue(value)) return [];
  if ('Ref' in value) return PSEUDO_PARAMETERS.includes(value.Ref as never) ? [] : [value.Ref];
  if ('Fn::GetAtt' in value) return [value['Fn::GetAtt'][0]];
  return subPlaceholders(value['Fn::Sub'])
    .map((placeholder) => placeholder.target)
    .filter((target) => !PSEUDO_PARAMETERS.includes(target as never));
}

/** Every intrinsic inside a value, with its property path. */
export function* intrinsicsIn(
  value: unknown,
  path: readonly (string | number)[] = [],
): Generator<{ path: (string | number)[]; intrinsic: Intrinsic }> {
  if (isIntrinsic(value)) {
    yield { path: [...path], intrinsic: value };
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* intrinsicsIn(item, [...path, index]);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) yield* intrinsicsIn(item, [...path, key]);
  }
}
