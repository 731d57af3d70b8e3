import { PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand, ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AttachRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../../src/aws/clients.js';
import type { ScenarioNames } from './scenario.js';

/**
 * Realistic changes made by hand in the console after `reclaim import`, for
 * the bundled example (`npm run fixtures`) and the tests that check what
 * drift makes of them. Each is one API call a person would cause.
 */
export const HAND_CHANGES = {
  /** Someone raised the task log retention from 30 days. */
  retentionInDays: 90,
  /** An inline policy added to the execution role to debug an S3 read. */
  inlinePolicyName: 'debug-s3-read',
  /** A port opened on the service security group for a quick test. */
  ingress: { port: 8080, cidr: '10.0.0.0/8' },
  /** A target group created by hand for a canary, next to the blue/green pair. */
  targetGroupName: (stack: string) => `${stack}-canary`,
} as const;

/**
 * What CodeDeploy does on a successful blue/green deployment: the listener
 * forwards to the other target group of the pair, and the service runs a new
 * revision of the same family, with a newly built image. Not drift.
 */
export async function completeBlueGreenDeployment(clients: AwsClients, names: ScenarioNames): Promise<string> {
  await clients.elbv2.send(
    new ModifyListenerCommand({
      ListenerArn: names.listenerArn,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: names.greenTargetGroupArn }],
    }),
  );
  const current = (
    await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: names.taskDefinitionArn }))
  ).taskDefinition!;
  const registered = await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: current.family!,
      taskRoleArn: current.taskRoleArn,
      executionRoleArn: current.executionRoleArn,
      networkMode: current.networkMode,
      requiresCompatibilities: current.requiresCompatibilities,
      cpu: current.cpu,
      memory: current.memory,
      containerDefinitions: current.containerDefinitions!.map((container) => ({
        ...container,
        image: container.image!.replace(/:latest$/, `@sha256:${'ab'.repeat(32)}`),
      })),
    }),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  await clients.ecs.send(
    new UpdateServiceCommand({ cluster: names.cluster, service: names.service, taskDefinition: arn }),
  );
  return arn;
}

/** The changes of `HAND_CHANGES`, made in the account; returns the ARN of the target group added. */
export async function makeHandChanges(clients: AwsClients, names: ScenarioNames): Promise<string> {
  await clients.logs.send(
    new PutRetentionPolicyCommand({ logGroupName: names.taskLogGroup, retentionInDays: HAND_CHANGES.retentionInDays }),
  );
  await clients.iam.send(
    new PutRolePolicyCommand({
      RoleName: names.executionRole,
      PolicyName: HAND_CHANGES.inlinePolicyName,
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${names.bucket}/*` }],
      }),
    }),
  );
  const { port, cidr } = HAND_CHANGES.ingress;
  await clients.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: names.serviceSecurityGroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] }],
    }),
  );
  const created = await clients.elbv2.send(
    new CreateTargetGroupCommand({
      Name: HAND_CHANGES.targetGroupName(names.stack),
      Protocol: 'HTTP',
      Port: 80,
      VpcId: names.vpcId,
      TargetType: 'ip',
    }),
  );
  return created.TargetGroups![0]!.TargetGroupArn!;
}

/**
 * Hand changes to what import saw unset: each widens access or keeps data
 * longer, and each is drift only because import recorded "unset" for it.
 */
export const ESCALATIONS = {
  /** An allow-everything inline policy on the CodeDeploy role, which had no inline policies. */
  inlinePolicyName: 'break-glass',
  /** Attached to the build role, which had no managed policies (needs MOTO_IAM_LOAD_MANAGED_POLICIES). */
  managedPolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
  /** A retention on the build log group, which never expired its events. */
  retentionInDays: 7,
} as const;

/** The changes of `ESCALATIONS`, made in the account. */
export async function makeEscalations(clients: AwsClients, names: ScenarioNames): Promise<void> {
  await clients.iam.send(
    new PutRolePolicyCommand({
      RoleName: names.codeDeployRole,
      PolicyName: ESCALATIONS.inlinePolicyName,
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
    }),
  );
  await clients.iam.send(
    new AttachRolePolicyCommand({ RoleName: names.buildRole, PolicyArn: ESCALATIONS.managedPolicyArn }),
  );
  await clients.logs.send(
    new PutRetentionPolicyCommand({
      logGroupName: names.buildLogGroup,
      retentionInDays: ESCALATIONS.retentionInDays,
    }),
  );
}
