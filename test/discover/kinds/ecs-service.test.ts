import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { ecsServiceHandler, listServicesInCluster } from '../../../src/discover/kinds/ecs-service.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

const where = { account: TEST_ACCOUNT, region: TEST_REGION };
const serviceArn = (cluster: string, name: string) =>
  `arn:aws:ecs:${TEST_REGION}:${TEST_ACCOUNT}:service/${cluster}/${name}`;

let moto: Moto;
let ctx: DiscoveryContext;
let subnetId: string;
let groupId: string;
let targetGroupArn: string;
let taskDefinitionArn: string;

// One stack for the whole file: every test only reads it.
beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  ctx = discoveryContext(clients);
  const vpc = await clients.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = vpc.Vpc!.VpcId!;
  subnetId = (await clients.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet!
    .SubnetId!;
  groupId = (
    await clients.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'svc', Description: 'svc', VpcId: vpcId }))
  ).GroupId!;
  targetGroupArn = (
    await clients.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'bash-dog-main',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: vpcId,
        TargetType: 'ip',
      }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'bash-dog' }));
  taskDefinitionArn = (
    await clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'bash-dog',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'bash-dog-nginx', image: 'nginx', portMappings: [{ containerPort: 80 }] }],
      }),
    )
  ).taskDefinition!.taskDefinitionArn!;
  await clients.ecs.send(
    new CreateServiceCommand({
      cluster: 'bash-dog',
      serviceName: 'bash-dog',
      taskDefinition: taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers: [{ containerName: 'bash-dog-nginx', containerPort: 80, targetGroupArn }],
      networkConfiguration: {
        awsvpcConfiguration: { subnets: [subnetId], securityGroups: [groupId], assignPublicIp: 'ENABLED' },
      },
      propagateTags: 'SERVICE',
      tags: [{ key: 'app', value: 'bash-dog' }],
    }),
  );
  await clients.ecs.send(
    new CreateServiceCommand({
      cluster: 'bash-dog',
      serviceName: 'gone',
      taskDefinition: taskDefinitionArn,
      desiredCount: 0,
    }),
  );
  await clients.ecs.send(new DeleteServiceCommand({ cluster: 'bash-dog', service: 'gone' }));
});
afterAll(async () => {
  await moto.stop();
});

describe('AWS::ECS::Service', () => {
  it('canonicalizes cluster/service and ARNs to the long-format ARN', () => {
    expect(ecsServiceHandler.canonicalId!('bash-dog/api', where)).toBe(serviceArn('bash-dog', 'api'));
    expect(ecsServiceHandler.canonicalId!(serviceArn('bash-dog', 'api'), where)).toBe(serviceArn('bash-dog', 'api'));
    // A short-format ARN does not say the cluster: left as is for read to report.
    const short = `arn:aws:ecs:${TEST_REGION}:${TEST_ACCOUNT}:service/api`;
    expect(ecsServiceHandler.canonicalId!(short, where)).toBe(short);
  });

  it('reads a blue/green service in CloudFormation shape with its references', async () => {
    const result = await ecsServiceHandler.read(ctx, [serviceArn('bash-dog', 'bash-dog')]);

    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const service = result.resources[0]!;
    expect(service).toMatchObject({
      type: 'AWS::ECS::Service',
      physicalId: serviceArn('bash-dog', 'bash-dog'),
      name: 'bash-dog',
      aliases: ['bash-dog/bash-dog'],
      tags: { app: 'bash-dog' },
      attributes: { Status: 'ACTIVE', RunningCount: 0, Arn: serviceArn('bash-dog', 'bash-dog') },
    });
    expect(service.properties).toMatchObject({
      ServiceName: 'bash-dog',
      Cluster: 'bash-dog',
      TaskDefinition: taskDefinitionArn,
      DesiredCount: 1,
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      DeploymentController: { Type: 'CODE_DEPLOY' },
      LoadBalancers: [{ ContainerName: 'bash-dog-nginx', ContainerPort: 80, TargetGroupArn: targetGroupArn }],
      NetworkConfiguration: {
        AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', SecurityGroups: [groupId], Subnets: [subnetId] },
      },
      SchedulingStrategy: 'REPLICA',
      PropagateTags: 'SERVICE',
    });
    expect(JSON.stringify(service)).not.toContain('undefined');
    expect(service.references).toEqual([
      { type: 'AWS::ECS::Cluster', id: 'bash-dog', via: 'Cluster', kind: 'reference' },
      { type: 'AWS::ECS::TaskDefinition', id: taskDefinitionArn, via: 'TaskDefinition', kind: 'reference' },
      {
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        id: targetGroupArn,
        via: 'LoadBalancers.0.TargetGroupArn',
        kind: 'reference',
      },
      {
        type: 'AWS::EC2::Subnet',
        id: subnetId,
        via: 'NetworkConfiguration.AwsvpcConfiguration.Subnets.0',
        kind: 'reference',
      },
      {
        type: 'AWS::EC2::SecurityGroup',
        id: groupId,
        via: 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.0',
        kind: 'reference',
      },
    ]);
  });

  it('treats INACTIVE, MISSING and services of a missing cluster as absent; short ids are an issue', async () => {
    const result = await ecsServiceHandler.read(ctx, [
      'bash-dog/gone',
      'bash-dog/never-was',
      serviceArn('no-such-cluster', 'api'),
      `arn:aws:ecs:${TEST_REGION}:${TEST_ACCOUNT}:service/short-format`,
    ]);
    expect(result.resources).toEqual([]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      code: 'UnresolvableServiceId',
      physicalIds: [`arn:aws:ecs:${TEST_REGION}:${TEST_ACCOUNT}:service/short-format`],
    });
  });

  it('lists the services of a cluster as long-format ARNs; a missing cluster has none', async () => {
    const arns = await listServicesInCluster(ctx, `arn:aws:ecs:${TEST_REGION}:${TEST_ACCOUNT}:cluster/bash-dog`);
    // moto keeps the deleted service listed; reading it drops it.
    expect(arns).toContain(serviceArn('bash-dog', 'bash-dog'));
    expect(await listServicesInCluster(ctx, 'no-such-cluster')).toEqual([]);
  });

  it('batches at most 10 services per DescribeServices call, grouped by cluster', async () => {
    const ids = Array.from({ length: 11 }, (_, i) => `bash-dog/s${i}`).concat(['other/s0']);
    const before = ctx.clients.counter.snapshot().callsByOperation['ecs:DescribeServices'] ?? 0;
    await ecsServiceHandler.read(ctx, ids);
    expect(ctx.clients.counter.snapshot().callsByOperation['ecs:DescribeServices']! - before).toBe(3);
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const clients = moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const broken: DiscoveryContext = { ...ctx, clients };
    const result = await ecsServiceHandler.read(broken, ['bash-dog/bash-dog']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 'ecs:DescribeServices', physicalIds: [serviceArn('bash-dog', 'bash-dog')] }),
    ]);
  });
});
