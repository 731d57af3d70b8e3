import type { Snapshot } from '../../../src/model/snapshot.js';

/**
 * moto drops CodeBuild's `concurrentBuildLimit` on CreateProject and lacks
 * UpdateProject (notes/moto.md), so a project built "exactly as the guide
 * says" reads back without the limit of 1 the guide sets. This puts back what
 * AWS reports for that project; every other property is as discovered.
 */
export function withGuideBuildLimit(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    resources: snapshot.resources.map((resource) =>
      resource.type === 'AWS::CodeBuild::Project' && resource.properties.ConcurrentBuildLimit === undefined
        ? { ...resource, properties: { ...resource.properties, ConcurrentBuildLimit: 1 } }
        : resource,
    ),
  };
}
