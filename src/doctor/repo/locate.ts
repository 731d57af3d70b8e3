import type { FileLocation } from '../finding.js';
import { asDict, asList, asString, type Dict } from '../util/values.js';
import type { Parsed, PathPart } from './positions.js';
import type { StructuredFile } from './repo-files.js';

/** A finding's place in a file: the value at `path` (or its key), else the file's first line. */
export function locateIn(
  file: StructuredFile,
  path: readonly PathPart[] = [],
  options: { key?: boolean } = {},
): FileLocation {
  const position = file.parsed.ok ? file.parsed.positionOf(path, options) : file.parsed.position;
  return position
    ? { kind: 'file', path: file.path, line: position.line, column: position.column }
    : { kind: 'file', path: file.path, line: 1 };
}

export const fileOnly = (path: string): FileLocation => ({ kind: 'file', path });

export const atLine = (path: string, line: number, column?: number): FileLocation => ({
  kind: 'file',
  path,
  line,
  ...(column !== undefined ? { column } : {}),
});

/** A container of taskdef.json (ECS's camelCase names), with the path to it. */
export interface RepoContainer {
  readonly index: number;
  readonly name: string;
  readonly definition: Dict;
  readonly path: readonly PathPart[];
}

export function repoContainersOf(parsed: Parsed): RepoContainer[] {
  return asList(asDict(parsed.value)?.containerDefinitions).map((definition, index) => {
    const dict = asDict(definition) ?? {};
    return {
      index,
      name: asString(dict.name) ?? `container ${index}`,
      definition: dict,
      path: ['containerDefinitions', index],
    };
  });
}
