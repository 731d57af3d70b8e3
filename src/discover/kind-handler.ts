import type { AwsClients } from '../aws/clients.js';
import type { Properties } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';
import type { ReadIssue } from '../model/snapshot.js';
import type { Limiter } from '../util/limiter.js';
import type { DescribedCache } from './described.js';
import type { PrefetchedRole } from './kinds/iam-role-bulk.js';

/**
 * How one resource points at another.
 * - `reference`: the resource uses the target (a service uses its task definition).
 *   Becomes an edge, is walked, and carries liveness: what a live resource uses is live.
 * - `contains`: the target belongs to this resource but points back at it (a load
 *   balancer's listeners, an application's deployment groups). Walked and carries
 *   liveness, but makes no edge: the target's own `reference` back is the edge.
 * - `owns`: a CloudFormation stack owns the target. Becomes an edge and is walked,
 *   but does not make the target live: debris stacks own debris.
 */
export type ReferenceKind = 'reference' | 'contains' | 'owns';

export interface Reference {
  readonly type: ResourceType;
  /** Any form AWS uses to name the target (ARN or name); the target's handler canonicalizes it. */
  readonly id: string;
  /** The CloudFormation property path that carries it, e.g. `ContainerDefinitions.0.Secrets.1.ValueFrom`. */
  readonly via: string;
  readonly kind: ReferenceKind;
}

/** One resource as read from AWS, before logical ids are assigned. */
export interface DiscoveredResource {
  readonly type: ResourceType;
  /** Canonical physical id: what CloudFormation's `Ref` returns for the type. */
  readonly physicalId: string;
  /** Human name, used for logical ids and for matching the stack name. */
  readonly name: string;
  /** Other forms references use for it (ARN when the physical id is a name, name when it is an ARN, stack id, …). */
  readonly aliases?: readonly string[];
  /** CloudFormation-shaped properties, the subset reclaim manages. Never a secret value. */
  readonly properties: Properties;
  /** Read-only facts AWS reports (status, DNS name, expiry, …): shown and checked, never diffed or written. */
  readonly attributes?: Properties;
  readonly tags: Readonly<Record<string, string>>;
  readonly references: readonly Reference[];
  /** VPCs, subnets and default security groups. */
  readonly external?: boolean;
  /** Set when part of the resource could not be read; the matching issue is reported alongside. */
  readonly unknown?: boolean;
}

/** A resource as a cheap listing names it, for the name sweep. */
export interface ListedResource {
  readonly physicalId: string;
  readonly name: string;
}

/** What a read returns: what was found (not-found ids are simply absent) and what could not be read. */
export interface ReadResult {
  readonly resources: readonly DiscoveredResource[];
  readonly issues: readonly ReadIssue[];
}

/** Everything a handler may use during one discovery run. */
export interface DiscoveryContext {
  readonly clients: AwsClients;
  readonly account: string;
  readonly region: string;
  /** Bounds concurrent AWS calls across all handlers; wrap every `send` in it. */
  readonly limit: Limiter;
  /** Reads made ahead in bulk for a whole account (the account view), used instead of per-resource reads. */
  readonly prefetched?: Prefetched;
  /**
   * Descriptions a listing or another read already returned (`described.ts`):
   * `read` takes its ids from here first and asks AWS only for the rest.
   * Absent in contexts made by hand, where everything is read.
   */
  readonly described?: DescribedCache;
}

export interface Prefetched {
  /** IAM roles by name (`kinds/iam-role-bulk.ts`); undefined when the caller may not read them in bulk. */
  readonly iamRoles?: Promise<ReadonlyMap<string, PrefetchedRole> | undefined>;
}

/**
 * Everything reclaim knows about one CloudFormation resource type: how to find
 * it, read it into CloudFormation shape, and which references it has. One file
 * per type under `kinds/`, listed in `registry.ts`.
 *
 * Contract:
 * - `read` never throws for "not found": missing ids are absent from the result.
 *   Any other failure (access denied, throttled past retries) becomes a
 *   `ReadIssue`, and the affected ids come back with `unknown: true` when the
 *   handler could read part of them, or not at all.
 * - `read` batches: it receives every id the walk wants of this type at once
 *   and uses the API's batch form where there is one.
 * - Handlers never read a secret value into a result.
 */
export interface KindHandler {
  readonly type: ResourceType;
  /**
   * Canonical physical id from any form a reference uses (ARN, name, `cluster/service`),
   * when it can be derived without a call. Identity when absent. A reference whose
   * form cannot be canonicalized here is passed to `read` as is, and the result's
   * `aliases` tie it to the canonical id.
   */
  canonicalId?(id: string, where: { account: string; region: string }): string;
  read(ctx: DiscoveryContext, physicalIds: readonly string[]): Promise<ReadResult>;
  /**
   * Reads what sits where a desired file declares a resource without a
   * physical id (`model/natural-key.ts`: for a listener rule, the rule at that
   * priority of that listener), for types AWS names on create. Nothing there: nothing returned.
   */
  findAt?(ctx: DiscoveryContext, places: readonly Properties[]): Promise<ReadResult>;
  /** Every resource of the type in the account and region, names only; absent for types the sweep skips. */
  list?(ctx: DiscoveryContext): Promise<ListedResource[]>;
}
