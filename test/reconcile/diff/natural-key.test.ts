import { beforeAll, describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../../src/desired/load.js';
import { DesiredStateInvalid } from '../../../src/desired/problems.js';
import { asLogicalId, asPhysicalId, type Resource } from '../../../src/model/resource.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { computeDrift } from '../../../src/reconcile/diff/drift.js';
import { importedExample, liveResource, type ImportedExample } from '../../support/bash-dog-fixture.js';

/**
 * A listener rule AWS has not created yet has no ARN to declare: the file
 * names it by its listener and priority (`model/natural-key.ts`), and drift
 * finds it there, whatever ARN AWS gave it.
 */
let example: ImportedExample;
beforeAll(async () => {
  example = await importedExample();
});

const RULE = `
  ProductionListenerRule:
    type: AWS::ElasticLoadBalancingV2::ListenerRule
    properties:
      ListenerArn: !Ref Listener443Listener
      Priority: 1
      Conditions:
        - Field: path-pattern
          PathPatternConfig:
            Values: ["/*"]
      Actions:
        - Type: forward
          ForwardConfig:
            TargetGroups:
              - TargetGroupArn: !Ref MainTargetGroup
                Weight: 100
`;
const withRule = (rule = RULE) => example.text.replace(/^resources:\n/m, `resources:\n${rule}`);

/** The rule as discovery reads it, under an ARN AWS made up. */
function liveRule(priority = 1): Resource {
  const listener = liveResource(example.snapshot, 'AWS::ElasticLoadBalancingV2::Listener');
  const targetGroup = liveResource(
    example.snapshot,
    'AWS::ElasticLoadBalancingV2::TargetGroup',
    (tg) => tg.id === 'MainTargetGroup',
  );
  return {
    id: asLogicalId('Rule1'),
    type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
    physicalId: asPhysicalId(`${listener.physicalId.replace(':listener/', ':listener-rule/')}/9a8b7c6d5e4f3a2b`),
    properties: {
      ListenerArn: listener.physicalId,
      Priority: priority,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [
        { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroup.physicalId, Weight: 100 }] } },
      ],
    },
    attributes: { IsDefault: false },
    tags: {},
    orphan: false,
    external: false,
    status: 'read',
  };
}
const plus = (snapshot: Snapshot, resource: Resource): Snapshot => ({
  ...snapshot,
  resources: [...snapshot.resources, resource],
});

describe('a listener rule declared without a physical id', () => {
  it('loads: a listener rule may leave physicalId out', () => {
    const { state } = parseDesiredState(withRule(), 'reclaim.yaml');
    expect(state.resources.ProductionListenerRule?.physicalId).toBeUndefined();
  });

  it('is missing, with no physical id, while the listener has no rule at its priority', () => {
    const desired = parseDesiredState(withRule(), 'reclaim.yaml').state;
    const report = computeDrift(desired, example.snapshot);
    expect(report.drifts).toEqual([
      expect.objectContaining({ kind: 'missing', id: 'ProductionListenerRule', physicalId: '' }),
    ]);
  });

  it('is found by its listener and priority, whatever ARN AWS gave it, and is then in sync', () => {
    const desired = parseDesiredState(withRule(), 'reclaim.yaml').state;
    const report = computeDrift(desired, plus(example.snapshot, liveRule()));
    expect(report.drifts).toEqual([]);
  });

  it('is not the rule at another priority, which is unmanaged', () => {
    const desired = parseDesiredState(withRule(), 'reclaim.yaml').state;
    const kinds = computeDrift(desired, plus(example.snapshot, liveRule(2))).drifts.map((d) => `${d.kind} ${d.id}`);
    expect(kinds.sort()).toEqual(['missing ProductionListenerRule', 'unmanaged Rule1']);
  });

  it('compares what it finds there: a changed condition is modified', () => {
    const desired = parseDesiredState(withRule(RULE.replace('["/*"]', '["/api/*"]')), 'reclaim.yaml').state;
    const drifts = computeDrift(desired, plus(example.snapshot, liveRule())).drifts;
    expect(drifts).toEqual([expect.objectContaining({ kind: 'modified', id: 'ProductionListenerRule' })]);
  });
});

describe('other types still need their physical id', () => {
  it('rejects a target group without one, naming the resource and the fix', () => {
    const text = example.text.replace(/(\n {2}MainTargetGroup:\n {4}type: [^\n]+\n) {4}physicalId: [^\n]+\n/, '$1');
    expect(text).not.toBe(example.text);
    let problem: unknown;
    try {
      parseDesiredState(text, 'reclaim.yaml');
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(DesiredStateInvalid);
    const messages = (problem as DesiredStateInvalid).problems.map((p) => `${p.message} | ${p.fix}`);
    expect(messages).toEqual([
      expect.stringMatching(/^MainTargetGroup needs "physicalId".*ListenerRule\) may leave it out$/s),
    ]);
  });
});
