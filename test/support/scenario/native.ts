/**
 * What ECS-native blue/green (ECS deployment controller, BLUE_GREEN strategy)
 * needs beside the guide's load balancer: listener rules ECS shifts traffic
 * with, an infrastructure role ECS assumes to do it, and the service itself.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-implementation.html
 * The emulator drops the service's native fields: create the service through
 * `startEcsNativeProxy` (../ecs-native-proxy.ts).
 */
import { CreateRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateServiceCommand } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../../../src/aws/clients.js';
import type { DefaultNetwork } from './environment.js';
import { trustPolicy } from './environment.js';
import { createRole } from './helpers.js';
import type { ConsoleNames } from './naming.js';

export const ECS_INFRASTRUCTURE_LB_POLICY_ARN =
  'arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers';

export const NATIVE_BAKE_TIME_MINUTES = 5;

export interface NativeParts {
  readonly infrastructureRole: string;
  readonly infrastructureRoleArn: string;
  readonly productionRuleArn: string;
  readonly testRuleArn: string;
}

export function infrastructureRoleName(n: ConsoleNames): string {
  return `${n.cluster}-ecs-infrastructure-role`;
}

/** The infrastructure role and two rules on the HTTPS listener, both forwarding to blue (weight 100) and green (0). */
export async function createNativeParts(
  clients: AwsClients,
  n: ConsoleNames,
  lb: { listenerArn: string; blueTargetGroupArn: string; greenTargetGroupArn: string },
): Promise<NativeParts> {
  const infrastructureRole = infrastructureRoleName(n);
  const forward = [
    {
      Type: 'forward' as const,
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: lb.blueTargetGroupArn, Weight: 100 },
          { TargetGroupArn: lb.greenTargetGroupArn, Weight: 0 },
        ],
      },
    },
  ];
  const [infrastructureRoleArn, testRule, productionRule] = await Promise.all([
    createRole(clients, {
      name: infrastructureRole,
      trust: trustPolicy('ecs.amazonaws.com'),
      managedPolicyArns: [ECS_INFRASTRUCTURE_LB_POLICY_ARN],
      description: 'Lets ECS shift traffic between the blue and green target groups',
    }),
    clients.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: lb.listenerArn,
        Priority: 1,
        Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Test', Values: ['true'] } }],
        Actions: forward,
      }),
    ),
    clients.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: lb.listenerArn,
        Priority: 2,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
        Actions: forward,
      }),
    ),
  ]);
  const productionRuleArn = productionRule.Rules?.[0]?.RuleArn;
  const testRuleArn = testRule.Rules?.[0]?.RuleArn;
  if (!productionRuleArn || !testRuleArn) throw new Error('CreateRule returned no rule ARN');
  return { infrastructureRole, infrastructureRoleArn, productionRuleArn, testRuleArn };
}

export async function createNativeService(
  clients: AwsClients,
  n: ConsoleNames,
  input: {
    taskDefinitionArn: string;
    network: DefaultNetwork;
    securityGroupIds: string[];
    blueTargetGroupArn: string;
    greenTargetGroupArn: string;
    parts: NativeParts;
  },
): Promise<string> {
  const created = await clients.ecs.send(
    new CreateServiceCommand({
      cluster: n.cluster,
      serviceName: n.service,
      taskDefinition: input.taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: 'ECS' },
      deploymentConfiguration: {
        strategy: 'BLUE_GREEN',
        bakeTimeInMinutes: NATIVE_BAKE_TIME_MINUTES,
        maximumPercent: 200,
        minimumHealthyPercent: 100,
      },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: input.network.subnetIds,
          securityGroups: input.securityGroupIds,
          assignPublicIp: 'ENABLED',
        },
      },
      loadBalancers: [
        {
          targetGroupArn: input.blueTargetGroupArn,
          containerName: n.containers.nginx,
          containerPort: 80,
          advancedConfiguration: {
            alternateTargetGroupArn: input.greenTargetGroupArn,
            productionListenerRule: input.parts.productionRuleArn,
            testListenerRule: input.parts.testRuleArn,
            roleArn: input.parts.infrastructureRoleArn,
          },
        },
      ],
      healthCheckGracePeriodSeconds: 120,
    }),
  );
  const arn = created.service?.serviceArn;
  if (!arn) throw new Error(`CreateService ${n.service} returned no ARN`);
  return arn;
}
