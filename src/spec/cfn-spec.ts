/**
 * What CloudFormation's resource specification says about the types reclaim
 * knows: property types, which changes replace a resource, defaults and
 * documentation. Answered from a checked-in subset (`cfn-spec.json`, written
 * by `npm run spec` from `@aws-cdk/aws-service-spec`), loaded once; every
 * query is pure.
 *
 * Paths are property names, array indexes (`0`) or keyed selectors
 * (`Policies[name]`) and map keys: `['ContainerDefinitions', '0', 'Secrets']`.
 * An array's index may be left out. Below a free-form JSON property (a policy
 * document) the JSON property itself answers.
 */
import { isElementSelector, resolvePath, resourceSpec, type PropertySpec } from './spec-index.js';

export { ANY_TYPE, RECLAIM_EXTENSIONS, type ReclaimExtension } from './extensions.js';
export type { Replacement, TypeShape } from './spec-shape.js';
export {
  resourceSpec,
  SPEC_SOURCE,
  SPEC_TYPES,
  type Fields,
  type PropertySpec,
  type ResourceTypeSpec,
} from './spec-index.js';
export { isIntrinsic, validateProperties, type PropertyProblem } from './validate-properties.js';

/** The property (or a structure's field, or an element) at a path; `undefined` when the spec has none there. */
export function propertyAt(type: string, path: readonly string[]): PropertySpec | undefined {
  return resolvePath(type, path)?.at(-1);
}

/** The spec's default at a path: what AWS does when the property is left out. */
export function defaultValueAt(type: string, path: readonly string[]): unknown {
  return propertyAt(type, path)?.defaultValue;
}

/** The first sentence of the spec's documentation at a path. */
export function documentationAt(type: string, path: readonly string[]): string | undefined {
  return propertyAt(type, path)?.documentation;
}

/** `a.0.b` and `a.[x].b` both match `a.b`: additional replacement paths name no indexes. */
function inAdditionalPaths(type: string, path: readonly string[]): boolean {
  const names = path.filter((segment) => !isElementSelector(segment)).map((segment) => segment.replace(/\[.*$/, ''));
  return (resourceSpec(type)?.additionalReplacementPaths ?? []).some((extra) =>
    extra.every((segment, i) => names[i] === segment),
  );
}

function replacementOf(type: string, path: readonly string[]): 'yes' | 'maybe' | 'no' {
  const chain = resolvePath(type, path);
  if (inAdditionalPaths(type, path) || chain?.some((property) => property.causesReplacement === 'yes')) return 'yes';
  return chain?.some((property) => property.causesReplacement === 'maybe') ? 'maybe' : 'no';
}

const unique = (paths: readonly (readonly string[])[]): string[] => [...new Set(paths.map((path) => path.join('.')))];

/**
 * The changed paths (dotted) whose change makes CloudFormation replace the
 * resource: the path, or a property it passes through, causes replacement.
 * Give the deepest changed paths (a diff's leaves): a change somewhere inside
 * a structure is judged by the structure alone.
 */
export function replacementReasons(type: string, changedPaths: readonly (readonly string[])[]): string[] {
  return unique(changedPaths.filter((path) => replacementOf(type, path) === 'yes'));
}

/** The changed paths whose change may replace the resource, depending on the change (and none that surely do). */
export function maybeReplacement(type: string, changedPaths: readonly (readonly string[])[]): string[] {
  return unique(changedPaths.filter((path) => replacementOf(type, path) === 'maybe'));
}
