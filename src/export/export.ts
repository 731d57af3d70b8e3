/**
 * `reclaim export`: the desired state as files another tool owns from then
 * on. One module per format; CloudFormation is the base of the others.
 */
import { cdkFiles, type CdkLanguage } from './cdk.js';
import { cloudFormationFiles } from './cloudformation-files.js';
import { exportCloudFormation } from './cloudformation.js';
import { exportTerraform } from './terraform/terraform.js';
import type { CloudFormationExport, ExportFile, ExportInput } from './types.js';

export const EXPORT_FORMATS = ['cloudformation', 'cdk', 'terraform'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly format: ExportFormat;
  /** The CDK app's language (`cdk` only; default TypeScript). */
  readonly language?: CdkLanguage;
  /** The stack to import into (default: the desired state's stack). */
  readonly stackName?: string;
}

export interface ExportResult {
  readonly format: ExportFormat;
  readonly files: readonly ExportFile[];
  /** The CloudFormation hand-over every format starts from: what it declares, excludes and leaves to others. */
  readonly cloudFormation: CloudFormationExport;
  /** What this format leaves out beyond the CloudFormation hand-over (Terraform: types without a mapping table). */
  readonly excluded: CloudFormationExport['excluded'];
  readonly leftOut: CloudFormationExport['leftOut'];
}

export async function exportStack(input: ExportInput, options: ExportOptions): Promise<ExportResult> {
  const cloudFormation = exportCloudFormation(input, options.stackName ? { stackName: options.stackName } : {});
  if (options.format === 'terraform') {
    const terraform = exportTerraform(cloudFormation);
    return {
      format: options.format,
      files: terraform.files,
      cloudFormation,
      excluded: [...cloudFormation.excluded, ...terraform.excluded],
      leftOut: [...cloudFormation.leftOut, ...terraform.leftOut],
    };
  }
  const files =
    options.format === 'cdk'
      ? cdkFiles(cloudFormation, options.language ?? 'typescript')
      : cloudFormationFiles(cloudFormation);
  return {
    format: options.format,
    files,
    cloudFormation,
    excluded: cloudFormation.excluded,
    leftOut: cloudFormation.leftOut,
  };
}
