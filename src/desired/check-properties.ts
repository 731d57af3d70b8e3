import { validateProperties } from '../spec/cfn-spec.js';
import type { PathProblem } from './problems.js';
import type { DesiredState } from './types.js';

/** Checks every declared property against the CloudFormation specification of its type. */
export function checkProperties(state: DesiredState): PathProblem[] {
  return Object.entries(state.resources).flatMap(([id, resource]) =>
    validateProperties(resource.type, resource.properties).map((problem) => ({
      severity: 'error' as const,
      path: ['resources', id, 'properties', ...problem.path],
      message: `${id} (${resource.type}): ${problem.message}`,
      ...(problem.fix ? { fix: problem.fix } : {}),
    })),
  );
}
