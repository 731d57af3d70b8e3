import type { ResourceType } from './resource-type.js';

/**
 * A logical id: the stable, readable name of a resource inside one graph
 * (`BuildProject`, `ExecutionRole`). Branded so it is never confused with a
 * physical id.
 */
export type LogicalId = string & { readonly __brand: 'LogicalId' };

/** The id AWS knows a resource by: what CloudFormation's `Ref` returns for its type. */
export type PhysicalId = string & { readonly __brand: 'PhysicalId' };

export const asLogicalId = (value: string): LogicalId => value as LogicalId;
export const asPhysicalId = (value: string): PhysicalId => value as PhysicalId;

/** CloudFormation-shaped properties: the subset of the type's properties reclaim manages. */
export type Properties = Record<string, unknown>;

/**
 * How completely a resource was read.
 * - `read`: properties are exactly what AWS returned.
 * - `unknown`: a read failed (see the snapshot's `issues`); properties may be partial
 *   and nothing may be concluded or deleted from them.
 */
export type ReadStatus = 'read' | 'unknown';

export interface Resource {
  readonly id: LogicalId;
  readonly type: ResourceType;
  readonly physicalId: PhysicalId;
  readonly properties: Properties;
  /** Read-only facts AWS reports (status, DNS name, expiry, …): shown and checked, never diffed or written. */
  readonly attributes: Properties;
  readonly tags: Readonly<Record<string, string>>;
  /** Found only by the name sweep, or owned only by debris: leftovers, not part of the live stack. */
  readonly orphan: boolean;
  /** VPCs, subnets and default security groups: referenced and shown, never created or deleted. */
  readonly external: boolean;
  readonly status: ReadStatus;
}

/** A reference from one resource to another, named by the property it travels through. */
export interface Edge {
  readonly from: LogicalId;
  readonly to: LogicalId;
  /** The CloudFormation property path that carries the reference, e.g. `Properties.ServiceRole`. */
  readonly via: string;
}
