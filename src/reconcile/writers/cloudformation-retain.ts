/**
 * The pure half of detaching a CloudFormation stack: marking every resource
 * of its template `DeletionPolicy: Retain`, and checking that the change set
 * CloudFormation made of that template changes nothing else.
 */
import type { Change as StackChange } from '@aws-sdk/client-cloudformation';
import { parse as parseYaml, type CollectionTag, type ScalarTag } from 'yaml';

export type Template = { Resources?: Record<string, Record<string, unknown>> } & Record<string, unknown>;

/** CloudFormation's YAML short forms (`!Ref X`, `!GetAtt A.Arn`, …), read into their JSON long forms. */
const INTRINSICS = [
  'And',
  'Base64',
  'Cidr',
  'Condition',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Length',
  'Not',
  'Or',
  'Ref',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
];

const SHORT_FORM_TAGS = INTRINSICS.flatMap((name): Array<ScalarTag | CollectionTag> => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const wrap = (value: unknown) => ({
    [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
  });
  return [
    { tag: `!${name}`, resolve: (value) => wrap(value) },
    { tag: `!${name}`, collection: 'seq', resolve: (value) => wrap(value.toJSON()) },
    { tag: `!${name}`, collection: 'map', resolve: (value) => wrap(value.toJSON()) },
  ];
});

/**
 * A template body as GetTemplate returns it: JSON, or YAML (short forms
 * included), read into the JSON shape CloudFormation accepts back.
 */
export function parseTemplate(body: string): Template {
  try {
    return JSON.parse(body) as Template;
  } catch {
    const parsed: unknown = parseYaml(body, { customTags: SHORT_FORM_TAGS });
    if (!parsed || typeof parsed !== 'object')
      throw new Error('the stack template is neither a JSON nor a YAML object');
    return parsed as Template;
  }
}

/**
 * The template with `DeletionPolicy: Retain` on every resource, and the
 * logical ids whose policy that changes (empty when all are retained already).
 */
export function retainEverything(template: Template): { template: Template; changed: string[] } {
  const resources = template.Resources ?? {};
  const changed = Object.keys(resources)
    .filter((id) => resources[id]?.DeletionPolicy !== 'Retain')
    .sort();
  const retained = Object.fromEntries(
    Object.entries(resources).map(([id, resource]) => [id, { ...resource, DeletionPolicy: 'Retain' }]),
  );
  return { template: { ...template, Resources: retained }, changed };
}

/**
 * Why the change set is not purely "set DeletionPolicy on these resources",
 * one line per problem; empty when it is safe to execute.
 *
 * CloudFormation reports a DeletionPolicy-only edit as `Modify` with
 * `Replacement: False` and `Scope: [DeletionPolicy]`. Until 2023 it treated
 * such an edit as no change at all and silently kept the old policy
 * (aws-cloudformation/cloudformation-coverage-roadmap#1543), which would make
 * the stack's deletion destroy what detaching means to keep; so every resource
 * whose policy changes must be listed. An emulator that leaves `Scope` and
 * `Details` out (moto) is read as claiming nothing beyond the action.
 */
export function nonRetainChanges(changes: readonly StackChange[], changed: readonly string[]): string[] {
  const problems: string[] = [];
  const expected = new Set(changed);
  const seen = new Set<string>();
  for (const change of changes) {
    const resource = change.ResourceChange;
    if (change.Type !== 'Resource' || !resource) {
      problems.push(`a change of type ${change.Type ?? 'unknown'}`);
      continue;
    }
    const id = resource.LogicalResourceId ?? '?';
    seen.add(id);
    if (resource.Action !== 'Modify') problems.push(`${id}: ${resource.Action ?? 'unknown action'}`);
    if (!expected.has(id)) problems.push(`${id}: changed although its policy is not`);
    if (resource.Replacement && resource.Replacement !== 'False')
      problems.push(`${id}: replacement ${resource.Replacement}`);
    const scope = (resource.Scope ?? []).filter((attribute) => attribute !== 'DeletionPolicy');
    if (scope.length > 0) problems.push(`${id}: changes ${scope.join(', ')}`);
    for (const detail of resource.Details ?? []) {
      const attribute = detail.Target?.Attribute;
      if (attribute && attribute !== 'DeletionPolicy') {
        problems.push(`${id}: changes ${attribute}${detail.Target?.Name ? ` ${detail.Target.Name}` : ''}`);
      }
    }
  }
  for (const id of changed) {
    if (!seen.has(id)) problems.push(`${id}: its new DeletionPolicy is not in the change set`);
  }
  return problems;
}
