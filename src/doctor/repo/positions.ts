import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** A place in a file; lines and columns count from 1. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export type PathPart = string | number;

/** A parsed JSON or YAML file that can say where each value sits. */
export interface Parsed {
  readonly ok: true;
  readonly value: unknown;
  /** Where the value at `path` starts (or, with `key: true`, its key in the enclosing mapping). */
  positionOf(path: readonly PathPart[], options?: { key?: boolean }): Position | undefined;
}

export interface ParseFailure {
  readonly ok: false;
  /** What is wrong, never quoting the file (a taskdef.json may hold values that are not for logs). */
  readonly message: string;
  readonly position: Position;
}

export type ParseResult = Parsed | ParseFailure;

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Finds the node at `path`, and the key node of the pair that holds it. */
function nodeAt(root: unknown, path: readonly PathPart[]): { node?: Node; key?: Node } {
  let current: unknown = root;
  let key: Node | undefined;
  for (const part of path) {
    if (isMap(current)) {
      const pair = current.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part),
      );
      if (!pair) return {};
      key = isNode(pair.key) ? pair.key : undefined;
      current = pair.value;
    } else if (isSeq(current)) {
      current = current.items[Number(part)];
      key = undefined;
    } else {
      return {};
    }
  }
  return { node: isNode(current) ? current : undefined, key };
}

function fromDocument(document: ReturnType<typeof parseDocument>, lineCounter: LineCounter): Parsed {
  return {
    ok: true,
    value: document.toJS({ maxAliasCount: 100 }) as unknown,
    positionOf(path, options = {}) {
      const { node, key } = nodeAt(document.contents, path);
      const target = options.key ? (key ?? node) : node;
      const offset = target?.range?.[0];
      if (offset === undefined) return undefined;
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
  };
}

/**
 * Parses strict JSON (what ECS and CodePipeline accept) and keeps the position
 * of every value. Validity is JSON.parse's verdict; positions come from the
 * `yaml` parser, since JSON is YAML.
 */
export function parseJson(text: string): ParseResult {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    // V8 quotes a snippet of the input in some messages: keep only the reason when it does not.
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    return {
      ok: false,
      message: reason.includes('"') ? 'not valid JSON' : `not valid JSON: ${reason}`,
      position: positionAt(text, offset),
    };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  return fromDocument(document, lineCounter);
}

export function parseYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    return {
      ok: false,
      message: `not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      position: position ? { line: position.line, column: position.col } : { line: 1, column: 1 },
    };
  }
  return fromDocument(document, lineCounter);
}
