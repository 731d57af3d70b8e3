import { identityOf } from '../model/identity.js';
import { hasNaturalKey, NATURALLY_KEYED } from '../model/natural-key.js';
import { intrinsicsIn, intrinsicTargets } from './intrinsics.js';
import { substitutePseudo } from './pseudo.js';
import { closest, type PathProblem } from './problems.js';
import type { DesiredState } from './types.js';

/**
 * Checks the file as a graph: every reference names a declared resource, no
 * two entries declare the same AWS resource, references do not go round in
 * a circle, and debris is not also declared. Pure; positions come later.
 */
export function checkGraph(state: DesiredState): PathProblem[] {
  const problems: PathProblem[] = [];
  const ids = Object.keys(state.resources);
  const declared = new Set(ids);
  const references = new Map<string, string[]>();

  for (const [id, resource] of Object.entries(state.resources)) {
    const targets: string[] = [];
    for (const { path, intrinsic } of intrinsicsIn(resource.properties ?? {})) {
      for (const target of intrinsicTargets(intrinsic)) {
        if (declared.has(target)) {
          targets.push(target);
          continue;
        }
        const suggestion = closest(target, ids);
        problems.push({
          severity: 'error',
          path: ['resources', id, 'properties', ...path],
          message: `${id} refers to "${target}", which is not declared under resources`,
          fix: suggestion
            ? `did you mean ${suggestion}?`
            : `declare ${target} under resources, or write the literal value instead of a reference`,
        });
      }
    }
    references.set(id, targets);
  }

  const seen = new Map<string, string>();
  for (const [id, resource] of Object.entries(state.resources)) {
    if (resource.physicalId === undefined) {
      // A type that is not found by a key of its own properties has nothing else to be found by.
      if (resource.type && !hasNaturalKey(resource.type)) {
        problems.push({
          severity: 'error',
          path: ['resources', id],
          at: 'key',
          message: `${id} needs "physicalId": reclaim finds each ${resource.type} by it`,
          fix: `add physicalId: … (reclaim import writes it); only a resource AWS names when it is created (${NATURALLY_KEYED}) may leave it out`,
        });
      }
      continue;
    }
    if (resource.physicalId === '') continue;
    const key = `${resource.type}|${identityOf(resource.type, resource.physicalId)}`;
    const first = seen.get(key);
    if (first) {
      problems.push({
        severity: 'error',
        path: ['resources', id, 'physicalId'],
        message: `${id} and ${first} both declare ${resource.type} ${resource.physicalId}`,
        fix: `keep one of the two entries`,
      });
    } else {
      seen.set(key, id);
    }
  }

  for (const cycle of findCycles(references)) {
    problems.push({
      severity: 'error',
      path: ['resources', cycle[0]!],
      message: `references go round in a circle: ${[...cycle, cycle[0]].join(' → ')}`,
      fix: 'replace one of these references with the literal value, so that there is an order to create them in',
    });
  }

  // Debris is matched by exact physical id: an old revision of a declared task definition family is debris.
  const declaredIds = new Set(
    Object.values(state.resources).flatMap((resource) =>
      resource.physicalId === undefined ? [] : [`${resource.type}|${substitutePseudo(resource.physicalId, state)}`],
    ),
  );
  for (const [index, entry] of state.debris.entries()) {
    if (declaredIds.has(`${entry.type}|${substitutePseudo(entry.physicalId, state)}`)) {
      problems.push({
        severity: 'error',
        path: ['debris', index, 'physicalId'],
        message: `${entry.type} ${entry.physicalId} is listed as debris but also declared under resources`,
        fix: 'remove it from one of the two lists',
      });
    }
  }
  return problems;
}

/** Each elementary cycle once, starting from its smallest id, in a deterministic order. */
function findCycles(references: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const target of references.get(id) ?? []) {
      if (state.get(target) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(target));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join('|'), rotated);
      } else if (!state.has(target)) {
        visit(target);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of [...references.keys()].sort()) if (!state.has(id)) visit(id);
  return [...cycles.values()];
}
