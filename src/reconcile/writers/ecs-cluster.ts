import { DeleteClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { isNotFound } from '../../discover/aws-errors.js';
import { clusterNameFrom } from '../../discover/kinds/ecs-cluster.js';
import type { KindWriter } from '../kind-writer.js';
import { retryWhile } from '../wait.js';

/** Tasks of a service deleted a moment ago may still be stopping; ECS refuses the cluster until they have. */
const NOT_EMPTY_YET = new Set([
  'ClusterContainsServicesException',
  'ClusterContainsTasksException',
  'ClusterContainsContainerInstancesException',
  'UpdateInProgressException',
]);

export const ecsClusterWriter: KindWriter = {
  type: 'AWS::ECS::Cluster',

  /** A deleted cluster stays describable as INACTIVE for a while: that counts as gone. */
  async delete(ctx, change) {
    const cluster = clusterNameFrom(change.physicalId);
    try {
      const described = await ctx.clients.ecs.send(new DescribeClustersCommand({ clusters: [cluster] }));
      const found = described.clusters?.[0];
      if (!found || found.status === 'INACTIVE') return 'already-gone';
      await retryWhile(
        () => ctx.clients.ecs.send(new DeleteClusterCommand({ cluster })),
        NOT_EMPTY_YET,
        ctx.wait,
        () => ctx.note(`cluster ${cluster} still has services or tasks; waiting for them to stop`),
      );
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
