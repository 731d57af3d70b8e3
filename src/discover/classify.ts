import type { DiscoveredResource, Reference } from './kind-handler.js';
import { closure } from '../util/closure.js';
import { unmodelledLive } from './kinds/cloudformation-stack.js';

/** What classification needs from a finished walk. */
export interface WalkResult {
  readonly resources: ReadonlyMap<string, DiscoveredResource>;
  /** The key of the resource a reference names, or undefined when it was not found. */
  resolve(reference: Reference): string | undefined;
  /** Keys of the stack's entry points: its pipelines, clusters, services (and tagged resources). */
  readonly roots: ReadonlySet<string>;
  /** Keys of resources whose names carry the stack's name, found by listing. */
  readonly swept: ReadonlySet<string>;
  /** Keys of resources the desired file declares, read by their recorded physical ids (drift, plan, apply). */
  readonly declared?: ReadonlySet<string>;
}

export interface Classification {
  /** Resources that belong in the snapshot. */
  readonly kept: ReadonlySet<string>;
  /** Kept resources that the running stack uses; every other kept, non-external one is an orphan. */
  readonly live: ReadonlySet<string>;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';

/**
 * Decides what is live, what is debris, and what does not belong at all.
 *
 * - Live: reachable from the roots through `reference` and `contains` links;
 *   plus every CloudFormation stack that owns something live (the console's
 *   service stack owns the production load balancer), and every stack that
 *   owns a resource of a type reclaim does not model which AWS does not say
 *   is gone (an SNS topic): reclaim cannot tell whether anything uses it.
 * - Kept: the live resources; every swept resource; every declared resource
 *   (the desired file names it, so it is compared, never taken for absent);
 *   what kept stacks own and kept resources contain; and the external
 *   resources (VPC, subnets) kept resources point at.
 * - A declared resource is kept as a swept one is, and is live only when live
 *   reaches it: one that nothing running uses (a certificate the listener no
 *   longer serves) is an orphan, which is the truth. Being declared changes
 *   nothing else: what it references is not pulled in, and no resource's
 *   live/orphan standing differs from a read without the file, so cleanup and
 *   teardown (which read without it) see the stack as they always did.
 * - Anything else was reached only through a leftover's reference (an old
 *   deployment group naming another team's service, say). It is not this
 *   stack's, and including it as debris would invite its deletion, so it is
 *   dropped.
 */
export function classify(walk: WalkResult): Classification {
  const targetsOf = (key: string, follow: (reference: Reference) => boolean): string[] => {
    const resource = walk.resources.get(key);
    if (!resource) return [];
    return resource.references
      .filter(follow)
      .map((reference) => walk.resolve(reference))
      .filter((target): target is string => target !== undefined);
  };

  const live = closure(walk.roots, (key) =>
    targetsOf(key, (reference) => reference.kind === 'reference' || reference.kind === 'contains'),
  );
  for (const [key, resource] of walk.resources) {
    if (resource.type !== STACK_TYPE) continue;
    if (targetsOf(key, (reference) => reference.kind === 'owns').some((target) => live.has(target))) live.add(key);
    else if (unmodelledLive(resource.attributes ?? {}).length > 0) live.add(key);
  }

  const isExternal = (key: string) => walk.resources.get(key)?.external === true;
  const kept = closure(new Set([...live, ...walk.swept, ...(walk.declared ?? [])]), (key) =>
    targetsOf(key, (reference) => reference.kind !== 'reference').concat(
      targetsOf(key, (reference) => reference.kind === 'reference').filter(isExternal),
    ),
  );
  return { kept, live };
}
