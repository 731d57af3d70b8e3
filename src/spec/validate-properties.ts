import { resourceSpec, SPEC_TYPES, type Fields, type ResourceTypeSpec } from './spec-index.js';
import type { TypeShape } from './spec-shape.js';
import { closest } from '../util/edit-distance.js';

/** One thing wrong with a resource's properties, at a property path (`['Policies', '0', 'PolicyName']`). */
export interface PropertyProblem {
  readonly path: string[];
  readonly message: string;
  /** What would probably fix it, when something would. */
  readonly fix?: string;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `{ Ref: X }`, `{ 'Fn::GetAtt': [X, attr] }`, `{ 'Fn::Sub': '…' }`…: resolved by CloudFormation, so any shape may come out. */
export function isIntrinsic(value: unknown): boolean {
  if (!isMapping(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

const didYouMean = (suggestion: string | undefined): { fix?: string } =>
  suggestion === undefined ? {} : { fix: `did you mean "${suggestion}"?` };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

/** What a shape takes, as a noun: `a list of mappings (Ingress)`. */
function expected(shape: TypeShape, plural = false): string {
  const noun = (one: string, many: string): string => (plural ? many : one);
  switch (shape.kind) {
    case 'string':
      return noun('a string', 'strings');
    case 'integer':
      return noun('an integer', 'integers');
    case 'number':
      return noun('a number', 'numbers');
    case 'boolean':
      return noun('true or false', 'booleans');
    case 'json':
      return noun('JSON', 'JSON values');
    case 'date-time':
      return noun('a date-time string', 'date-time strings');
    case 'object':
      return `${noun('a mapping', 'mappings')} (${shape.definition})`;
    case 'array':
      return `${noun('a list', 'lists')} of ${expected(shape.element, true)}`;
    case 'map':
      return noun('a mapping', 'mappings');
    case 'union':
      return shape.options.map((option) => expected(option, plural)).join(' or ');
  }
}

/** Which of scalar, list and mapping a shape takes (`any` for free-form JSON and unions). */
function structure(shape: TypeShape): 'scalar' | 'list' | 'mapping' | 'any' {
  if (shape.kind === 'array') return 'list';
  if (shape.kind === 'object' || shape.kind === 'map') return 'mapping';
  if (shape.kind === 'json' || shape.kind === 'union') return 'any';
  return 'scalar';
}

const structureOf = (value: unknown): 'scalar' | 'list' | 'mapping' =>
  Array.isArray(value) ? 'list' : isMapping(value) ? 'mapping' : 'scalar';

class Checker {
  constructor(private readonly spec: ResourceTypeSpec) {}

  fields(fields: Fields, value: Record<string, unknown>, path: string[], owner: string): PropertyProblem[] {
    return Object.entries(value).flatMap(([name, field]): PropertyProblem[] => {
      const property = fields[name];
      if (!property) {
        return [
          {
            path: [...path, name],
            message: `${owner} has no property "${name}"`,
            ...didYouMean(closest(name, Object.keys(fields))),
          },
        ];
      }
      return this.value(property.type, field, [...path, name]);
    });
  }

  value(shape: TypeShape, value: unknown, path: string[]): PropertyProblem[] {
    if (shape.kind === 'json' || isIntrinsic(value)) return [];
    const wrong = (fix?: string): PropertyProblem[] => [
      { path, message: `expected ${expected(shape)}, got ${describe(value)}`, ...(fix ? { fix } : {}) },
    ];
    switch (shape.kind) {
      case 'string':
        // CloudFormation turns numbers and booleans into strings where a string is expected.
        if (typeof value === 'number' || typeof value === 'boolean') return [];
        if (typeof value !== 'string') return wrong();
        if (shape.allowed && !shape.allowed.includes(value)) {
          return [
            {
              path,
              message: `${describe(value)} is not one of ${shape.allowed.join(', ')}`,
              ...didYouMean(closest(value, shape.allowed)),
            },
          ];
        }
        return [];
      case 'date-time':
        return typeof value === 'string' ? [] : wrong();
      case 'integer':
      case 'number':
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
          return wrong(`write ${value.trim()} without quotes`);
        }
        if (typeof value !== 'number' || !Number.isFinite(value)) return wrong();
        if (shape.kind === 'integer' && !Number.isInteger(value)) return wrong();
        if (shape.kind === 'integer' && shape.allowed && !shape.allowed.includes(value)) {
          const nearest = [...shape.allowed].sort((a, b) => Math.abs(a - value) - Math.abs(b - value))[0];
          return [
            { path, message: `${value} is not one of ${shape.allowed.join(', ')}`, ...didYouMean(String(nearest)) },
          ];
        }
        return [];
      case 'boolean':
        if (value === 'true' || value === 'false') return wrong(`write ${value} without quotes`);
        return typeof value === 'boolean' ? [] : wrong();
      case 'object': {
        if (!isMapping(value)) return wrong();
        return this.fields(this.spec.definitions[shape.definition] ?? {}, value, path, shape.definition);
      }
      case 'map':
        if (!isMapping(value)) return wrong();
        return Object.entries(value).flatMap(([key, element]) => this.value(shape.element, element, [...path, key]));
      case 'array':
        if (!Array.isArray(value)) {
          return wrong(this.value(shape.element, value, path).length === 0 ? 'write it as a one-item list' : undefined);
        }
        return value.flatMap((element, index) => this.value(shape.element, element, [...path, String(index)]));
      case 'union':
        return this.union(shape.options, value, path);
    }
  }

  /** Fine when any option fits; otherwise the problems of the closest option that takes the value's structure. */
  private union(options: readonly TypeShape[], value: unknown, path: string[]): PropertyProblem[] {
    const attempts = options.map((option) => ({ option, problems: this.value(option, value, path) }));
    if (attempts.some((attempt) => attempt.problems.length === 0)) return [];
    const fitting = attempts
      .filter(({ option }) => [structureOf(value), 'any'].includes(structure(option)))
      .sort((a, b) => a.problems.length - b.problems.length);
    if (fitting[0]) return fitting[0].problems;
    return [
      { path, message: `expected ${options.map((option) => expected(option)).join(' or ')}, got ${describe(value)}` },
    ];
  }
}

/**
 * Checks a resource's properties against the CloudFormation spec and
 * reclaim's extensions: unknown property names (with the closest known one),
 * wrong types (strict for integers, numbers and booleans; a string accepts any
 * scalar, as CloudFormation does), values outside an enumeration, a list where
 * a mapping belongs and the other way round. Intrinsic functions (`Ref`,
 * `Fn::…`) are accepted anywhere. Missing required properties are not
 * reported: a reclaim file may declare a subset.
 */
export function validateProperties(type: string, properties: unknown): PropertyProblem[] {
  const spec = resourceSpec(type);
  if (!spec) {
    return [
      { path: [], message: `no CloudFormation spec for type "${type}"`, ...didYouMean(closest(type, SPEC_TYPES)) },
    ];
  }
  if (!isMapping(properties))
    return [{ path: [], message: `the properties of ${type} must be a mapping, got ${describe(properties)}` }];
  return new Checker(spec).fields(spec.properties, properties, [], type);
}
