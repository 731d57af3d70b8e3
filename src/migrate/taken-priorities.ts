import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../aws/clients.js';
import { UserError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import type { TakenPriorities } from './ecs-blue-green.js';

/**
 * The priorities each listener's rules hold now, read from AWS (DescribeRules,
 * paginated): a new rule must take a free one, and after every existing rule,
 * so that it serves only what the default action served. Discovery reads only
 * the rules something references; a listener's other rules matter here.
 */
export async function takenPrioritiesFromAws(
  clients: AwsClients,
  listenerArns: readonly string[],
): Promise<TakenPriorities> {
  const taken = new Map<string, number[]>();
  await Promise.all(
    [...new Set(listenerArns)].map(async (ListenerArn) => {
      const priorities: number[] = [];
      let Marker: string | undefined;
      try {
        do {
          const page = await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn, Marker }));
          for (const rule of page.Rules ?? []) {
            const priority = Number(rule.Priority);
            if (!rule.IsDefault && Number.isInteger(priority)) priorities.push(priority);
          }
          Marker = page.NextMarker;
        } while (Marker);
      } catch (error) {
        throw new UserError(
          'LISTENER_RULES_UNREADABLE',
          `Could not read the rules of listener ${ListenerArn} (${(error as Error).name}: ${(error as Error).message}), so no free priority can be chosen for the new listener rule; nothing was written.`,
          ['Grant elasticloadbalancing:DescribeRules and run again.'],
          { cause: error },
        );
      }
      taken.set(ListenerArn, priorities);
    }),
  );
  return taken;
}

/** From a saved snapshot: only the rules its discovery read (those something references). */
export function takenPrioritiesFromSnapshot(snapshot: Snapshot): TakenPriorities {
  const taken = new Map<string, number[]>();
  for (const resource of snapshot.resources) {
    if (resource.type !== 'AWS::ElasticLoadBalancingV2::ListenerRule') continue;
    const listener = resource.properties.ListenerArn;
    const priority = Number(resource.properties.Priority);
    if (typeof listener !== 'string' || !Number.isInteger(priority)) continue;
    taken.set(listener, [...(taken.get(listener) ?? []), priority]);
  }
  return taken;
}
