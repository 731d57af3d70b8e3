import type { DesiredState } from '../desired/types.js';

/** What an export starts from: the desired state, and what only a live read knows. */
export interface ExportInput {
  readonly desired: DesiredState;
  /** Logical id → the name of the CloudFormation stack that owns it (from the snapshot's stack edges). */
  readonly owners?: ReadonlyMap<string, string>;
  /** Attributes read live (ARNs and the like, account and region as pseudo parameters), by logical id. */
  readonly liveAttributes?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Physical ids read live where the desired state names less (a task definition's family, not its revision). */
  readonly livePhysicalIds?: ReadonlyMap<string, string>;
  /** Where the input came from, for the README (`reclaim.yaml`, `live.json`, `stack bash-dog`). */
  readonly source: string;
}

/** Why a resource stays out of the template: it stays with reclaim or with its current stack. */
export type ExclusionKind =
  'not-importable' | 'not-created' | 'owned-by-stack' | 'unresolved-reference' | 'excluded-by-caller';

export interface Exclusion {
  readonly id: string;
  readonly type: string;
  readonly physicalId: string;
  readonly kind: ExclusionKind;
  readonly reason: string;
}

/** A property the template does not declare, and why. */
export interface LeftOutProperty {
  readonly id: string;
  readonly type: string;
  readonly property: string;
  readonly reason: string;
}

/** What another owner keeps after the hand-over (CodeDeploy, for a blue/green service). */
export interface HandOverNote {
  readonly id: string;
  readonly type: string;
  readonly note: string;
}

/** One entry of `--resources-to-import`, as `aws cloudformation create-change-set` takes it. */
export interface ResourceToImport {
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly ResourceIdentifier: Readonly<Record<string, string>>;
}

export interface TemplateResource {
  readonly Type: string;
  readonly DeletionPolicy: 'Retain';
  readonly UpdateReplacePolicy: 'Retain';
  readonly Properties: Readonly<Record<string, unknown>>;
}

export interface Template {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Resources: Readonly<Record<string, TemplateResource>>;
}

/** A value in resources-to-import the user fills in before importing, with the command that gives it. */
export interface FillIn {
  readonly token: string;
  readonly command: string;
  readonly why: string;
}

export interface CloudFormationExport {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly source: string;
  readonly template: Template;
  readonly resourcesToImport: readonly ResourceToImport[];
  readonly excluded: readonly Exclusion[];
  readonly leftOut: readonly LeftOutProperty[];
  readonly notes: readonly HandOverNote[];
  readonly fillIns: readonly FillIn[];
  /** What the export could not know from its input (ownership without a live read). */
  readonly warnings: readonly string[];
}

/** A file an export writes, relative to its output folder. */
export interface ExportFile {
  readonly path: string;
  readonly content: string;
}
