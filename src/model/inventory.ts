import type { ResourceType } from './resource-type.js';
import type { CallStats, ReadIssue } from './snapshot.js';

export const INVENTORY_SCHEMA_VERSION = 1;

/**
 * What `reclaim inventory` reports: the account's modelled resources grouped
 * into the app stacks reclaim would discover by name. Schema:
 * `schemas/inventory.schema.json`.
 */
export interface Inventory {
  readonly schemaVersion: typeof INVENTORY_SCHEMA_VERSION;
  readonly capturedAt: string;
  /** Every account and region read (several with `--region`, `--role-arn`, `--accounts-from`). */
  readonly targets: readonly InventoryTarget[];
  readonly stacks: readonly InventoryStack[];
  readonly shared: readonly SharedResource[];
  readonly unowned: readonly UnownedResource[];
  /** What could not be read, each naming the account and region it is about. */
  readonly issues: readonly InventoryIssue[];
  readonly stats: CallStats;
}

export interface InventoryTarget {
  readonly account: string;
  readonly region: string;
  /** The role assumed to read the account, when it was not the caller's own. */
  readonly roleArn?: string;
  /**
   * The listings the read made, so that `discover --inventory` and `import
   * --inventory` list nothing again. Only listings that completed are here.
   */
  readonly listings?: RecordedListings;
}

/** Listings as an inventory file carries them: by type, and each cluster's services (ARNs) by cluster name. */
export interface RecordedListings {
  readonly resources: Readonly<Partial<Record<ResourceType, readonly ListedName[]>>>;
  readonly services: Readonly<Record<string, readonly string[]>>;
}

/** A resource as its type's listing names it. */
export interface ListedName {
  readonly physicalId: string;
  readonly name: string;
}

/** An app stack: its roots and everything their references reach. */
export interface InventoryStack {
  /** The name `reclaim discover --stack NAME` finds these resources by. */
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly roots: readonly StackRoot[];
  /** How many resources of each type the stack has (live and orphan alike). */
  readonly resourceCounts: Readonly<Partial<Record<ResourceType, number>>>;
  readonly live: number;
  readonly orphan: number;
  readonly unknown: number;
  /** Names of the console's CloudFormation stacks it owns. */
  readonly cloudFormationStacks: readonly string[];
  /** The command that reclaims it. */
  readonly reclaim: string;
}

export interface StackRoot {
  readonly type: 'AWS::CodePipeline::Pipeline' | 'AWS::ECS::Cluster' | 'AWS::ECS::Service';
  readonly physicalId: string;
}

/** One stack's use of a shared resource, and through which property. */
export interface StackUse {
  readonly stack: string;
  /** The user, for people: `task definition beagle:4`. */
  readonly by: string;
  /** The user's property path: `ExecutionRoleArn`. */
  readonly via: string;
}

export interface SharedResource {
  readonly type: ResourceType;
  readonly physicalId: string;
  readonly account: string;
  readonly region: string;
  readonly usedBy: readonly StackUse[];
}

export interface UnownedResource {
  readonly type: ResourceType;
  readonly physicalId: string;
  readonly account: string;
  readonly region: string;
  /** Why no stack owns it: `no user found`. */
  readonly why: string;
}

export interface InventoryIssue extends ReadIssue {
  readonly account: string;
  readonly region: string;
}
