import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../../../src/aws/clients.js';
import { externalResources } from './console-stack.js';
import { createSecret, EXECUTION_POLICY_ARN } from './foundation.js';
import { callerAccount, defaultNetwork, trustPolicy } from './environment.js';
import { createConsoleStack, createRepositoryWithImage, createRole, physicalIdOf } from './helpers.js';
import { camelCase, consoleSuffix } from './naming.js';
import { serviceTemplate } from './templates.js';
import type { DecoyNames, ExpectedResource, ScenarioFacts } from './types.js';

/**
 * A smaller, unrelated stack in the same account and VPC: cluster, service,
 * task definition, execution role, repository, secret, and its own console
 * service stack (load balancer, HTTP listener, one target group). Give it a
 * name that shares a prefix but not tokens with the stack under test
 * (`bash-doghouse` beside `bash-dog`): discovery of the one must not pick up
 * the other. Its service uses the ECS deployment controller and the default
 * security group only; it shares only external resources.
 */
export async function buildDecoyStack(clients: AwsClients, name: string): Promise<ScenarioFacts<DecoyNames>> {
  const region = clients.region;
  const serviceStack = `ECS-Console-V2-Service-${name}-${name}-${consoleSuffix()}`;
  const executionRole = `${camelCase(name)}ExecutionRoleForECS`;
  const repositoryName = `${name}-web`;
  const targetGroupName = `${name}-main`;

  const [account, network, repo, secretArn, executionRoleArn] = await Promise.all([
    callerAccount(clients),
    defaultNetwork(clients),
    createRepositoryWithImage(clients, repositoryName),
    createSecret(clients, `${name}/ecs-envars`, { GREETING: 'hello-from-the-decoy' }),
    createRole(clients, {
      name: executionRole,
      trust: trustPolicy('ecs-tasks.amazonaws.com'),
      managedPolicyArns: [EXECUTION_POLICY_ARN],
    }),
    clients.ecs.send(new CreateClusterCommand({ clusterName: name })),
  ]);

  const [resources, registered] = await Promise.all([
    createConsoleStack(clients, serviceStack, serviceTemplate({ https: false, targetGroupNames: [targetGroupName] }), {
      ECSClusterName: name,
      ECSServiceName: name,
      SecurityGroupIDs: [network.defaultSecurityGroupId],
      SubnetIDs: network.subnetIds,
      VpcID: network.vpcId,
      LoadBalancerName: name,
    }),
    clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: name,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        executionRoleArn,
        containerDefinitions: [
          {
            name: repositoryName,
            image: `${repo.uri}:latest`,
            essential: true,
            portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
            secrets: [{ name: 'GREETING', valueFrom: `${secretArn}:GREETING::` }],
          },
        ],
      }),
    ),
  ]);
  const taskDefinitionArn = registered.taskDefinition?.taskDefinitionArn;
  if (!taskDefinitionArn) throw new Error(`RegisterTaskDefinition ${name} returned no ARN`);
  const targetGroupArn = physicalIdOf(resources, 'TargetGroup', serviceStack);

  const created = await clients.ecs.send(
    new CreateServiceCommand({
      cluster: name,
      serviceName: name,
      taskDefinition: taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
      deploymentController: { type: 'ECS' },
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: network.subnetIds,
          securityGroups: [network.defaultSecurityGroupId],
          assignPublicIp: 'ENABLED',
        },
      },
      loadBalancers: [{ targetGroupArn, containerName: repositoryName, containerPort: 80 }],
    }),
  );
  const serviceArn = created.service?.serviceArn;
  if (!serviceArn) throw new Error(`CreateService ${name} returned no ARN`);

  const names: DecoyNames = {
    stack: name,
    account,
    region,
    cluster: name,
    clusterArn: `arn:aws:ecs:${region}:${account}:cluster/${name}`,
    service: name,
    serviceArn,
    taskDefinitionArn,
    executionRole,
    repository: repositoryName,
    secretArn,
    loadBalancerArn: physicalIdOf(resources, 'LoadBalancer', serviceStack),
    listenerArn: physicalIdOf(resources, 'Listener', serviceStack),
    targetGroupArn,
    serviceStack,
    vpcId: network.vpcId,
    subnetIds: network.subnetIds,
    defaultSecurityGroupId: network.defaultSecurityGroupId,
  };
  const live: ExpectedResource[] = [
    { type: 'AWS::ECS::Cluster', physicalId: name },
    { type: 'AWS::ECS::Service', physicalId: serviceArn },
    { type: 'AWS::ECS::TaskDefinition', physicalId: taskDefinitionArn },
    { type: 'AWS::IAM::Role', physicalId: executionRole },
    { type: 'AWS::ECR::Repository', physicalId: repositoryName },
    { type: 'AWS::SecretsManager::Secret', physicalId: secretArn },
    { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', physicalId: names.loadBalancerArn },
    { type: 'AWS::ElasticLoadBalancingV2::Listener', physicalId: names.listenerArn },
    { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: targetGroupArn },
    { type: 'AWS::CloudFormation::Stack', physicalId: serviceStack },
  ];
  return {
    live,
    debris: [],
    external: externalResources(network),
    secret: { arn: secretArn, keys: ['GREETING'] },
    connection: null,
    names,
  };
}
