import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { UserError } from '../errors.js';
import { schemaValidator } from '../io/schemas.js';
import { bytesDigest } from '../model/fingerprint.js';
import { checkGraph } from './check-graph.js';
import { checkIgnoreRules } from './check-ignore.js';
import { checkIntrinsics } from './check-intrinsics.js';
import { checkScope } from './check-scope.js';
import { checkProperties } from './check-properties.js';
import { normalizeIntrinsics } from './intrinsic-functions.js';
import { closest, DesiredStateInvalid, type FileProblem, type PathProblem } from './problems.js';
import type { DesiredResource, DesiredState } from './types.js';
import { describeUnknownTag, INTRINSIC_TAGS, unknownTags } from './yaml-tags.js';

export interface LoadedDesiredState {
  readonly state: DesiredState;
  /** `sha256:` of the file's bytes, as read (a saved plan records it). */
  readonly digest?: string;
  /** Problems that do not stop the run (an expired ignore rule, say), placed in the file. */
  readonly warnings: readonly FileProblem[];
}

/** Reads and validates a desired-state file; every error is reported at once, with its line and column. */
export async function loadDesiredState(file: string, options: { now?: Date } = {}): Promise<LoadedDesiredState> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UserError('DESIRED_STATE_UNREADABLE', `reading ${file}: ${(error as Error).message}`, [
      `Write one with \`reclaim import --stack NAME --out ${file}\`.`,
    ]);
  }
  // One read for both the digest and the parse, so the digest is of exactly what was parsed.
  return { ...parseDesiredState(bytes.toString('utf8'), file, options), digest: bytesDigest(bytes) };
}

export function parseDesiredState(text: string, file: string, options: { now?: Date } = {}): LoadedDesiredState {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { customTags: INTRINSIC_TAGS, lineCounter, uniqueKeys: true });
  const place = (problem: PathProblem): FileProblem => ({
    severity: problem.severity,
    file,
    ...positionOf(document, lineCounter, problem.path, problem.at),
    message: problem.message,
    ...(problem.fix ? { fix: problem.fix } : {}),
  });

  if (document.errors.length > 0) {
    throw new DesiredStateInvalid(
      file,
      document.errors.map((error) => ({
        severity: 'error',
        file,
        line: error.linePos?.[0].line ?? 1,
        column: error.linePos?.[0].col ?? 1,
        ...describeYamlError(error, text),
      })),
    );
  }

  const data = document.toJS() as unknown;
  const tags = unknownTags(document, text);
  const schemaProblems = checkSchema(data);
  const written = wellFormedPart(data, schemaProblems);
  // Intrinsics are checked as written (so problems point into the file), then read into one canonical form.
  const intrinsicProblems = written ? checkIntrinsics(written) : [];
  const state = written && withCanonicalIntrinsics(written);
  // Every declared id counts for references; only resources the schema accepts get the spec check.
  const checkable = state && {
    ...state,
    resources: Object.fromEntries(
      Object.entries(state.resources).filter(
        ([id]) => !schemaProblems.some((problem) => problem.path[0] === 'resources' && problem.path[1] === id),
      ),
    ),
  };
  // One problem per node: what an unknown tag or a wrong intrinsic holds is not checked again.
  const reported = [...tags.map((tag) => tag.path), ...intrinsicProblems.map((problem) => problem.path)];
  const further = [
    ...schemaProblems,
    ...(state
      ? [
          ...checkGraph(state),
          ...checkProperties(checkable!),
          ...checkIgnoreRules(state, options.now ?? new Date()),
          ...checkScope(state),
        ]
      : []),
  ].filter((problem) => !reported.some((path) => isWithin(problem.path, path)));
  // The schema's problems and the graph's and spec's come out together, so one pass fixes the file.
  const problems = inFileOrder([
    ...tags.map((tag): FileProblem => {
      const { line, col } = lineCounter.linePos(tag.offset);
      return { severity: 'error', file, line, column: col, ...describeUnknownTag(tag.tag) };
    }),
    ...[...intrinsicProblems, ...further].map(place),
  ]);
  if (problems.some((problem) => problem.severity === 'error')) throw new DesiredStateInvalid(file, problems);
  return { state: state!, warnings: problems };
}

/** Whether `path` is `ancestor` or lies below it. */
const isWithin = (path: readonly (string | number)[], ancestor: readonly (string | number)[]): boolean =>
  ancestor.length <= path.length && ancestor.every((segment, index) => path[index] === segment);

/** The state with every intrinsic in its properties in the one form the rest of reclaim reads. */
function withCanonicalIntrinsics(state: DesiredState): DesiredState {
  return {
    ...state,
    resources: Object.fromEntries(
      Object.entries(state.resources).map(([id, resource]) => [
        id,
        { ...resource, properties: normalizeIntrinsics(resource.properties) as DesiredResource['properties'] },
      ]),
    ),
  };
}

/**
 * The file as far as the deeper checks can read it: every resource (whose
 * properties are a mapping), and the ignore rules and debris entries with no
 * schema problem of their own. Undefined when the file's frame itself is broken.
 */
const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function wellFormedPart(data: unknown, schemaProblems: readonly PathProblem[]): DesiredState | undefined {
  const raw = data as Partial<DesiredState> | null;
  if (!raw || typeof raw !== 'object' || !raw.resources || typeof raw.resources !== 'object') return undefined;
  const broken = (section: string, key: string | number) =>
    schemaProblems.some((problem) => problem.path[0] === section && problem.path[1] === key);
  const list = <T>(section: 'ignore' | 'debris', items: readonly T[] | undefined) =>
    Array.isArray(items) ? items.filter((_, index) => !broken(section, index)) : [];
  return {
    ...(raw as DesiredState),
    scope: raw.scope ?? { stack: raw.stack ?? '' },
    ignore: list('ignore', raw.ignore),
    debris: list('debris', raw.debris),
    resources: Object.fromEntries(
      Object.entries(raw.resources).map(([id, resource]) => [
        id,
        isMapping(resource) &&
        typeof resource.type === 'string' &&
        (typeof resource.physicalId === 'string' || resource.physicalId === undefined)
          ? { ...resource, properties: isMapping(resource.properties) ? resource.properties : {} }
          : // Too broken to check further (its schema problem says why), but its id is still declared.
            { type: '' as DesiredResource['type'], physicalId: '', properties: {} },
      ]),
    ),
  };
}

/** Problems as a reader meets them: by line, then column. */
function inFileOrder(problems: FileProblem[]): FileProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The parser's message, made specific where a common mistake has a known fix. */
function describeYamlError(error: YAMLError, text: string): { message: string; fix: string } {
  const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^("[^"]*"|'[^']*'|[^:\s]+)/.exec(text.slice(error.pos[0]))?.[1] ?? '';
    return {
      message: `"${key}" appears twice in the same mapping (under resources, that is a duplicate logical id)`,
      fix: `rename or remove one of the two entries named ${key}`,
    };
  }
  if (error.code === 'TAB_AS_INDENT') return { message, fix: 'indent with spaces; YAML does not allow tabs' };
  return { message, fix: 'fix the YAML syntax at this position' };
}

function checkSchema(data: unknown): PathProblem[] {
  const validate = schemaValidator('desired-state');
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => {
    const path = error.instancePath.split('/').slice(1).map(decodePointer);
    const where = path.length > 0 ? path.join('.') : 'the file';
    switch (error.keyword) {
      case 'additionalProperties': {
        const extra = String((error.params as { additionalProperty: string }).additionalProperty);
        return {
          severity: 'error',
          path: [...path, extra],
          at: 'key',
          message: `unknown key "${extra}" in ${where}`,
          fix: `remove "${extra}" (see schemas/desired-state.schema.json for the keys allowed here)`,
        } as const;
      }
      case 'required': {
        const missing = String((error.params as { missingProperty: string }).missingProperty);
        return { severity: 'error', path, message: `${where} needs "${missing}"`, fix: `add ${missing}: …` } as const;
      }
      case 'enum': {
        const allowed = (error.params as { allowedValues: string[] }).allowedValues ?? [];
        const value = String(valueAt(data, path));
        const suggestion = closest(value, allowed);
        return {
          severity: 'error',
          path,
          message: `${where} is "${value}", which is not a type reclaim manages`,
          fix: suggestion ? `did you mean ${suggestion}?` : `use one of: ${allowed.join(', ')}`,
        } as const;
      }
      case 'const': {
        const allowed = JSON.stringify((error.params as { allowedValue: unknown }).allowedValue);
        return {
          severity: 'error',
          path,
          message: `${where} is ${JSON.stringify(valueAt(data, path))}, but the only ${where} reclaim reads is ${allowed}`,
          fix: `write ${String(path.at(-1) ?? where)}: ${allowed}`,
        } as const;
      }
      case 'type': {
        const wanted = (error.params as { type: string }).type;
        const value = valueAt(data, path);
        const noun = wanted === 'object' ? 'a mapping' : wanted === 'array' ? 'a list' : `a ${wanted}`;
        return {
          severity: 'error',
          path,
          message: `${where} must be ${noun}, got ${describeValue(value)}`,
          fix:
            wanted === 'string' && (typeof value === 'number' || typeof value === 'boolean')
              ? `quote it: ${String(path.at(-1))}: "${String(value)}"`
              : `write ${where} as ${noun}${wanted === 'object' && Array.isArray(value) ? ' of name: value lines, without the leading "- "' : ''}`,
        } as const;
      }
      default:
        return {
          severity: 'error',
          path,
          message: `${where} ${error.message ?? 'is invalid'}`,
          fix: 'see schemas/desired-state.schema.json',
        } as const;
    }
  });
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing (null)';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `the ${typeof value} ${String(value)}`;
}

const decodePointer = (segment: string): string | number =>
  /^\d+$/.test(segment) ? Number(segment) : segment.replace(/~1/g, '/').replace(/~0/g, '~');

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let current = data;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

/** The line and column of the deepest node along `path` that exists in the file. */
function positionOf(
  document: Document,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
  at?: 'key',
): { line: number; column: number } {
  if (at === 'key' && path.length > 0) {
    const parent = document.getIn(path.slice(0, -1), true);
    const pair = isMap(parent)
      ? parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1))
      : undefined;
    if (pair && isScalar(pair.key) && pair.key.range) {
      const { line, col } = lineCounter.linePos(pair.key.range[0]);
      return { line, column: col };
    }
  }
  for (let length = path.length; length >= 0; length -= 1) {
    const node = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}
