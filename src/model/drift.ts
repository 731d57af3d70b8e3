import type { ResourceType } from './resource-type.js';

/**
 * - `missing`: declared, not found live.
 * - `modified`: found, but a declared property differs.
 * - `unmanaged`: found in the stack's scope, neither declared nor listed as debris.
 * - `unknown`: could not be read; nothing can be concluded about it.
 */
export type DriftKind = 'missing' | 'modified' | 'unmanaged' | 'unknown';

export interface Drift {
  readonly kind: DriftKind;
  /** The logical id: the file's for declared resources, the snapshot's for unmanaged ones. */
  readonly id: string;
  readonly type: ResourceType | '';
  readonly physicalId: string;
  /** The property path (`HealthCheckGracePeriodSeconds`, `Policies[extra].PolicyDocument`); empty for whole resources. */
  readonly path: string;
  readonly desired: unknown;
  readonly actual: unknown;
  /** Why this drift shows although a rule matched it (the rule expired), or what could not be read. */
  readonly note?: string;
}

export interface DriftSummary {
  readonly missing: number;
  readonly modified: number;
  readonly unmanaged: number;
  readonly unknown: number;
  /** Drifts hidden by ignore rules that are still in force. */
  readonly ignored: number;
}

export interface DriftReport {
  readonly schemaVersion: 1;
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  /** When live was read. */
  readonly capturedAt: string;
  readonly inSync: boolean;
  readonly summary: DriftSummary;
  readonly drifts: readonly Drift[];
}
