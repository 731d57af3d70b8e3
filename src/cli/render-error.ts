import { ReclaimError } from '../errors.js';

/** One error, rendered for people: the message, what to try, the cause, and the stack only on request. */
export function renderError(error: Error, options: { debug: boolean }): string {
  const lines = [`Error: ${error.message}`];
  if (error instanceof ReclaimError && error.suggestions.length > 0) {
    lines.push('Try this:', ...error.suggestions.map((suggestion) => `  - ${suggestion}`));
  }
  const cause = error.cause instanceof Error ? error.cause : undefined;
  if (cause && !error.message.includes(cause.message)) lines.push(`Cause: ${cause.name}: ${cause.message}`);
  if (options.debug && error.stack) lines.push('', error.stack);
  return lines.join('\n');
}

/** The same error for `--json`: a stable code scripts can match on. */
export function errorJson(error: Error): { error: { code: string; message: string; suggestions: readonly string[] } } {
  return {
    error: {
      code: error instanceof ReclaimError ? error.code : 'UNEXPECTED',
      message: error.message,
      suggestions: error instanceof ReclaimError ? error.suggestions : [],
    },
  };
}
