import { UserError } from '../errors.js';

/** One thing wrong with a desired-state file, where it is, and how to fix it. */
export interface FileProblem {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly fix?: string;
}

/** A problem found on the parsed data, before it is placed in the file. */
export interface PathProblem {
  readonly severity: 'error' | 'warning';
  readonly path: readonly (string | number)[];
  /** Point at the key of the last path segment (an unknown name) rather than at its value. */
  readonly at?: 'key';
  readonly message: string;
  readonly fix?: string;
}

export function formatProblem(problem: FileProblem): string {
  const head = `${problem.file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
  return problem.fix ? `${head}\n    fix: ${problem.fix}` : head;
}

/** Every error in the file at once, so a user fixes them in one pass. */
export class DesiredStateInvalid extends UserError {
  constructor(
    readonly file: string,
    readonly problems: readonly FileProblem[],
  ) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    super(
      'DESIRED_STATE_INVALID',
      `${file} has ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${problems.map(formatProblem).join('\n')}`,
      [
        'Fix the lines above and run again; `reclaim import --stack NAME --out FILE` writes a valid file to start from.',
      ],
    );
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
