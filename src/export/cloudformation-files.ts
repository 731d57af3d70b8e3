import { Document, visit } from 'yaml';
import { toShortForm } from '../desired/yaml-tags.js';
import type { CloudFormationExport, ExportFile, Template } from './types.js';

export const TEMPLATE_FILE = 'template.yaml';
export const RESOURCES_TO_IMPORT_FILE = 'resources-to-import.json';
export const EXCLUDED_FILE = 'EXCLUDED.md';
const CHANGE_SET = 'reclaim-import';
/** `--template-body` takes at most 51,200 bytes; a larger template goes through S3 (`--template-url`). */
const TEMPLATE_BODY_LIMIT = 51_200;

/** The template as YAML with short-form intrinsics (`!Ref`, `!GetAtt`, `!Sub`), as people write it. */
export function renderTemplate(template: Template): string {
  const document = new Document(toShortForm(template));
  // `2010-09-09` and a policy's `Version: 2012-10-17` are strings; a YAML 1.1 reader (cfn-lint, PyYAML) would read a date.
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) node.type = 'QUOTE_SINGLE';
    },
  });
  return document.toString({ lineWidth: 0 });
}

export function cloudFormationFiles(result: CloudFormationExport): ExportFile[] {
  const template = renderTemplate(result.template);
  return [
    { path: TEMPLATE_FILE, content: template },
    { path: RESOURCES_TO_IMPORT_FILE, content: `${JSON.stringify(result.resourcesToImport, null, 2)}\n` },
    { path: 'README.md', content: renderReadme(result, Buffer.byteLength(template)) },
    { path: EXCLUDED_FILE, content: renderExcluded(result) },
  ];
}

const needsNamedIam = (result: CloudFormationExport) =>
  Object.values(result.template.Resources).some((resource) => resource.Type.startsWith('AWS::IAM::'));

/** The exact commands of the hand-over, in order. */
export function importCommands(result: CloudFormationExport, templateBytes = 0): string[] {
  const at = `--region ${result.region} --stack-name ${result.stackName}`;
  const body =
    templateBytes > TEMPLATE_BODY_LIMIT
      ? `--template-url https://BUCKET.s3.amazonaws.com/${TEMPLATE_FILE}`
      : `--template-body file://${TEMPLATE_FILE}`;
  const fills = result.fillIns.flatMap((fill) => [
    `arn=$(${fill.command})`,
    `sed -i.bak "s|${fill.token}|$arn|" ${RESOURCES_TO_IMPORT_FILE}`,
  ]);
  return [
    ...fills,
    `aws cloudformation create-change-set ${at} --change-set-name ${CHANGE_SET} --change-set-type IMPORT ${body} --resources-to-import file://${RESOURCES_TO_IMPORT_FILE}${needsNamedIam(result) ? ' --capabilities CAPABILITY_NAMED_IAM' : ''}`,
    `aws cloudformation wait change-set-create-complete ${at} --change-set-name ${CHANGE_SET}`,
    `aws cloudformation describe-change-set ${at} --change-set-name ${CHANGE_SET} --query 'Changes[].ResourceChange.[Action,LogicalResourceId,ResourceType]' --output table`,
    `aws cloudformation execute-change-set ${at} --change-set-name ${CHANGE_SET}`,
    `aws cloudformation wait stack-import-complete ${at}`,
    `id=$(aws cloudformation detect-stack-drift ${at} --query StackDriftDetectionId --output text)`,
    `until [ "$(aws cloudformation describe-stack-drift-detection-status --region ${result.region} --stack-drift-detection-id "$id" --query DetectionStatus --output text)" != DETECTION_IN_PROGRESS ]; do sleep 5; done`,
    `aws cloudformation describe-stack-drift-detection-status --region ${result.region} --stack-drift-detection-id "$id"`,
    `aws cloudformation describe-stack-resource-drifts ${at} --stack-resource-drift-status-filters MODIFIED DELETED`,
  ];
}

function renderReadme(result: CloudFormationExport, templateBytes: number): string {
  const count = result.resourcesToImport.length;
  const lines = [
    `# Hand-over of ${result.stackName} to CloudFormation`,
    '',
    `Written by \`reclaim export --format cloudformation\` from ${result.source}, for account ${result.account} in ${result.region}.`,
    `\`${TEMPLATE_FILE}\` declares ${count} resources, each with \`DeletionPolicy: Retain\` and \`UpdateReplacePolicy: Retain\`: deleting the stack, or a change that replaces a resource, leaves the resource in place.`,
    `\`${RESOURCES_TO_IMPORT_FILE}\` names each by its identifier for an IMPORT change set. Nothing is created: an IMPORT change set only adopts what exists.`,
    '',
    ...(result.excluded.length > 0
      ? [
          `**${result.excluded.length} resources stay out** (they stay with reclaim, or with the stack that owns them): see \`${EXCLUDED_FILE}\`. References to them are written as literal ARNs and names.`,
          '',
          ...(result.excluded.some((entry) => entry.kind === 'owned-by-stack')
            ? [
                "To bring in what a console stack owns as well: in that stack's template set `DeletionPolicy: Retain` on those resources and update the stack; then remove them from its template (or delete the stack: the retained resources stay), update again, and run `reclaim export` again.",
                '',
              ]
            : []),
        ]
      : []),
    ...(result.warnings.length > 0
      ? ['## Check first', '', ...result.warnings.map((warning) => `- ${warning}`), '']
      : []),
    '## Commands, in order',
    '',
    '```sh',
    ...importCommands(result, templateBytes),
    '```',
    '',
    '1. Fill in what the desired state does not name (only when listed above `create-change-set`).',
    '2. `create-change-set` checks that each resource exists and belongs to no stack; `describe-change-set` shows one `Import` per resource and nothing else.',
    '3. `execute-change-set` adopts them; the stack reaches `IMPORT_COMPLETE`.',
    '4. Drift detection compares the template with what runs: fix any difference in the template (then `aws cloudformation deploy`), not in the console.',
    ...(templateBytes > TEMPLATE_BODY_LIMIT
      ? [
          '',
          `The template is ${templateBytes} bytes, over the 51,200 of --template-body: upload it to a bucket first (aws s3 cp ${TEMPLATE_FILE} s3://BUCKET/).`,
        ]
      : []),
    '',
    '## Who owns what after the hand-over',
    '',
    ...(result.notes.length > 0
      ? result.notes.map((note) => `- **${note.id}** (${note.type}): ${note.note}`)
      : ['- CloudFormation owns every resource in the template.']),
    '',
    'After the import, stop running `reclaim apply` against what the stack owns: CloudFormation is its owner now. `reclaim drift` still reads it.',
    '',
  ];
  return lines.join('\n');
}

export function renderExcluded(result: CloudFormationExport): string {
  const lines = [`# What the CloudFormation hand-over of ${result.stackName} leaves out`, ''];
  lines.push('## Resources', '');
  if (result.excluded.length === 0) lines.push('None: every managed resource is in the template.');
  else {
    lines.push('| logical id | type | physical id | why |', '| --- | --- | --- | --- |');
    for (const entry of result.excluded)
      lines.push(`| ${entry.id} | ${entry.type} | ${entry.physicalId} | ${entry.reason.replaceAll('|', '\\|')} |`);
  }
  lines.push('', '## Properties', '');
  if (result.leftOut.length === 0) lines.push('None.');
  else {
    lines.push('| logical id | property | why |', '| --- | --- | --- |');
    for (const entry of result.leftOut)
      lines.push(`| ${entry.id} | ${entry.property} | ${entry.reason.replaceAll('|', '\\|')} |`);
  }
  lines.push('');
  return lines.join('\n');
}
