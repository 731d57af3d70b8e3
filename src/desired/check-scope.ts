import type { PathProblem } from './problems.js';
import type { DesiredState } from './types.js';

/**
 * The file's `stack` and its `scope.stack` must name the same stack: drift and
 * plan read live by the scope and report under the stack, so two names would
 * compare one stack against another's declaration.
 */
export function checkScope(state: DesiredState): PathProblem[] {
  const scoped = state.scope?.stack;
  if (!state.stack || !scoped || scoped === state.stack) return [];
  return [
    {
      severity: 'error',
      path: ['scope', 'stack'],
      message: `scope.stack is "${scoped}" but the file declares stack "${state.stack}": one file describes one stack`,
      fix: `make both "${state.stack}" (or both "${scoped}"), whichever stack this file is for`,
    },
  ];
}
