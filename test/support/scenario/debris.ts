/** What failed console attempts leave behind (old task definition revisions are registered by runtime.ts). */
import { CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../../../src/aws/clients.js';
import { createConsoleStack, physicalIdOf } from './helpers.js';
import type { ConsoleNames } from './naming.js';
import { debrisTemplate, debrisWithTopicTemplate } from './templates.js';

/** A failed attempt's service stack (only its target group survived) and a target group made by hand and forgotten. */
export async function createDebrisTargetGroups(clients: AwsClients, n: ConsoleNames, vpcId: string) {
  const [stackResources, stale] = await Promise.all([
    createConsoleStack(clients, n.debris.stack, debrisTemplate(), {
      ECSClusterName: n.cluster,
      ECSServiceName: n.service,
      VpcID: vpcId,
      TargetGroupName: n.debris.stackTargetGroup,
    }),
    clients.elbv2.send(
      new CreateTargetGroupCommand({
        Name: n.debris.staleTargetGroup,
        Protocol: 'HTTP',
        Port: 80,
        VpcId: vpcId,
        TargetType: 'ip',
        HealthCheckPath: '/',
      }),
    ),
  ]);
  const staleTargetGroupArn = stale.TargetGroups?.[0]?.TargetGroupArn;
  if (!staleTargetGroupArn) throw new Error(`CreateTargetGroup ${n.debris.staleTargetGroup} returned no ARN`);
  return {
    stackTargetGroupArn: physicalIdOf(stackResources, 'TargetGroup', n.debris.stack),
    staleTargetGroupArn,
  };
}

/**
 * The CodeDeploy app and group of an earlier attempt, whose service (`<name>-v1`)
 * no longer exists. Its target groups and listener went with that attempt's
 * load balancer, so the group names none: it points at nothing that still exists.
 */
export async function createDeadCodeDeploy(
  clients: AwsClients,
  n: ConsoleNames,
  serviceRoleArn: string,
): Promise<void> {
  await clients.codedeploy.send(
    new CreateApplicationCommand({ applicationName: n.debris.codeDeployApp, computePlatform: 'ECS' }),
  );
  await clients.codedeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: n.debris.codeDeployApp,
      deploymentGroupName: n.debris.deploymentGroup,
      serviceRoleArn,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      ecsServices: [{ clusterName: n.cluster, serviceName: n.debris.service }],
    }),
  );
}

/**
 * A debris-looking console service stack (only a target group left of the
 * service) that also owns an SNS topic. Returns the topic's ARN and the
 * target group's.
 */
export async function createDebrisStackWithTopic(
  clients: AwsClients,
  names: { stack: string; cluster: string; service: string; targetGroup: string; topic: string },
  vpcId: string,
): Promise<{ topicArn: string; targetGroupArn: string }> {
  const resources = await createConsoleStack(clients, names.stack, debrisWithTopicTemplate(), {
    ECSClusterName: names.cluster,
    ECSServiceName: names.service,
    VpcID: vpcId,
    TargetGroupName: names.targetGroup,
    TopicName: names.topic,
  });
  return {
    topicArn: physicalIdOf(resources, 'Alerts', names.stack),
    targetGroupArn: physicalIdOf(resources, 'TargetGroup', names.stack),
  };
}
