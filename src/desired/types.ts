import type { Properties } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';

export const DESIRED_STATE_VERSION = 1;

/** How to find the stack again: the same roots `reclaim discover` takes. */
export interface DesiredScope {
  /** Matched by words against resource names (defaults to the file's `stack`). */
  readonly stack: string;
  readonly pipelines?: readonly string[];
  readonly services?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * One declared resource. `properties` are CloudFormation-shaped and may hold
 * intrinsics (`{Ref}`, `{'Fn::GetAtt'}`, `{'Fn::Sub'}`) that point at other
 * logical ids, so the file reads as a graph and ports across accounts. A
 * property the file does not declare is not managed.
 */
export interface DesiredResource {
  readonly type: ResourceType;
  /** The physical id; may use `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}`. */
  readonly physicalId?: string;
  readonly properties: Properties;
}

/** Silences drift that is known and accepted, for a reason, until a date. */
export interface IgnoreRule {
  /** Glob over the CloudFormation type (`AWS::ECS::*`). */
  readonly type?: string;
  /** Glob over the logical id. */
  readonly id?: string;
  /** Glob over the property path (`*` one segment, `**` any number). */
  readonly path?: string;
  readonly reason: string;
  /** `YYYY-MM-DD`: from this day on the rule no longer applies and the drift shows again. */
  readonly expires?: string;
}

/** A leftover known at import time: not managed, not drift; `reclaim cleanup` removes it. */
export interface DebrisEntry {
  readonly type: ResourceType;
  readonly physicalId: string;
  readonly reason: string;
}

export interface DesiredState {
  readonly version: typeof DESIRED_STATE_VERSION;
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  readonly scope: DesiredScope;
  readonly resources: Readonly<Record<string, DesiredResource>>;
  readonly ignore: readonly IgnoreRule[];
  readonly debris: readonly DebrisEntry[];
}
