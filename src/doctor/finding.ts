import type { LogicalId, PhysicalId } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';

/**
 * How bad a finding is.
 * - `error`: the pipeline or the service will fail.
 * - `warning`: it works, but it is fragile or slow.
 * - `hardening`: security or cost debt that the guide knowingly postponed.
 */
export type Severity = 'error' | 'warning' | 'hardening';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'hardening'];

/** A resource of the live stack, and optionally the property (CloudFormation path) the finding is about. */
export interface ResourceLocation {
  readonly kind: 'resource';
  readonly logicalId: LogicalId;
  readonly type: ResourceType;
  readonly physicalId: PhysicalId;
  /** The resource's ARN, when AWS gave one (the physical id of many types is only a name). */
  readonly arn?: string;
  /** e.g. `Environment.Image`, `ContainerDefinitions.1.Secrets.0.ValueFrom`. */
  readonly property?: string;
}

/** A file of the application's repository, relative to the repository root (`/`-separated). Lines and columns count from 1. */
export interface FileLocation {
  readonly kind: 'file';
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
}

export type FindingLocation = ResourceLocation | FileLocation;

/**
 * A change to `reclaim.yaml` that `reclaim apply` would carry out: set `path`
 * (in the resource's CloudFormation-shaped properties, `.`-separated, list
 * indexes as numbers; an index one past the end appends) to `value`; a
 * `null` value removes the property.
 */
export interface ReclaimChange {
  readonly resource: LogicalId;
  readonly type: ResourceType;
  readonly path: string;
  readonly value: unknown;
}

export interface Fix {
  /** What to do, with the exact value. */
  readonly text: string;
  /** The exact value to put in place, when there is one. */
  readonly value?: unknown;
  /** The `reclaim.yaml` change, when reclaim can make the fix. */
  readonly reclaim?: ReclaimChange;
  /** A command that makes the fix, when one does. */
  readonly command?: string;
}

export interface Finding {
  /** The stable code of the check that found it, e.g. `RC017`. */
  readonly code: string;
  /** The check's readable id, e.g. `termination-wait`. */
  readonly check: string;
  readonly severity: Severity;
  readonly location: FindingLocation;
  /** What is wrong, naming the value. */
  readonly what: string;
  /** Why it matters, in one line. */
  readonly why: string;
  readonly fix: Fix;
  /** For a resource finding: where the repository's reclaim.yaml declares the resource (or the property). */
  readonly declaredAt?: FileLocation;
}

/** `taskdef.json:12:5`, or `AWS::CodeBuild::Project BuildProject (bash-dog-build-project)`. */
export function describeLocation(location: FindingLocation): string {
  if (location.kind === 'file') {
    if (location.line === undefined) return location.path;
    return `${location.path}:${location.line}${location.column !== undefined ? `:${location.column}` : ''}`;
  }
  const property = location.property ? ` ${location.property}` : '';
  return `${location.type} ${location.logicalId} (${location.physicalId})${property}`;
}
