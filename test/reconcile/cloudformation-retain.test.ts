import type { Change } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import {
  nonRetainChanges,
  parseTemplate,
  retainEverything,
} from '../../src/reconcile/writers/cloudformation-retain.js';

/** A change as AWS describes a DeletionPolicy-only edit. */
const policyOnly = (id: string): Change => ({
  Type: 'Resource',
  ResourceChange: {
    Action: 'Modify',
    LogicalResourceId: id,
    Replacement: 'False',
    Scope: ['DeletionPolicy'],
    Details: [
      {
        Target: { Attribute: 'DeletionPolicy', RequiresRecreation: 'Never' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification',
      },
    ],
  },
});

describe('retaining every resource of a stack', () => {
  it('sets DeletionPolicy Retain everywhere and names what changed', () => {
    const { template, changed } = retainEverything({
      Resources: {
        B: { Type: 'X', DeletionPolicy: 'Retain' },
        A: { Type: 'Y', DeletionPolicy: 'Delete' },
        C: { Type: 'Z' },
      },
      Outputs: { O: { Value: 1 } },
    });
    expect(changed).toEqual(['A', 'C']);
    expect(Object.values(template.Resources!).every((r) => r.DeletionPolicy === 'Retain')).toBe(true);
    expect(template.Outputs).toEqual({ O: { Value: 1 } });
    expect(retainEverything(template).changed).toEqual([]);
  });

  it('reads JSON and YAML templates, short-form intrinsics included', () => {
    expect(parseTemplate('{"Resources":{"A":{"Type":"X"}}}')).toEqual({ Resources: { A: { Type: 'X' } } });
    const yaml = [
      'Resources:',
      '  A:',
      '    Type: AWS::Logs::LogGroup',
      '    Properties:',
      '      LogGroupName: !Sub "/ecs/${AWS::StackName}"',
      '      Tags:',
      '        - Key: arn',
      '          Value: !GetAtt B.Arn',
      '        - Key: joined',
      "          Value: !Join ['-', [!Ref AWS::Region, x]]",
    ].join('\n');
    expect(parseTemplate(yaml).Resources!.A!.Properties).toEqual({
      LogGroupName: { 'Fn::Sub': '/ecs/${AWS::StackName}' },
      Tags: [
        { Key: 'arn', Value: { 'Fn::GetAtt': ['B', 'Arn'] } },
        { Key: 'joined', Value: { 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, 'x']] } },
      ],
    });
  });
});

describe('checking that a change set changes only deletion policies', () => {
  it('accepts a DeletionPolicy-only change of exactly the resources whose policy changed', () => {
    expect(nonRetainChanges([policyOnly('A'), policyOnly('B')], ['A', 'B'])).toEqual([]);
  });

  it('accepts an emulator that leaves Scope and Details out', () => {
    const bare: Change = { Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'A' } };
    expect(nonRetainChanges([bare], ['A'])).toEqual([]);
  });

  it('refuses property changes, replacements, additions, removals and unrelated resources', () => {
    const propertyChange: Change = {
      Type: 'Resource',
      ResourceChange: {
        Action: 'Modify',
        LogicalResourceId: 'A',
        Replacement: 'True',
        Scope: ['DeletionPolicy', 'Properties'],
        Details: [{ Target: { Attribute: 'Properties', Name: 'Port' } }],
      },
    };
    const added: Change = { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'New' } };
    const removed: Change = { Type: 'Resource', ResourceChange: { Action: 'Remove', LogicalResourceId: 'B' } };
    expect(nonRetainChanges([propertyChange, added, removed], ['A', 'B'])).toEqual([
      'A: replacement True',
      'A: changes Properties',
      'A: changes Properties Port',
      'New: Add',
      'New: changed although its policy is not',
      'B: Remove',
    ]);
  });

  it('refuses a change set that leaves out a resource whose policy changed (CloudFormation would not record it)', () => {
    expect(nonRetainChanges([policyOnly('A')], ['A', 'B'])).toEqual([
      'B: its new DeletionPolicy is not in the change set',
    ]);
    expect(nonRetainChanges([], ['A'])).toEqual(['A: its new DeletionPolicy is not in the change set']);
  });
});
