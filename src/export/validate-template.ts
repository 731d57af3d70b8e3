import { PSEUDO_PARAMETERS, intrinsicsIn, subPlaceholders } from '../desired/intrinsics.js';
import { NO_VALUE_NAME } from '../model/unset.js';
import { resourceSpec, validateProperties } from '../spec/cfn-spec.js';
import type { Template } from './types.js';

/** One thing wrong with an exported template, at `Resources.<id>.Properties.<path>`. */
export interface TemplateProblem {
  readonly id: string;
  readonly path: string;
  readonly message: string;
}

const REF_NAMES = new Set<string>([
  ...PSEUDO_PARAMETERS,
  NO_VALUE_NAME,
  'AWS::StackName',
  'AWS::StackId',
  'AWS::URLSuffix',
]);

/**
 * Checks an exported template against the CloudFormation spec reclaim
 * carries: property names and types (`validateProperties`), no property that
 * only reclaim knows, every required property present, `Retain` on every
 * resource, and every `Ref` / `Fn::GetAtt` / `${…}` naming a resource of the
 * template and an attribute its type has.
 */
export function validateTemplate(template: Template): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const spec = resourceSpec(resource.Type);
    const problem = (path: string, message: string) => problems.push({ id, path, message });
    if (resource.DeletionPolicy !== 'Retain' || resource.UpdateReplacePolicy !== 'Retain')
      problem('', 'DeletionPolicy and UpdateReplacePolicy must be Retain');
    for (const found of validateProperties(resource.Type, resource.Properties))
      problem(found.path.join('.'), found.message);
    if (!spec) continue;
    for (const [name, property] of Object.entries(spec.properties)) {
      const value = resource.Properties[name];
      if (property.required && value === undefined) problem(name, `required property ${name} is missing`);
      // reclaim's own properties (and its map form of Tags) mean nothing to CloudFormation.
      if (value !== undefined && property.extension && property.type.kind !== 'union')
        problem(name, `${name} is reclaim's, not CloudFormation's`);
    }
    if (resource.Properties.Tags !== undefined && !Array.isArray(resource.Properties.Tags))
      problem('Tags', 'Tags must be a list of { Key, Value }');
    for (const { path, intrinsic } of intrinsicsIn(resource.Properties)) {
      const at = path.join('.');
      const targets: Array<{ target: string; attribute?: string }> =
        'Ref' in intrinsic
          ? [{ target: intrinsic.Ref }]
          : 'Fn::GetAtt' in intrinsic
            ? [{ target: intrinsic['Fn::GetAtt'][0], attribute: intrinsic['Fn::GetAtt'][1] }]
            : subPlaceholders(intrinsic['Fn::Sub']);
      for (const { target, attribute } of targets) {
        if (REF_NAMES.has(target)) continue;
        const referenced = template.Resources[target];
        if (!referenced) {
          problem(at, `references ${target}, which the template does not declare`);
          continue;
        }
        const attributes = resourceSpec(referenced.Type)?.attributes ?? [];
        if (attribute !== undefined && !attributes.includes(attribute))
          problem(at, `${referenced.Type} has no attribute ${attribute} (it has ${attributes.join(', ') || 'none'})`);
      }
    }
  }
  return problems;
}
