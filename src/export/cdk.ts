/**
 * `reclaim export --format cdk`: the CloudFormation hand-over as a CDK app,
 * through `cdk-from-cfn` (the CDK team's converter, a WebAssembly build),
 * then imported with `cdk import`. The app declares the same resources with
 * the same logical ids (top-level constructs keep their id as logical id), so
 * the resources-to-import identifiers and EXCLUDED.md carry over as they are.
 * https://github.com/cdklabs/cdk-from-cfn
 */
import { createRequire } from 'node:module';
import { EXCLUDED_FILE, renderExcluded } from './cloudformation-files.js';
import type { CloudFormationExport, ExportFile } from './types.js';

export const CDK_LANGUAGES = ['typescript', 'python'] as const;
export type CdkLanguage = (typeof CDK_LANGUAGES)[number];

interface CdkFromCfn {
  transmute(template: string, language: string, className: string): string;
}

// A CommonJS WebAssembly package: loaded when a CDK export is asked for, not at start-up.
const loadConverter = (): CdkFromCfn => createRequire(import.meta.url)('cdk-from-cfn') as CdkFromCfn;

/** `bash-dog` → `BashDogStack`. */
export function stackClassName(stack: string): string {
  const words = stack.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return `${/^[0-9]/.test(name) ? 'S' : ''}${name}Stack`;
}

/**
 * cdk-from-cfn carries `DeletionPolicy` over but not `UpdateReplacePolicy`;
 * the export retains on both, so each retained construct gets the second
 * line beside the first.
 */
function retainOnReplace(code: string, language: CdkLanguage): string {
  return language === 'typescript'
    ? code.replace(
        /^(\s*)(\w+)\.cfnOptions\.deletionPolicy = cdk\.CfnDeletionPolicy\.RETAIN;$/gm,
        '$&\n$1$2.cfnOptions.updateReplacePolicy = cdk.CfnDeletionPolicy.RETAIN;',
      )
    : code.replace(
        /^(\s*)(\w+)\.cfn_options\.deletion_policy = cdk\.CfnDeletionPolicy\.RETAIN$/gm,
        '$&\n$1$2.cfn_options.update_replace_policy = cdk.CfnDeletionPolicy.RETAIN',
      );
}

/** The stack's code, as cdk-from-cfn writes it from the template (JSON: no YAML tags to translate). */
export function cdkStackCode(result: CloudFormationExport, language: CdkLanguage): string {
  const code = loadConverter().transmute(JSON.stringify(result.template), language, stackClassName(result.stackName));
  return retainOnReplace(code, language);
}

/** The CDK `--resource-mapping` file: construct path → identifier (the stack's own top-level constructs). */
function resourceMapping(result: CloudFormationExport): Record<string, Record<string, string>> {
  return Object.fromEntries(
    result.resourcesToImport.map((entry) => [
      `${result.stackName}/${entry.LogicalResourceId}`,
      entry.ResourceIdentifier,
    ]),
  );
}

export function cdkFiles(result: CloudFormationExport, language: CdkLanguage): ExportFile[] {
  const className = stackClassName(result.stackName);
  const env = `{ account: '${result.account}', region: '${result.region}' }`;
  const app =
    language === 'typescript'
      ? [
          { path: 'lib/stack.ts', content: cdkStackCode(result, language) },
          {
            path: 'bin/app.ts',
            content: `import * as cdk from 'aws-cdk-lib';\nimport { ${className} } from '../lib/stack';\n\nconst app = new cdk.App();\nnew ${className}(app, '${result.stackName}', { env: ${env} });\n`,
          },
          {
            path: 'cdk.json',
            content: `${JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/app.ts' }, null, 2)}\n`,
          },
          {
            path: 'package.json',
            content: `${JSON.stringify(
              {
                name: result.stackName,
                private: true,
                dependencies: { 'aws-cdk-lib': '^2.0.0', constructs: '^10.0.0' },
                devDependencies: { 'aws-cdk': '^2.0.0', 'ts-node': '^10.9.0', typescript: '^5.0.0' },
              },
              null,
              2,
            )}\n`,
          },
          {
            path: 'tsconfig.json',
            content: `${JSON.stringify({ compilerOptions: { target: 'ES2020', module: 'commonjs', strict: true, esModuleInterop: true } }, null, 2)}\n`,
          },
        ]
      : [
          { path: 'stack.py', content: cdkStackCode(result, language) },
          {
            path: 'app.py',
            content: `import aws_cdk as cdk\nfrom stack import ${className}\n\napp = cdk.App()\n${className}(app, "${result.stackName}", env=cdk.Environment(account="${result.account}", region="${result.region}"))\napp.synth()\n`,
          },
          { path: 'cdk.json', content: `${JSON.stringify({ app: 'python3 app.py' }, null, 2)}\n` },
          { path: 'requirements.txt', content: 'aws-cdk-lib>=2.0.0\nconstructs>=10.0.0\n' },
        ];
  return [
    ...app,
    { path: 'resource-mapping.json', content: `${JSON.stringify(resourceMapping(result), null, 2)}\n` },
    { path: EXCLUDED_FILE, content: renderExcluded(result) },
    { path: 'README.md', content: cdkReadme(result, language) },
  ];
}

function cdkReadme(result: CloudFormationExport, language: CdkLanguage): string {
  const install =
    language === 'typescript'
      ? 'npm install'
      : 'python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt';
  return [
    `# ${result.stackName} as a CDK app (${language})`,
    '',
    `Written by \`reclaim export --format cdk --language ${language}\` from ${result.source}: the CloudFormation hand-over converted by cdk-from-cfn. Every resource keeps its logical id and is retained on delete and on replacement.`,
    `What stays out, and why, is in \`${EXCLUDED_FILE}\`.`,
    '',
    '## Commands, in order',
    '',
    '```sh',
    install,
    `npx cdk synth ${result.stackName}`,
    `npx cdk import ${result.stackName} --resource-mapping resource-mapping.json`,
    `npx cdk diff ${result.stackName}`,
    '```',
    '',
    `\`cdk import\` runs the same IMPORT change set the CloudFormation export describes; \`cdk diff\` afterwards should show no change.`,
    ...(result.fillIns.length > 0
      ? [
          '',
          'Before importing, fill in what the desired state does not name:',
          '',
          ...result.fillIns.map((fill) => `- \`${fill.token}\`: \`${fill.command}\``),
        ]
      : []),
    ...(result.notes.length > 0
      ? [
          '',
          '## Who owns what after the hand-over',
          '',
          ...result.notes.map((note) => `- **${note.id}**: ${note.note}`),
        ]
      : []),
    '',
  ].join('\n');
}
