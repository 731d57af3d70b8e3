/**
 * Which roots are one app, and what reclaim calls it. A pipeline that deploys
 * to a cluster's service, and a cluster with its services, are one app; its
 * name is the run of name words its pipelines and clusters have in common
 * (`bash-dog-pipeline` and `bash-dog` → `bash-dog`), the name reclaim's
 * commands take with `--stack`. Pure.
 */
import type { RecordedListings } from '../model/inventory.js';
import { clusterNameFrom } from '../discover/kinds/ecs-cluster.js';
import { NameMatcher, tokenize } from '../model/names.js';
import { closure } from '../util/closure.js';
import { targets, type ViewGraph } from './discover-by-name.js';

/** Words that say what a root is, not which app: `bash-dog-pipeline` is the `bash-dog` app's pipeline. */
const TYPE_WORDS = new Set(['pipeline', 'cluster', 'service']);

/** A pipeline, or a cluster with its services: the units roots are grouped by. */
interface Unit {
  readonly name: string;
  /** Keys of the unit's roots (the pipeline; the cluster and its services). */
  readonly keys: readonly string[];
}

/** The name words of a root without the trailing type words (kept whole when nothing else is left). */
function appWords(name: string): string[] {
  const words = tokenize(name);
  let end = words.length;
  while (end > 1 && TYPE_WORDS.has(words[end - 1]!)) end -= 1;
  return words.slice(0, end);
}

/** The longest run of words every list has, first by the first list's order; empty when there is none. */
export function commonRun(lists: readonly (readonly string[])[]): string[] {
  const [first, ...rest] = lists;
  if (!first) return [];
  const has = (list: readonly string[], run: readonly string[]) =>
    list.some((_, start) => run.every((word, offset) => list[start + offset] === word));
  for (let size = first.length; size > 0; size -= 1) {
    for (let start = 0; start + size <= first.length; start += 1) {
      const run = first.slice(start, start + size);
      if (rest.every((list) => has(list, run))) return run;
    }
  }
  return [];
}

function unitsOf(view: ViewGraph, listings: RecordedListings): Unit[] {
  const units: Unit[] = [];
  for (const pipeline of listings.resources['AWS::CodePipeline::Pipeline'] ?? []) {
    const key = view.resolve('AWS::CodePipeline::Pipeline', pipeline.physicalId);
    if (key) units.push({ name: pipeline.name, keys: [key] });
  }
  for (const cluster of listings.resources['AWS::ECS::Cluster'] ?? []) {
    const key = view.resolve('AWS::ECS::Cluster', cluster.physicalId);
    if (!key) continue;
    const services = (listings.services[clusterNameFrom(cluster.physicalId)] ?? [])
      .map((service) => view.resolve('AWS::ECS::Service', service))
      .filter((service): service is string => service !== undefined);
    units.push({ name: cluster.name, keys: [key, ...services] });
  }
  return units.sort((a, b) => a.name.localeCompare(b.name));
}

const nameOf = (units: readonly Unit[]): string => commonRun(units.map((unit) => appWords(unit.name))).join('-');

/**
 * The app stacks' names. Units are joined when one reaches another through
 * `reference` and `contains` links (what makes it live); a group whose units
 * share no words is split back into its units, each named on its own. Then a
 * group whose name carries every unit of another absorbs it: discovering the
 * shorter name would read both anyway (`bash-dog` and `bash-dog-v2`).
 */
export function stackNames(view: ViewGraph, listings: RecordedListings): string[] {
  const units = unitsOf(view, listings);
  const unitOfKey = new Map<string, number>();
  units.forEach((unit, index) => unit.keys.forEach((key) => unitOfKey.set(key, index)));

  const parent = units.map((_, index) => index);
  const find = (index: number): number => (parent[index] === index ? index : (parent[index] = find(parent[index]!)));
  units.forEach((unit, index) => {
    const reach = closure(unit.keys, (key) =>
      targets(view, key, (reference) => reference.kind === 'reference' || reference.kind === 'contains'),
    );
    for (const key of reach) {
      const other = unitOfKey.get(key);
      if (other !== undefined) parent[find(other)] = find(index);
    }
  });

  const components = new Map<number, Unit[]>();
  units.forEach((unit, index) => components.set(find(index), [...(components.get(find(index)) ?? []), unit]));
  let groups: Unit[][] = [];
  for (const component of components.values()) {
    if (nameOf(component)) groups.push(component);
    else groups.push(...component.map((unit) => [unit]));
  }
  // A root whose name has no letters or digits cannot be asked for by name; it shows as unowned instead.
  groups = groups.filter((group) => nameOf(group) !== '');

  for (let merged = true; merged;) {
    merged = false;
    outer: for (const group of groups) {
      const matcher = new NameMatcher(nameOf(group));
      for (const other of groups) {
        if (other === group || !other.every((unit) => matcher.matches(unit.name))) continue;
        groups = groups
          .filter((candidate) => candidate !== other && candidate !== group)
          .concat([[...group, ...other]]);
        merged = true;
        break outer;
      }
    }
  }
  return [...new Set(groups.map(nameOf))].sort();
}
