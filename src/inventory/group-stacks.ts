/**
 * An account view grouped into app stacks: each named as reclaim names it
 * (`stack-naming.ts`), each holding exactly what `reclaim discover --stack
 * NAME` finds (`discover-by-name.ts`). What two stacks both hold is shared,
 * with who uses it; what no stack holds is unowned. Pure: the guards ask the
 * same questions through `stacksOf` and `usersOf`.
 */
import type { DiscoveredResource } from '../discover/kind-handler.js';
import type {
  InventoryStack,
  RecordedListings,
  SharedResource,
  StackRoot,
  StackUse,
  UnownedResource,
} from '../model/inventory.js';
import type { ResourceType } from '../model/resource-type.js';
import { usesIndex, type Use } from './account-view.js';
import { discoverByName, type ViewGraph } from './discover-by-name.js';
import { stackNames } from './stack-naming.js';

/** One stack's resources: every key discovery keeps, and which of them the running stack uses. */
export interface StackMembers {
  readonly name: string;
  readonly roots: ReadonlySet<string>;
  readonly kept: ReadonlySet<string>;
  readonly live: ReadonlySet<string>;
}

export interface AccountGraph extends ViewGraph {
  readonly account: string;
  readonly region: string;
}

export interface StackGrouping {
  readonly view: AccountGraph;
  readonly stacks: readonly StackMembers[];
  /** Who points at each key, and through which property (reverse references). */
  readonly uses: ReadonlyMap<string, readonly Use[]>;
}

export interface GroupedAccount {
  readonly stacks: readonly InventoryStack[];
  readonly shared: readonly SharedResource[];
  readonly unowned: readonly UnownedResource[];
}

const ROOT_TYPES: ReadonlySet<ResourceType> = new Set([
  'AWS::CodePipeline::Pipeline',
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
]);

/** Groups the view into the stacks reclaim would discover by name. */
export function groupStacks(view: AccountGraph, listings: RecordedListings): StackGrouping {
  const stacks = stackNames(view, listings).map((name): StackMembers => ({
    name,
    ...discoverByName(view, listings, name),
  }));
  return { view, stacks, uses: usesIndex(view) };
}

/** Names of the stacks that hold `key` (discovering them would include it). */
export function stacksOf(grouping: StackGrouping, key: string): string[] {
  return grouping.stacks.filter((stack) => stack.kept.has(key)).map((stack) => stack.name);
}

/**
 * How each stack that holds `key` uses it: the stack's resources that point
 * at it (`task definition beagle:4` through `ExecutionRoleArn`). A stack that
 * holds it only by its name (the sweep) uses it through `(name)`.
 */
export function usersOf(grouping: StackGrouping, key: string): StackUse[] {
  const result: StackUse[] = [];
  const uses = grouping.uses.get(key) ?? [];
  for (const stack of grouping.stacks) {
    if (!stack.kept.has(key)) continue;
    const inStack = uses.filter((use) => stack.kept.has(use.user));
    const preferred = inStack.filter((use) => use.kind === 'reference');
    const shown = preferred.length > 0 ? preferred : inStack;
    if (shown.length === 0) {
      result.push({ stack: stack.name, by: 'its name', via: '(name)' });
      continue;
    }
    for (const use of shown) {
      result.push({ stack: stack.name, by: describeResource(grouping.view.resources.get(use.user)!), via: use.via });
    }
  }
  return result;
}

/** The inventory's view of a grouping: stacks with counts, shared resources with their users, unowned ones. */
export function summarizeGrouping(grouping: StackGrouping): GroupedAccount {
  const { view } = grouping;
  const where = { account: view.account, region: view.region };
  const stacks = grouping.stacks.map((stack): InventoryStack => {
    const counts: Partial<Record<ResourceType, number>> = {};
    let live = 0;
    let orphan = 0;
    let unknown = 0;
    const cloudFormationStacks: string[] = [];
    for (const key of stack.kept) {
      const resource = view.resources.get(key)!;
      counts[resource.type] = (counts[resource.type] ?? 0) + 1;
      if (resource.unknown) unknown += 1;
      else if (stack.live.has(key)) live += 1;
      else if (!resource.external) orphan += 1;
      if (resource.type === 'AWS::CloudFormation::Stack') cloudFormationStacks.push(resource.physicalId);
    }
    const roots = [...stack.roots]
      .map((key) => view.resources.get(key)!)
      .filter((resource) => ROOT_TYPES.has(resource.type))
      .map((resource): StackRoot => ({ type: resource.type as StackRoot['type'], physicalId: resource.physicalId }))
      .sort((a, b) => a.type.localeCompare(b.type) || a.physicalId.localeCompare(b.physicalId));
    return {
      name: stack.name,
      ...where,
      roots,
      resourceCounts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
      live,
      orphan,
      unknown,
      cloudFormationStacks: cloudFormationStacks.sort(),
      reclaim: `reclaim import --stack ${stack.name} --region ${view.region}`,
    };
  });

  const shared: SharedResource[] = [];
  const unowned: UnownedResource[] = [];
  for (const [key, resource] of [...view.resources].sort(([a], [b]) => a.localeCompare(b))) {
    // VPCs, subnets and default security groups are everyone's and never deleted: not worth a line each.
    if (resource.external) continue;
    const holders = stacksOf(grouping, key);
    if (holders.length >= 2) {
      shared.push({ type: resource.type, physicalId: resource.physicalId, ...where, usedBy: usersOf(grouping, key) });
    } else if (holders.length === 0) {
      const why = unownedReason(grouping, key);
      if (why) unowned.push({ type: resource.type, physicalId: resource.physicalId, ...where, why });
    }
  }
  return { stacks, shared, unowned };
}

/**
 * Why a resource no stack holds is unowned, or undefined when it is not: a
 * CloudFormation stack that owns what a stack holds is that stack's even
 * without its name, and is left out rather than offered for cleanup.
 */
function unownedReason(grouping: StackGrouping, key: string): string | undefined {
  const resource = grouping.view.resources.get(key)!;
  const owned = resource.references
    .filter((reference) => reference.kind === 'owns')
    .map((reference) => grouping.view.resolve(reference.type, reference.id))
    .filter((target): target is string => target !== undefined);
  if (owned.some((target) => stacksOf(grouping, target).length > 0)) return undefined;
  const users = (grouping.uses.get(key) ?? []).map((use) => grouping.view.resources.get(use.user)!);
  if (resource.unknown) return 'not read completely: its users are unknown';
  if (users.length === 0) return 'no user found';
  return `used only by what no stack holds: ${[...new Set(users.map(describeResource))].sort().join(', ')}`;
}

const TYPE_LABELS: Partial<Record<ResourceType, string>> = {
  'AWS::CodeBuild::Project': 'build project',
  'AWS::CodeDeploy::Application': 'CodeDeploy application',
  'AWS::CloudFormation::Stack': 'CloudFormation stack',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::IAM::Role': 'role',
  'AWS::ECR::Repository': 'repository',
  'AWS::S3::Bucket': 'bucket',
};

/** A resource as a person names it: `task definition beagle:4`, `service kennel`, `role kennelExecutionRoleForECS`. */
export function describeResource(resource: DiscoveredResource): string {
  const short = resource.type.slice(resource.type.lastIndexOf('::') + 2);
  const label = TYPE_LABELS[resource.type] ?? short.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (resource.type === 'AWS::ECS::TaskDefinition') {
    return `${label} ${resource.physicalId.slice(resource.physicalId.lastIndexOf('/') + 1)}`;
  }
  return `${label} ${resource.name}`;
}
