/**
 * `reclaim export --format terraform`: the CloudFormation hand-over as
 * Terraform AWS provider resources with `import {}` blocks (Terraform 1.5+),
 * references kept as resource references (`aws_iam_role.pipeline_role.arn`),
 * account, region and partition as data sources. What has no mapping table
 * (mappings.ts) stays out, listed with the reason, as does whatever refers to it.
 */
import { isIntrinsic, subPlaceholders } from '../../desired/intrinsics.js';
import { isNoValue } from '../../model/unset.js';
import { renderExcluded } from '../cloudformation-files.js';
import type { CloudFormationExport, Exclusion, ExportFile, LeftOutProperty } from '../types.js';
import { attribute, block, renderItems, type Expr, type HclItem } from './hcl.js';
import { TARGET_GROUP_HEALTH_CHECK, TERRAFORM_MAPPINGS } from './mappings.js';

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::AccountId': 'data.aws_caller_identity.current.account_id',
  'AWS::Region': 'data.aws_region.current.name',
  'AWS::Partition': 'data.aws_partition.current.partition',
};

/** `EcsLogGroup` → `ecs_log_group`. */
export function terraformName(logicalId: string): string {
  return logicalId
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

class Unmappable extends Error {}

export interface TerraformExport {
  readonly files: ExportFile[];
  /** What the Terraform export leaves out beyond the CloudFormation export's exclusions. */
  readonly excluded: Exclusion[];
  readonly leftOut: LeftOutProperty[];
}

export function exportTerraform(result: CloudFormationExport): TerraformExport {
  const resources = result.template.Resources;
  const excluded: Exclusion[] = [];
  const physicalIdOf = (id: string) =>
    Object.values(
      result.resourcesToImport.find((entry) => entry.LogicalResourceId === id)?.ResourceIdentifier ?? {},
    ).join('|');
  for (const [id, resource] of Object.entries(resources))
    if (!TERRAFORM_MAPPINGS[resource.Type])
      excluded.push({
        id,
        type: resource.Type,
        physicalId: physicalIdOf(id),
        kind: 'not-importable',
        reason: `reclaim has no Terraform mapping table for ${resource.Type} yet: import it with the CloudFormation export, or write its aws_* resource by hand`,
      });

  for (;;) {
    const kept = new Set(Object.keys(resources).filter((id) => !excluded.some((entry) => entry.id === id)));
    const built = new Map<string, { items: HclItem[]; leftOut: LeftOutProperty[] }>();
    const failed: Array<[string, string]> = [];
    for (const id of kept) {
      try {
        built.set(id, resourceItems(id, result, kept));
      } catch (error) {
        if (!(error instanceof Unmappable)) throw error;
        failed.push([id, error.message]);
      }
    }
    if (failed.length === 0) {
      const leftOut = [...built.values()].flatMap((entry) => entry.leftOut);
      return { files: files(result, built, excluded, leftOut), excluded, leftOut };
    }
    for (const [id, reason] of failed)
      excluded.push({
        id,
        type: resources[id]!.Type,
        physicalId: physicalIdOf(id),
        kind: 'unresolved-reference',
        reason,
      });
  }
}

function converter(result: CloudFormationExport, kept: ReadonlySet<string>) {
  const reference = (target: string, attributeName?: string): string => {
    if (PSEUDO[target]) return PSEUDO[target];
    const resource = result.template.Resources[target];
    if (!resource || !kept.has(target))
      throw new Unmappable(`references ${target}, which the Terraform export leaves out`);
    const mapping = TERRAFORM_MAPPINGS[resource.Type]!;
    const name = attributeName === undefined ? mapping.ref : mapping.attributes[attributeName];
    if (!name)
      throw new Unmappable(`references ${target}.${attributeName}, which has no Terraform attribute in its table`);
    return `${mapping.resource}.${terraformName(target)}.${name}`;
  };
  const convert = (value: unknown): Expr => {
    if (isNoValue(value)) return { kind: 'raw', expression: 'null' };
    if (isIntrinsic(value)) {
      if ('Ref' in value) return { kind: 'raw', expression: reference(value.Ref) };
      if ('Fn::GetAtt' in value) return { kind: 'raw', expression: reference(...value['Fn::GetAtt']) };
      const template = value['Fn::Sub'];
      const parts: Array<string | { expression: string }> = [];
      let last = 0;
      for (const match of template.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        parts.push(template.slice(last, match.index).replaceAll('${!', '${'));
        const [{ target, attribute: name }] = subPlaceholders(match[0]) as [{ target: string; attribute?: string }];
        parts.push({ expression: reference(target, name) });
        last = match.index + match[0].length;
      }
      parts.push(template.slice(last).replaceAll('${!', '${'));
      return { kind: 'template', parts: parts.filter((part) => part !== '') };
    }
    if (Array.isArray(value)) return { kind: 'list', items: value.map(convert) };
    if (value && typeof value === 'object')
      return { kind: 'object', entries: Object.entries(value).map(([key, item]) => [key, convert(item)] as const) };
    return { kind: 'literal', value: value as string | number | boolean };
  };
  return convert;
}

function resourceItems(id: string, result: CloudFormationExport, kept: ReadonlySet<string>) {
  const resource = result.template.Resources[id]!;
  const mapping = TERRAFORM_MAPPINGS[resource.Type]!;
  const convert = converter(result, kept);
  const items: HclItem[] = [];
  const leftOut: LeftOutProperty[] = [];
  const healthCheck: HclItem[] = [];
  for (const [name, value] of Object.entries(resource.Properties)) {
    if (isNoValue(value)) continue;
    const map = mapping.properties[name];
    if (map) items.push(...map(value, convert));
    else if (
      resource.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup' &&
      (TARGET_GROUP_HEALTH_CHECK[name] || name === 'Matcher')
    ) {
      const matcher = value as { HttpCode?: unknown };
      healthCheck.push(
        name === 'Matcher'
          ? attribute('matcher', convert(matcher.HttpCode))
          : attribute(TARGET_GROUP_HEALTH_CHECK[name]!, convert(value)),
      );
    } else
      leftOut.push({
        id,
        type: resource.Type,
        property: name,
        reason: `no ${mapping.resource} argument in reclaim's Terraform table for ${resource.Type}: declare it by hand if you manage it`,
      });
  }
  if (healthCheck.length > 0) items.push(block('health_check', healthCheck));
  const lifecycle = block('lifecycle', [attribute('prevent_destroy', { kind: 'literal', value: true })]);
  return { items: [...items, lifecycle], leftOut };
}

function files(
  result: CloudFormationExport,
  built: ReadonlyMap<string, { items: HclItem[] }>,
  excluded: readonly Exclusion[],
  leftOut: readonly LeftOutProperty[],
): ExportFile[] {
  const header: HclItem[] = [
    block('terraform', [
      attribute('required_version', { kind: 'literal', value: '>= 1.5.0' }),
      block('required_providers', [
        attribute('aws', {
          kind: 'object',
          entries: [
            ['source', { kind: 'literal', value: 'hashicorp/aws' }],
            ['version', { kind: 'literal', value: '>= 5.0' }],
          ],
        }),
      ]),
    ]),
    block('provider', [attribute('region', { kind: 'literal', value: result.region })], ['aws']),
    block('data', [], ['aws_caller_identity', 'current']),
    block('data', [], ['aws_region', 'current']),
    block('data', [], ['aws_partition', 'current']),
  ];
  const resources = [...built].map(([id, { items }]) =>
    block('resource', items, [TERRAFORM_MAPPINGS[result.template.Resources[id]!.Type]!.resource, terraformName(id)]),
  );
  const imports = [...built.keys()].map((id) => {
    const mapping = TERRAFORM_MAPPINGS[result.template.Resources[id]!.Type]!;
    const identifier = result.resourcesToImport.find((entry) => entry.LogicalResourceId === id)!.ResourceIdentifier;
    return block('import', [
      attribute('to', { kind: 'raw', expression: `${mapping.resource}.${terraformName(id)}` }),
      attribute('id', { kind: 'literal', value: mapping.importId(identifier) }),
    ]);
  });
  const all = { ...result, excluded: [...result.excluded, ...excluded], leftOut: [...result.leftOut, ...leftOut] };
  return [
    { path: 'main.tf', content: `${renderItems([...header, ...resources]).replaceAll('\n}\n', '\n}\n\n')}\n` },
    { path: 'imports.tf', content: `${renderItems(imports).replaceAll('\n}\n', '\n}\n\n')}\n` },
    { path: 'EXCLUDED.md', content: renderExcluded(all) },
    {
      path: 'README.md',
      content: [
        `# ${result.stackName} as Terraform`,
        '',
        `Written by \`reclaim export --format terraform\` from ${result.source}: ${built.size} AWS provider resources, each with an \`import {}\` block (imports.tf) and \`prevent_destroy\`. What stays out, and why, is in \`EXCLUDED.md\`.`,
        '',
        '```sh',
        'terraform init',
        'terraform plan    # shows one import per resource, and every difference between the code and what runs',
        'terraform apply   # imports; nothing is created',
        'terraform plan    # should show no changes',
        '```',
        ...(result.notes.length > 0
          ? [
              '',
              '## Who owns what after the hand-over',
              '',
              ...result.notes.map((note) => `- **${note.id}**: ${note.note}`),
            ]
          : []),
        '',
      ].join('\n'),
    },
  ];
}
