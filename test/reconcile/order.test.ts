import { describe, expect, it } from 'vitest';
import { asLogicalId, type Edge } from '../../src/model/resource.js';
import type { ResourceType } from '../../src/model/resource-type.js';
import { deleteOrder } from '../../src/reconcile/order.js';

const node = (id: string, type: ResourceType) => ({ id: asLogicalId(id), type });
const edge = (from: string, to: string, via = 'Ref'): Edge => ({ from: asLogicalId(from), to: asLogicalId(to), via });
const ids = (nodes: readonly { id: string }[]) => nodes.map((n) => n.id);

describe('deleteOrder', () => {
  it('puts every resource before what it uses, whatever the type sequence says', () => {
    // A role that uses nothing, used by a pipeline: the pipeline goes first.
    const nodes = [
      node('Role', 'AWS::IAM::Role'),
      node('Pipeline', 'AWS::CodePipeline::Pipeline'),
      node('Group', 'AWS::EC2::SecurityGroup'),
    ];
    // A security group used by a role (not a real reference; it checks that edges beat ranks).
    expect(ids(deleteOrder(nodes, [edge('Pipeline', 'Role'), edge('Group', 'Role')]))).toEqual([
      'Pipeline',
      'Group',
      'Role',
    ]);
  });

  it('breaks ties by the teardown sequence, then by logical id', () => {
    const nodes = [
      node('Stack', 'AWS::CloudFormation::Stack'),
      node('B', 'AWS::ECR::Repository'),
      node('A', 'AWS::ECR::Repository'),
      node('Service', 'AWS::ECS::Service'),
      node('Pipeline', 'AWS::CodePipeline::Pipeline'),
    ];
    expect(ids(deleteOrder(nodes, []))).toEqual(['Pipeline', 'Service', 'A', 'B', 'Stack']);
  });

  it('ignores ownership edges, self-loops and edges to resources outside the set', () => {
    const nodes = [
      node('Stack', 'AWS::CloudFormation::Stack'),
      node('Lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer'),
    ];
    const edges = [edge('Stack', 'Lb', 'Resources.LoadBalancer'), edge('Lb', 'Lb'), edge('Lb', 'Subnet')];
    expect(ids(deleteOrder(nodes, edges))).toEqual(['Lb', 'Stack']);
  });

  it('breaks a cycle at its earliest member, and only then, the same way every time', () => {
    const nodes = [
      node('Pipeline', 'AWS::CodePipeline::Pipeline'),
      node('SgB', 'AWS::EC2::SecurityGroup'),
      node('SgA', 'AWS::EC2::SecurityGroup'),
      node('Role', 'AWS::IAM::Role'),
    ];
    // SgA and SgB allow each other; the pipeline uses SgA (not real, but it must still go first);
    // SgB uses a role that must come after it.
    const edges = [edge('SgA', 'SgB'), edge('SgB', 'SgA'), edge('Pipeline', 'SgA'), edge('SgB', 'Role')];
    const first = ids(deleteOrder(nodes, edges));
    expect(first).toEqual(['Pipeline', 'SgA', 'SgB', 'Role']);
    expect(ids(deleteOrder([...nodes].reverse(), [...edges].reverse()))).toEqual(first);
  });

  it('respects every edge of a larger random graph without cycles', () => {
    const types: ResourceType[] = [
      'AWS::IAM::Role',
      'AWS::ECS::Service',
      'AWS::S3::Bucket',
      'AWS::CodePipeline::Pipeline',
    ];
    const nodes = Array.from({ length: 40 }, (_, i) => node(`N${i}`, types[i % types.length]!));
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const edges: Edge[] = [];
    for (let i = 0; i < 40; i += 1)
      for (let j = i + 1; j < 40; j += 1) if (random() < 0.1) edges.push(edge(`N${i}`, `N${j}`));
    const order = ids(deleteOrder(nodes, edges));
    expect(new Set(order).size).toBe(40);
    for (const e of edges) expect(order.indexOf(e.from)).toBeLessThan(order.indexOf(e.to));
  });
});
