import { describe, expect, it } from 'vitest';
import type { DiscoveredResource, Reference } from '../../src/discover/kind-handler.js';
import { stackNames, commonRun } from '../../src/inventory/stack-naming.js';
import type { RecordedListings } from '../../src/model/inventory.js';
import type { ResourceType } from '../../src/model/resource-type.js';

/** A tiny account view: resources keyed `type|id`, references resolved by exact id. */
function view(resources: Array<{ type: ResourceType; id: string; references?: Reference[] }>) {
  const map = new Map<string, DiscoveredResource>(
    resources.map(({ type, id, references }) => [
      `${type}|${id}`,
      { type, physicalId: id, name: id, properties: {}, tags: {}, references: references ?? [] },
    ]),
  );
  return {
    resources: map,
    resolve: (type: ResourceType, id: string) => (map.has(`${type}|${id}`) ? `${type}|${id}` : undefined),
  };
}
const ref = (type: ResourceType, id: string): Reference => ({ type, id, via: 'X', kind: 'reference' });
const listings = (pipelines: string[], clusters: Record<string, string[]>): RecordedListings => ({
  resources: {
    'AWS::CodePipeline::Pipeline': pipelines.map((name) => ({ physicalId: name, name })),
    'AWS::ECS::Cluster': Object.keys(clusters).map((name) => ({ physicalId: name, name })),
  },
  services: clusters,
});

describe('commonRun', () => {
  it('finds the longest run of words every name has', () => {
    expect(
      commonRun([
        ['bash', 'dog'],
        ['bash', 'dog', 'v2'],
        ['my', 'bash', 'dog'],
      ]),
    ).toEqual(['bash', 'dog']);
    expect(commonRun([['kennel'], ['beagle']])).toEqual([]);
  });
});

describe('stackNames', () => {
  it('names a pipeline deploying to a cluster’s service by their common words', () => {
    const graph = view([
      {
        type: 'AWS::CodePipeline::Pipeline',
        id: 'bash-dog-pipeline',
        references: [ref('AWS::CodeDeploy::DeploymentGroup', 'g')],
      },
      { type: 'AWS::CodeDeploy::DeploymentGroup', id: 'g', references: [ref('AWS::ECS::Service', 'svc')] },
      { type: 'AWS::ECS::Service', id: 'svc', references: [ref('AWS::ECS::Cluster', 'bash-dog-cluster')] },
      { type: 'AWS::ECS::Cluster', id: 'bash-dog-cluster' },
    ]);
    expect(stackNames(graph, listings(['bash-dog-pipeline'], { 'bash-dog-cluster': ['svc'] }))).toEqual(['bash-dog']);
  });

  it('splits an app whose roots share no words, and folds a name another name carries', () => {
    const graph = view([
      { type: 'AWS::CodePipeline::Pipeline', id: 'deploy-web', references: [ref('AWS::ECS::Cluster', 'prod')] },
      { type: 'AWS::ECS::Cluster', id: 'prod' },
      { type: 'AWS::ECS::Cluster', id: 'bash-dog' },
      { type: 'AWS::ECS::Cluster', id: 'bash-dog-v2' },
    ]);
    expect(stackNames(graph, listings(['deploy-web'], { prod: [], 'bash-dog': [], 'bash-dog-v2': [] }))).toEqual([
      'bash-dog',
      'deploy-web',
      'prod',
    ]);
  });
});
