import type { Replacement, StoredFields, TypeShape } from './spec-shape.js';

/** The key of `RECLAIM_EXTENSIONS` whose properties every type accepts. */
export const ANY_TYPE = '*';

/** A property reclaim writes that CloudFormation's spec does not have, or has in another shape. */
export interface ReclaimExtension {
  readonly type: TypeShape;
  /** Why reclaim writes it. */
  readonly reason: string;
  /** @default 'no' */
  readonly causesReplacement?: Replacement;
  readonly documentation?: string;
}

/** Structures the extensions use, named apart from the spec's own (`reclaim:` prefix). */
export const EXTENSION_DEFINITIONS: Readonly<Record<string, StoredFields>> = {
  'reclaim:StackParameter': {
    ParameterKey: { type: { kind: 'string' }, required: true, documentation: 'The name of the template parameter.' },
    ParameterValue: { type: { kind: 'string' }, required: true, documentation: 'The value of the parameter.' },
  },
};

/**
 * Properties reclaim files and snapshots may carry beyond the CloudFormation
 * spec, by type (`*`: every type). Where the spec has a property of the same
 * name, either shape is accepted. Each entry says why it exists; an entry that
 * only papers over a handler's non-CloudFormation shape says so, and goes when
 * the handler is changed.
 */
export const RECLAIM_EXTENSIONS: Readonly<Record<string, Readonly<Record<string, ReclaimExtension>>>> = {
  [ANY_TYPE]: {
    Tags: {
      type: { kind: 'map', element: { kind: 'string' } },
      reason: "reclaim writes tags as a map of key to value; CloudFormation's list of { Key, Value } is accepted too",
      documentation: 'The tags of the resource, by key.',
    },
  },
  'AWS::SecretsManager::Secret': {
    SecretKeys: {
      type: { kind: 'array', element: { kind: 'string' } },
      reason:
        "the keys of the secret's JSON value, never the values: what task definitions reference as `ARN:KEY::`, and what a new secret must be given",
      documentation: "The keys of the secret's JSON value.",
    },
  },
  'AWS::CloudFormation::Stack': {
    StackName: {
      type: { kind: 'string' },
      causesReplacement: 'yes',
      reason:
        'the stack is matched and shown by name; CloudFormation has no such property (it names nested stacks itself)',
      documentation: 'The name of the stack.',
    },
    Description: {
      type: { kind: 'string' },
      reason:
        'tells console-made stacks apart ("The template used to create an ECS Service from the ECS Console."); CloudFormation takes it from the template',
      documentation: "The description of the stack's template.",
    },
    Parameters: {
      type: { kind: 'array', element: { kind: 'object', definition: 'reclaim:StackParameter' } },
      reason:
        "the stack handler writes DescribeStacks' list of { ParameterKey, ParameterValue }, where CloudFormation's Parameters is a map of key to value: accepted until the handler writes the map",
      documentation: 'The parameters of the stack, as DescribeStacks lists them.',
    },
  },
};
