import stored from './cfn-spec.json' with { type: 'json' };
import { CLOUDFLARE_SPEC } from './cloudflare-spec.js';
import { ANY_TYPE, EXTENSION_DEFINITIONS, RECLAIM_EXTENSIONS } from './extensions.js';
import type { CfnSpecFile, Replacement, StoredFields, StoredProperty, TypeShape } from './spec-shape.js';

/** One property (or a structure's field) as the queries answer it. */
export interface PropertySpec {
  readonly type: TypeShape;
  readonly required: boolean;
  readonly causesReplacement: Replacement;
  /** What AWS does when the property is left out, when the spec says. */
  readonly defaultValue?: unknown;
  /** The first sentence of the spec's documentation. */
  readonly documentation?: string;
  /** Set when reclaim accepts the property beyond the spec: why (see `RECLAIM_EXTENSIONS`). */
  readonly extension?: string;
}

export type Fields = Readonly<Record<string, PropertySpec>>;

export interface ResourceTypeSpec {
  readonly type: string;
  readonly properties: Fields;
  readonly definitions: Readonly<Record<string, Fields>>;
  /** The names `Fn::GetAtt` accepts. */
  readonly attributes: readonly string[];
  readonly primaryIdentifier?: readonly string[];
  readonly tagProperty?: string;
  readonly additionalReplacementPaths: readonly (readonly string[])[];
}

const SPEC = stored as unknown as CfnSpecFile;

/** Where the checked-in subset came from. */
export const SPEC_SOURCE = SPEC.source;

/** Every type the subset describes, and the Cloudflare types (which CloudFormation has not). */
export const SPEC_TYPES: readonly string[] = [...Object.keys(SPEC.types), ...Object.keys(CLOUDFLARE_SPEC)];

const toSpec = (property: StoredProperty): PropertySpec => ({
  ...property,
  required: property.required ?? false,
  causesReplacement: property.causesReplacement ?? 'no',
});

const toFields = (fields: StoredFields): Record<string, PropertySpec> =>
  Object.fromEntries(Object.entries(fields).map(([name, property]) => [name, toSpec(property)]));

const sameShape = (a: TypeShape, b: TypeShape): boolean => JSON.stringify(a) === JSON.stringify(b);

function build(type: string): ResourceTypeSpec | undefined {
  const spec = SPEC.types[type] ?? CLOUDFLARE_SPEC[type];
  if (!spec) return undefined;
  const properties = toFields(spec.properties);
  const extensions = { ...RECLAIM_EXTENSIONS[ANY_TYPE], ...RECLAIM_EXTENSIONS[type] };
  for (const [name, extension] of Object.entries(extensions)) {
    const own = properties[name];
    properties[name] = own
      ? {
          ...own,
          type: sameShape(own.type, extension.type) ? own.type : { kind: 'union', options: [own.type, extension.type] },
          extension: extension.reason,
        }
      : {
          type: extension.type,
          required: false,
          causesReplacement: extension.causesReplacement ?? 'no',
          ...(extension.documentation ? { documentation: extension.documentation } : {}),
          extension: extension.reason,
        };
  }
  const definitions = Object.fromEntries(
    Object.entries({ ...spec.definitions, ...EXTENSION_DEFINITIONS }).map(([name, fields]) => [name, toFields(fields)]),
  );
  return {
    type,
    properties,
    definitions,
    attributes: spec.attributes,
    ...(spec.primaryIdentifier ? { primaryIdentifier: spec.primaryIdentifier } : {}),
    ...(spec.tagProperty ? { tagProperty: spec.tagProperty } : {}),
    additionalReplacementPaths: spec.additionalReplacementPaths ?? [],
  };
}

const built = new Map<string, ResourceTypeSpec | undefined>();

/** The spec of one type, reclaim's extensions included; `undefined` for a type outside the subset. */
export function resourceSpec(type: string): ResourceTypeSpec | undefined {
  if (!built.has(type)) built.set(type, build(type));
  return built.get(type);
}

/** `Policies[name]` → `Policies`, `[name]`; `[a][b]` → `[a]`, `[b]`. Other segments are kept as they are. */
function splitSelectors(path: readonly string[]): string[] {
  return path.flatMap((segment) => {
    const match = /^([^[]*)((?:\[[^\]]*\])+)$/.exec(segment);
    if (!match) return [segment];
    const selectors = match[2]!.match(/\[[^\]]*\]/g) ?? [];
    return match[1] ? [match[1], ...selectors] : selectors;
  });
}

/** An array index (`0`) or a keyed selector (`[name]`): a step into an array's element. */
export const isElementSelector = (segment: string): boolean => /^\d+$/.test(segment) || /^\[.*\]$/.test(segment);

/** An element is part of its owner: it changes, and is documented, as the owner does. */
const elementOf = (owner: PropertySpec, element: TypeShape): PropertySpec => ({
  type: element,
  required: false,
  causesReplacement: owner.causesReplacement,
  ...(owner.documentation ? { documentation: owner.documentation } : {}),
});

function step(
  spec: ResourceTypeSpec,
  shape: TypeShape,
  owner: PropertySpec,
  rest: readonly string[],
  chain: readonly PropertySpec[],
): PropertySpec[] | undefined {
  if (rest.length === 0) return [...chain];
  const [head, ...tail] = rest as [string, ...string[]];
  switch (shape.kind) {
    case 'object': {
      const field = spec.definitions[shape.definition]?.[head];
      return field ? step(spec, field.type, field, tail, [...chain, field]) : undefined;
    }
    case 'array': {
      const element = elementOf(owner, shape.element);
      // The index may be left out (`Stages.Actions.Name`): the segment then names a field of the element.
      return isElementSelector(head)
        ? step(spec, shape.element, element, tail, [...chain, element])
        : step(spec, shape.element, element, rest, [...chain, element]);
    }
    case 'map': {
      const element = elementOf(owner, shape.element);
      return step(spec, shape.element, element, tail, [...chain, element]);
    }
    case 'union':
      for (const option of shape.options) {
        const found = step(spec, option, { ...owner, type: option }, rest, chain);
        if (found) return found;
      }
      return undefined;
    case 'json':
      // Free-form below this point (a policy document, an action's configuration): the owner answers for it.
      return [...chain, { ...owner, type: shape }];
    default:
      return undefined;
  }
}

/**
 * The properties a path passes through, outermost first, or `undefined` when
 * the path leaves the spec. Segments are property names, array indexes (`0`),
 * keyed selectors (`Policies[name]`, `[name]`) or map keys.
 */
export function resolvePath(type: string, path: readonly string[]): PropertySpec[] | undefined {
  const spec = resourceSpec(type);
  const [head, ...tail] = splitSelectors(path);
  if (!spec || head === undefined) return undefined;
  const property = spec.properties[head];
  return property ? step(spec, property.type, property, tail, [property]) : undefined;
}
