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

export { closest, editDistance } from '../util/edit-distance.js';
