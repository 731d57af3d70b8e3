/**
 * What `reclaim discover --stack NAME` would find, worked out from an account
 * view instead of read from AWS. The same roots (pipelines and clusters whose
 * names carry the stack's name, and those clusters' services), the same name
 * sweep over the same listings, the same walk and the same classification
 * (`discover/classify.ts`): so a stack inventory names is exactly the stack
 * discovery reads by that name. Pure.
 */
import type { RecordedListings } from '../model/inventory.js';
import { classify, type Classification } from '../discover/classify.js';
import type { DiscoveredResource } from '../discover/kind-handler.js';
import { clusterNameFrom } from '../discover/kinds/ecs-cluster.js';
import { NameMatcher } from '../model/names.js';
import { closure } from '../util/closure.js';
import type { ResourceType } from '../model/resource-type.js';

/** The part of an account view that grouping reads: its resources and how references resolve. */
export interface ViewGraph {
  readonly resources: ReadonlyMap<string, DiscoveredResource>;
  resolve(type: ResourceType, id: string): string | undefined;
}

export interface NamedDiscovery extends Classification {
  /** Keys of the roots discovery starts from: matching pipelines and clusters, and the clusters' services. */
  readonly roots: ReadonlySet<string>;
}

/** Keys of the pipelines and clusters whose listed names carry `matcher`'s name, and of those clusters' services. */
export function rootsByName(view: ViewGraph, listings: RecordedListings, matcher: NameMatcher): Set<string> {
  const roots = new Set<string>();
  const add = (type: ResourceType, id: string) => {
    const key = view.resolve(type, id);
    if (key) roots.add(key);
  };
  for (const pipeline of listings.resources['AWS::CodePipeline::Pipeline'] ?? []) {
    if (matcher.matches(pipeline.name)) add('AWS::CodePipeline::Pipeline', pipeline.physicalId);
  }
  for (const cluster of listings.resources['AWS::ECS::Cluster'] ?? []) {
    if (!matcher.matches(cluster.name)) continue;
    add('AWS::ECS::Cluster', cluster.physicalId);
    for (const service of listings.services[clusterNameFrom(cluster.physicalId)] ?? [])
      add('AWS::ECS::Service', service);
  }
  return roots;
}

/** Classifies the stack `name` as discovery would. */
export function discoverByName(view: ViewGraph, listings: RecordedListings, name: string): NamedDiscovery {
  const matcher = new NameMatcher(name);
  const roots = rootsByName(view, listings, matcher);
  const swept = new Set<string>();
  for (const [type, listed] of Object.entries(listings.resources) as Array<
    [ResourceType, readonly { physicalId: string; name: string }[]]
  >) {
    for (const entry of listed) {
      if (!matcher.matches(entry.name)) continue;
      const key = view.resolve(type, entry.physicalId);
      if (key) swept.add(key);
    }
  }
  // Discovery's walk reads only what its roots and sweep reach; classification looks at no more than that.
  const reached = closure([...roots, ...swept], (key) => targets(view, key, () => true));
  const walked = new Map([...reached].map((key) => [key, view.resources.get(key)!] as const));
  const classified = classify({
    resources: walked,
    resolve: (reference) => view.resolve(reference.type, reference.id),
    roots,
    swept,
  });
  return { ...classified, roots };
}

/** Keys of what `key`'s references (those `follow` accepts) name, among resources read. */
export function targets(
  view: ViewGraph,
  key: string,
  follow: (reference: DiscoveredResource['references'][number]) => boolean,
): string[] {
  const resource = view.resources.get(key);
  if (!resource) return [];
  return resource.references
    .filter(follow)
    .map((reference) => view.resolve(reference.type, reference.id))
    .filter((target): target is string => target !== undefined && view.resources.has(target));
}
