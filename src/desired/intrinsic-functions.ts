import { splitAttribute } from './intrinsics.js';

/**
 * Every CloudFormation intrinsic function a desired-state file might hold, in
 * either form: the long (JSON) key and the short YAML tag. reclaim evaluates
 * `Ref`, `Fn::GetAtt` and `Fn::Sub`; the rest are recognised so that the file
 * gets a message saying reclaim does not evaluate them, and what to write
 * instead, rather than a type error about the list or mapping they hold.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
export interface IntrinsicFunction {
  /** The long-form key: `Ref`, `Fn::Join`, `Condition`. */
  readonly key: string;
  /** The short-form YAML tag: `!Ref`, `!Join`. */
  readonly tag: string;
  /** Set for the functions reclaim does not evaluate: what to write instead. */
  readonly instead?: string;
}

const LITERAL = 'write the value it stands for as a literal, or build a string from references with !Sub';
const CONDITIONS = 'reclaim files have no conditions: write the value that applies, as a literal';

const fn = (name: string, instead?: string): IntrinsicFunction => ({
  key: `Fn::${name}`,
  tag: `!${name}`,
  ...(instead ? { instead } : {}),
});

export const INTRINSIC_FUNCTIONS: readonly IntrinsicFunction[] = [
  { key: 'Ref', tag: '!Ref' },
  fn('GetAtt'),
  fn('Sub'),
  fn('Join', "write the joined string as a literal, or as one !Sub template: !Sub '${A}-${B}'"),
  fn('Select', 'write the selected item as a literal'),
  fn('Split', 'write the list as a literal'),
  fn('If', CONDITIONS),
  fn('Equals', CONDITIONS),
  fn('And', CONDITIONS),
  fn('Or', CONDITIONS),
  fn('Not', CONDITIONS),
  { key: 'Condition', tag: '!Condition', instead: CONDITIONS },
  fn('FindInMap', 'write the value from the mapping as a literal'),
  fn('ImportValue', 'write the exported value as a literal (or !Ref the resource, when this file declares it)'),
  fn('GetAZs', 'write the Availability Zones as a literal list'),
  fn('Cidr', 'write the CIDR blocks as a literal list'),
  fn('Base64', 'write the encoded text as a literal'),
  fn('Length', LITERAL),
  fn('ToJsonString', LITERAL),
  fn('Transform', LITERAL),
  fn('ForEach', LITERAL),
];

const BY_KEY = new Map(INTRINSIC_FUNCTIONS.map((entry) => [entry.key, entry]));

/** The functions reclaim evaluates, as a reader would list them. */
export const EVALUATED = 'Ref, Fn::GetAtt and Fn::Sub (!Ref, !GetAtt, !Sub)';

export const functionByKey = (key: string): IntrinsicFunction | undefined => BY_KEY.get(key);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The intrinsic function call a value is, in either form, whether or not
 * reclaim evaluates it or it is well formed: a mapping of one key that is
 * `Ref` or `Fn::…`, or `Condition` naming a condition.
 */
export function intrinsicCall(value: unknown): { key: string; argument: unknown } | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  const argument = value[key];
  // A policy statement's Condition is a mapping; the Condition function names one condition.
  if (key === 'Ref' || key.startsWith('Fn::') || (key === 'Condition' && typeof argument === 'string')) {
    return { key, argument };
  }
  return undefined;
}

/** `Fn::GetAtt`'s argument as its two names, from `X.Attr` or `[X, Attr]`; undefined when it is neither. */
export function getAttParts(argument: unknown): { target: string; attribute: string } | undefined {
  if (typeof argument === 'string') {
    const { target, attribute } = splitAttribute(argument);
    return target && attribute ? { target, attribute } : undefined;
  }
  if (Array.isArray(argument) && argument.length === 2) {
    const [target, attribute] = argument as unknown[];
    if (typeof target === 'string' && typeof attribute === 'string' && target && attribute) {
      return { target, attribute };
    }
  }
  return undefined;
}

/** `Fn::Sub`'s argument as a template and its variables; undefined when it is neither form. */
export function subParts(argument: unknown): { template: string; variables: Record<string, unknown> } | undefined {
  if (typeof argument === 'string') return { template: argument, variables: {} };
  if (Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string' && isRecord(argument[1])) {
    return { template: argument[0], variables: argument[1] };
  }
  return undefined;
}

/** What a Sub variable's value contributes to the template, or undefined when reclaim cannot inline it. */
function inlineVariable(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    // Literal text: a `${` in it must stay literal, which a template writes as `${!`.
    return String(value).replaceAll('${', '${!');
  }
  const call = intrinsicCall(value);
  if (call?.key === 'Ref' && typeof call.argument === 'string') return `\${${call.argument}}`;
  const parts = call?.key === 'Fn::GetAtt' ? getAttParts(call.argument) : undefined;
  return parts ? `\${${parts.target}.${parts.attribute}}` : undefined;
}

/** A `[template, variables]` Sub as one template, when every variable can be inlined. */
function inlineSub(template: string, variables: Record<string, unknown>): string | undefined {
  let inlined = true;
  const result = template.replace(/\$\{([^!}][^}]*)\}/g, (placeholder, name: string) => {
    if (!Object.hasOwn(variables, name)) return placeholder;
    const text = inlineVariable(variables[name]);
    if (text === undefined) inlined = false;
    return text ?? placeholder;
  });
  return inlined ? result : undefined;
}

/**
 * The canonical in-memory form of every intrinsic reclaim evaluates, so that
 * each of CloudFormation's ways to write one loads to the same value:
 * `{ 'Fn::GetAtt': 'X.Attr' }` becomes `{ 'Fn::GetAtt': ['X', 'Attr'] }`, and
 * `{ 'Fn::Sub': [template, variables] }` becomes one template with the
 * variables written in (a literal as text, `!Ref Y` as `${Y}`, `!GetAtt Y.A`
 * as `${Y.A}`). Anything malformed is left as it is: the checks report it.
 */
export function normalizeIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeIntrinsics);
  if (!isRecord(value)) return value;
  const call = intrinsicCall(value);
  if (call?.key === 'Fn::GetAtt') {
    const parts = getAttParts(call.argument);
    return parts ? { 'Fn::GetAtt': [parts.target, parts.attribute] } : value;
  }
  if (call?.key === 'Fn::Sub') {
    const parts = subParts(normalizeIntrinsics(call.argument));
    const template = parts && inlineSub(parts.template, parts.variables);
    return template === undefined ? value : { 'Fn::Sub': template };
  }
  if (call) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalizeIntrinsics(item)]));
}
