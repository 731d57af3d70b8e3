/**
 * `reclaim export`: the desired state as files another tool owns from then
 * on. One module per format; CloudFormation is the base of the others.
 */
import { cloudFormationFiles } from './cloudformation-files.js';
import { exportCloudFormation } from './cloudformation.js';
import type { CloudFormationExport, ExportFile, ExportInput } from './types.js';

export const EXPORT_FORMATS = ['cloudformation'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly format: ExportFormat;
  /** The stack to import into (default: the desired state's stack). */
  readonly stackName?: string;
}

export interface ExportResult {
  readonly format: ExportFormat;
  readonly files: readonly ExportFile[];
  /** The CloudFormation hand-over every format starts from: what it declares, excludes and leaves to others. */
  readonly cloudFormation: CloudFormationExport;
}

export async function exportStack(input: ExportInput, options: ExportOptions): Promise<ExportResult> {
  const cloudFormation = exportCloudFormation(input, options.stackName ? { stackName: options.stackName } : {});
  return { format: options.format, files: cloudFormationFiles(cloudFormation), cloudFormation };
}
