import { asDict, asList, asString } from '../util/values.js';
import type { Parsed } from './positions.js';

/**
 * The `docker build` commands of a buildspec, with the line each sits on. A
 * buildspec's commands are shell; this follows what the guide's buildspec
 * does: literal `--target NAME`, variables from `env.variables`, and simple
 * `for SVC in a b c; do … done` loops. Anything else is reported as not
 * followed, never guessed.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
 */

export interface DockerBuild {
  readonly line: number;
  /** The `--target` stage as resolved, or undefined when there is none. */
  readonly target?: string;
  /** The `--target` as written, when it could not be resolved (`$SVC`). */
  readonly unresolvedTarget?: string;
  /** `-t` / `--tag` values as written. */
  readonly tags: readonly string[];
  /** `-f` / `--file`, when given. */
  readonly dockerfile?: string;
}

export interface BuildspecCommand {
  readonly phase: string;
  readonly text: string;
  readonly line: number;
}

/** Every command of every phase, each line of a multi-line command on its own line number. */
export function commandsOf(buildspec: Parsed): BuildspecCommand[] {
  const phases = asDict(asDict(buildspec.value)?.phases) ?? {};
  const commands: BuildspecCommand[] = [];
  for (const [phase, body] of Object.entries(phases)) {
    asList(asDict(body)?.commands).forEach((command, index) => {
      const text = asString(command);
      if (text === undefined) return;
      const line = buildspec.positionOf(['phases', phase, 'commands', index])?.line ?? 1;
      // A block scalar (`- |`) starts on the line after its indicator.
      const firstLine = text.includes('\n') ? line + 1 : line;
      commands.push({ phase, text, line: firstLine });
    });
  }
  return commands;
}

function variablesOf(buildspec: Parsed): Record<string, string> {
  const variables = asDict(asDict(asDict(buildspec.value)?.env)?.variables) ?? {};
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string' || typeof value === 'number') result[name] = String(value);
  }
  return result;
}

const substitute = (text: string, variables: Record<string, string>): string =>
  text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    return variables[name] ?? whole;
  });

/** Shell words of one simple command, quotes removed. */
function words(segment: string): string[] {
  const result: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(segment); match; match = pattern.exec(segment)) {
    result.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return result;
}

function parseBuild(segment: string, line: number, variables: Record<string, string>): DockerBuild | undefined {
  if (!/\bdocker\s+(?:buildx\s+build|image\s+build|build)\b/.test(segment)) return undefined;
  const args = words(segment);
  let target: string | undefined;
  let dockerfile: string | undefined;
  const tags: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const value = (flag: string) => (arg === flag ? args[++i] : arg.slice(flag.length + 1));
    if (arg === '--target' || arg.startsWith('--target=')) target = value('--target');
    else if (arg === '-t' || arg === '--tag' || arg.startsWith('--tag='))
      tags.push(value(arg === '-t' ? '-t' : '--tag') ?? '');
    else if (/^-t\S/.test(arg)) tags.push(arg.slice(2));
    else if (arg === '-f' || arg === '--file' || arg.startsWith('--file='))
      dockerfile = value(arg === '-f' ? '-f' : '--file');
  }
  const resolved = target === undefined ? undefined : substitute(target, variables);
  const unresolved = resolved !== undefined && /\$/.test(resolved);
  return {
    line,
    tags,
    ...(resolved !== undefined && !unresolved ? { target: resolved } : {}),
    ...(unresolved ? { unresolvedTarget: target } : {}),
    ...(dockerfile ? { dockerfile } : {}),
  };
}

/** `for SVC in api sidecar nginx; do BODY; done` → BODY once per item, with `$SVC` replaced. */
function expandLoops(text: string): string[] {
  const loop = /for\s+(\w+)\s+in\s+([^;\n]+?)\s*(?:;|\n)\s*do\b([\s\S]*?)\bdone\b/.exec(text);
  if (!loop) return [text];
  const [whole, variable, list, body] = loop as unknown as [string, string, string, string];
  const items = words(list);
  const before = text.slice(0, loop.index);
  const after = text.slice(loop.index + whole.length);
  // Keep the line count of the loop so that line numbers still point inside it.
  return items.map((item) => `${before}${substitute(body, { [variable]: item })}${after}`);
}

/** Marks where a continuation line was joined (a private-use character), so line numbers still count it. */
const JOINED_LINE = '\uE001';
const LINE_BREAKS = new RegExp(`[\\n${JOINED_LINE}]`, 'g');

export function dockerBuildsOf(buildspec: Parsed): DockerBuild[] {
  const variables = variablesOf(buildspec);
  const builds: DockerBuild[] = [];
  for (const command of commandsOf(buildspec)) {
    // A line continuation (`\` at the end of a line) joins lines into one command; the marker keeps the count.
    const joined = command.text.replace(/\\\n/g, ` ${JOINED_LINE} `);
    const loopLine = (text: string, index: number) =>
      command.line + (text.slice(0, index).match(LINE_BREAKS)?.length ?? 0);
    const expanded = expandLoops(joined);
    for (const text of expanded) {
      // Simple commands are separated by newlines, `;`, `&&` and `||`.
      const pattern = /[^\n;&|]+(?:\|(?!\|)[^\n;&|]*)*/g;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        const build = parseBuild(match[0], loopLine(text, match.index), variables);
        if (build) builds.push(build);
      }
    }
  }
  return builds;
}

/** The `artifacts.files` patterns, as written. */
export function artifactFilesOf(buildspec: Parsed): string[] {
  const files = asDict(asDict(buildspec.value)?.artifacts)?.files;
  return typeof files === 'string' ? [files] : asList(files).filter((file): file is string => typeof file === 'string');
}
