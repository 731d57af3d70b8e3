/** Security groups, the console's service stack (load balancing), task definitions and the ECS service. */
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { CreateServiceCommand, RegisterTaskDefinitionCommand, type ContainerDefinition } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../../../src/aws/clients.js';
import type { DefaultNetwork } from './environment.js';
import type { Repos } from './foundation.js';
import { createConsoleStack, physicalIdOf } from './helpers.js';
import type { ConsoleNames } from './naming.js';
import { serviceTemplate } from './templates.js';

/** Security groups, then the console's service stack: load balancer, HTTPS listener, blue and green target groups. */
export async function createBalancing(
  clients: AwsClients,
  n: ConsoleNames,
  network: DefaultNetwork,
  certificateArn: string,
) {
  const albSecurityGroupId = await createSecurityGroup(
    clients,
    n.albSecurityGroup,
    'ALB: HTTPS from anywhere',
    network.vpcId,
  );
  const [serviceSecurityGroupId] = await Promise.all([
    createSecurityGroup(clients, n.serviceSecurityGroup, 'ECS service: HTTP from the ALB', network.vpcId).then(
      async (groupId) => {
        await clients.ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: groupId,
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: albSecurityGroupId }] },
            ],
          }),
        );
        return groupId;
      },
    ),
    clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: albSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    ),
  ]);
  const resources = await createConsoleStack(
    clients,
    n.serviceStack,
    serviceTemplate({ https: true, targetGroupNames: [n.blueTargetGroup, n.greenTargetGroup] }),
    {
      ECSClusterName: n.cluster,
      ECSServiceName: n.service,
      SecurityGroupIDs: [albSecurityGroupId],
      SubnetIDs: network.subnetIds,
      VpcID: network.vpcId,
      LoadBalancerName: n.loadBalancer,
      CertificateArn: certificateArn,
    },
  );
  return {
    albSecurityGroupId,
    serviceSecurityGroupId,
    loadBalancerArn: physicalIdOf(resources, 'LoadBalancer', n.serviceStack),
    listenerArn: physicalIdOf(resources, 'Listener', n.serviceStack),
    blueTargetGroupArn: physicalIdOf(resources, 'TargetGroup', n.serviceStack),
    greenTargetGroupArn: physicalIdOf(resources, 'TargetGroup2', n.serviceStack),
  };
}

export async function createSecurityGroup(
  clients: AwsClients,
  groupName: string,
  description: string,
  vpcId: string,
): Promise<string> {
  const created = await clients.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: groupName, Description: description, VpcId: vpcId }),
  );
  if (!created.GroupId) throw new Error(`CreateSecurityGroup ${groupName} returned no id`);
  return created.GroupId;
}

interface TaskContext {
  readonly region: string;
  readonly secretArn: string;
  readonly secretKeys: readonly string[];
  readonly repos: Repos;
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
}

/** Registers the family `revisions` times (the last is live); returns the ARNs in revision order. */
export async function registerTaskDefinitions(
  clients: AwsClients,
  n: ConsoleNames,
  revisions: number,
  context: TaskContext,
): Promise<string[]> {
  const logConfiguration = {
    logDriver: 'awslogs' as const,
    options: {
      'awslogs-group': n.taskLogGroup,
      'awslogs-region': context.region,
      'awslogs-stream-prefix': 'ecs',
      'awslogs-create-group': 'true',
    },
  };
  const secrets = context.secretKeys.map((key) => ({ name: key, valueFrom: `${context.secretArn}:${key}::` }));
  const containerDefinitions: ContainerDefinition[] = [
    {
      name: n.containers.nginx,
      image: `${context.repos.nginx.uri}:latest`,
      cpu: 0,
      essential: true,
      portMappings: [
        { containerPort: 80, hostPort: 80, protocol: 'tcp', name: `${n.containers.nginx}-80-tcp`, appProtocol: 'http' },
      ],
      environment: [
        { name: 'API_HOST', value: 'localhost' },
        { name: 'API_PORT', value: '8000' },
      ],
      logConfiguration,
    },
    {
      name: n.containers.api,
      image: `${context.repos.api.uri}:latest`,
      cpu: 0,
      essential: true,
      portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: 'tcp', name: `${n.containers.api}-8000-tcp` }],
      environment: [{ name: 'API_HOST', value: 'localhost' }],
      secrets,
      logConfiguration,
    },
    {
      name: n.containers.sidecar,
      image: `${context.repos.sidecar.uri}:latest`,
      cpu: 0,
      essential: false,
      portMappings: [
        { containerPort: 9000, hostPort: 9000, protocol: 'tcp', name: `${n.containers.sidecar}-9000-tcp` },
      ],
      environment: [{ name: 'API_HOST', value: 'localhost' }],
      secrets,
      logConfiguration,
    },
  ];
  const arns: string[] = [];
  for (let revision = 1; revision <= revisions; revision += 1) {
    const registered = await clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: n.family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '512',
        memory: '1024',
        runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
        executionRoleArn: context.executionRoleArn,
        taskRoleArn: context.taskRoleArn,
        containerDefinitions,
      }),
    );
    const arn = registered.taskDefinition?.taskDefinitionArn;
    if (!arn) throw new Error(`RegisterTaskDefinition ${n.family} returned no ARN`);
    arns.push(arn);
  }
  return arns;
}

export async function createService(
  clients: AwsClients,
  n: ConsoleNames,
  input: { taskDefinitionArn: string; network: DefaultNetwork; securityGroupIds: string[]; targetGroupArn: string },
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
      deploymentController: { type: 'CODE_DEPLOY' },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: input.network.subnetIds,
          securityGroups: input.securityGroupIds,
          assignPublicIp: 'ENABLED',
        },
      },
      loadBalancers: [{ targetGroupArn: input.targetGroupArn, containerName: n.containers.nginx, containerPort: 80 }],
      healthCheckGracePeriodSeconds: 120,
    }),
  );
  const arn = created.service?.serviceArn;
  if (!arn) throw new Error(`CreateService ${n.service} returned no ARN`);
  return arn;
}
