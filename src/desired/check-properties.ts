import { validateProperties } from '../spec/cfn-spec.js';
import type { PathProblem } from './problems.js';
import type { DesiredState } from './types.js';

/** Checks every declared property against the CloudFormation specification of its type. */
export function checkProperties(state: DesiredState): PathProblem[] {
  return Object.entries(state.resources).flatMap(([id, resource]) =>
    validateProperties(resource.type, resource.properties).map((problem) => ({
      severity: 'error' as const,
      path: ['resources', id, 'properties', ...problem.path],
      ...(/ has no property "/.test(problem.message) ? { at: 'key' as const } : {}),
      message: `${id} (${resource.type}): ${problem.message}`,
      fix: problem.fix ?? fallbackFix(problem.message, resource.type, problem.path),
    })),
  );
}

/** Every problem comes with a fix: when the spec check has no better one, say what the property takes. */
function fallbackFix(message: string, type: string, path: readonly string[]): string {
  const expected = /^expected (.+), got /.exec(message)?.[1];
  const where = path.filter((segment) => !/^\d+$/.test(segment)).join('.');
  return expected
    ? `write ${expected} here`
    : `see the CloudFormation reference for ${type}${where ? ` (${where})` : ''}`;
}
