/**
 * reclaim's error hierarchy. Every error carries a stable `code` that scripts
 * can match on, a message that names the action, the resource and the bad
 * value, and suggestions that say what to do next. Commands render them in
 * one place (`src/cli/render-error.ts`).
 */
export class ReclaimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly suggestions: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The user asked for something that cannot work: a bad flag, a bad file. Fix the input and run again. */
export class UserError extends ReclaimError {}

/** AWS refused or failed a call that the command could not do without. */
export class AwsError extends ReclaimError {}

/** The user declined a confirmation. Not a failure of the tool. */
export class AbortedByUser extends ReclaimError {
  constructor(message = 'Aborted: nothing was changed.') {
    super('ABORTED', message);
  }
}
