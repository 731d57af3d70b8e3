import {
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  waitUntilLoadBalancersDeleted,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isNotFound } from '../../discover/aws-errors.js';
import type { KindWriter } from '../kind-writer.js';

export const elbv2LoadBalancerWriter: KindWriter = {
  type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',

  /**
   * DeleteLoadBalancer succeeds for a load balancer that does not exist, so a
   * describe first tells "deleted" from "already gone". The listeners go with
   * the load balancer; the target groups stay. The waiter returns once the
   * load balancer is no longer described; its network interfaces linger a few
   * minutes more, which the security group writer waits out.
   */
  async delete(ctx, change) {
    const arn = change.physicalId;
    try {
      await ctx.clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
    await ctx.clients.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    await waitUntilLoadBalancersDeleted(
      { client: await ctx.clients.elbv2.resolve(), ...ctx.wait },
      { LoadBalancerArns: [arn] },
    );
    return 'deleted';
  },
};
