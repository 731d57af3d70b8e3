import type { Edge, Resource } from './resource.js';
import type { ResourceType } from './resource-type.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Something discovery could not read, and why: partial knowledge is never drift. */
export interface ReadIssue {
  /** The API operation that failed, e.g. `ecs:DescribeServices`. */
  readonly operation: string;
  /** The error code AWS returned (`AccessDeniedException`, `ThrottlingException`, …). */
  readonly code: string;
  readonly message: string;
  /** What the failed read was about, when it was about specific resources. */
  readonly type?: ResourceType;
  readonly physicalIds?: readonly string[];
}

export interface CallStats {
  /** SDK commands sent (each counted once, however many attempts it took). */
  readonly apiCalls: number;
  /** Attempts beyond the first: throttling and transient failures absorbed by retry. */
  readonly retries: number;
  readonly callsByOperation: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

export interface Snapshot {
  readonly schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  readonly account: string;
  readonly region: string;
  readonly stack: string;
  readonly capturedAt: string;
  readonly resources: readonly Resource[];
  readonly edges: readonly Edge[];
  readonly issues: readonly ReadIssue[];
  readonly stats: CallStats;
}
