/**
 * Just enough of a Dockerfile parser for the guide's conventions: the build
 * stages (`FROM image AS name`) and what each stage copies (to find the
 * nginx.conf the image ships). Continuation lines are joined; lines are the
 * instruction's first line.
 * https://docs.docker.com/reference/dockerfile/
 */

export interface Stage {
  readonly index: number;
  /** The `AS` name, lower-cased as Docker matches it; undefined for an unnamed stage. */
  readonly name?: string;
  readonly image: string;
  readonly line: number;
}

export interface Copy {
  readonly stage: number;
  readonly instruction: 'COPY' | 'ADD';
  readonly sources: readonly string[];
  readonly destination: string;
  /** `--from=…`: copied from another stage or image, not from the build context. */
  readonly from?: string;
  readonly line: number;
}

export interface DockerfileInfo {
  readonly path: string;
  readonly stages: readonly Stage[];
  readonly copies: readonly Copy[];
}

interface Instruction {
  readonly keyword: string;
  readonly rest: string;
  readonly line: number;
}

function instructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  const result: Instruction[] = [];
  let buffer = '';
  let start = 0;
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (buffer === '' && (/^\s*#/.test(line) || line.trim() === '')) return;
    if (buffer === '') start = index + 1;
    if (line.endsWith('\\')) {
      buffer += `${line.slice(0, -1)} `;
      return;
    }
    buffer += line;
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(buffer);
    if (match) result.push({ keyword: match[1]!.toUpperCase(), rest: match[2]!, line: start });
    buffer = '';
  });
  return result;
}

/** Splits shell-form arguments on whitespace, or reads the JSON (exec) form. */
function argumentsOf(rest: string): string[] {
  const trimmed = rest.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not the exec form after all
    }
  }
  return trimmed.split(/\s+/).filter((part) => part.length > 0);
}

export function parseDockerfile(path: string, text: string): DockerfileInfo {
  const stages: Stage[] = [];
  const copies: Copy[] = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') {
      const args = argumentsOf(instruction.rest).filter((arg) => !arg.startsWith('--'));
      const asAt = args.findIndex((arg) => arg.toLowerCase() === 'as');
      stages.push({
        index: stages.length,
        image: args[0] ?? '',
        line: instruction.line,
        ...(asAt > 0 && args[asAt + 1] ? { name: args[asAt + 1]!.toLowerCase() } : {}),
      });
    } else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      const args = argumentsOf(instruction.rest);
      const flags = args.filter((arg) => arg.startsWith('--'));
      const paths = args.filter((arg) => !arg.startsWith('--'));
      if (paths.length < 2) continue;
      const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
      copies.push({
        stage: Math.max(0, stages.length - 1),
        instruction: instruction.keyword,
        sources: paths.slice(0, -1),
        destination: paths[paths.length - 1]!,
        line: instruction.line,
        ...(from ? { from } : {}),
      });
    }
  }
  return { path, stages, copies };
}
