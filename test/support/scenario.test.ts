import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { BatchGetProjectsCommand } from '@aws-sdk/client-codebuild';
import { GetDeploymentGroupCommand, ListApplicationsCommand } from '@aws-sdk/client-codedeploy';
import type { GetPipelineCommandOutput } from '@aws-sdk/client-codepipeline';
import { GetConnectionCommand, ListTagsForResourceCommand } from '@aws-sdk/client-codestar-connections';
import { DescribeImagesCommand, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import { DescribeListenersCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { recordCodeStarConnections } from './codestar-recorded.js';
import { startMoto, type Moto } from './moto.js';
import {
  buildConsoleStack,
  buildDecoyStack,
  KNOWN_SECRET_VALUE,
  type DecoyNames,
  type ScenarioFacts,
} from './scenario.js';

let moto: Moto;
let clients: AwsClients;
let bashDog: ScenarioFacts;
let decoy: ScenarioFacts<DecoyNames>;
const timings: Record<string, number> = {};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

/** One JSON-protocol call to moto without the SDK, for reads whose moto answers the SDK cannot deserialize. */
async function motoJson(service: string, target: string, body: object): Promise<unknown> {
  const response = await fetch(`${moto.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      // moto takes region and service from the credential scope; nothing is verified.
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20240101/${clients.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${target}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

beforeAll(async () => {
  moto = await startMoto();
  clients = moto.clients();
  bashDog = await timed('bash-dog', () => buildConsoleStack(clients, { name: 'bash-dog' }));
  decoy = await timed('bash-doghouse', () => buildDecoyStack(clients, 'bash-doghouse'));
});
afterAll(async () => {
  console.info(`scenario build times (ms): ${JSON.stringify(timings)}`);
  await moto?.stop();
});

describe('buildConsoleStack (bash-dog)', () => {
  it('creates a CODE_DEPLOY Fargate service behind the main target group, with the service and default security groups', async () => {
    const { services } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: bashDog.names.cluster, services: [bashDog.names.service] }),
    );
    const service = services?.[0];
    expect(service?.serviceArn).toBe(bashDog.names.serviceArn);
    expect(service?.deploymentController?.type).toBe('CODE_DEPLOY');
    expect(service?.launchType).toBe('FARGATE');
    expect(service?.desiredCount).toBe(1);
    expect(service?.taskDefinition).toBe(bashDog.names.taskDefinitionArn);
    // healthCheckGracePeriodSeconds (120) is sent, but moto 5.2.1 drops it: DescribeServices never returns it.
    const network = service?.networkConfiguration?.awsvpcConfiguration;
    expect(network?.assignPublicIp).toBe('ENABLED');
    expect(network?.subnets).toEqual(bashDog.names.subnetIds);
    expect(network?.securityGroups).toEqual([
      bashDog.names.serviceSecurityGroupId,
      bashDog.names.defaultSecurityGroupId,
    ]);
    expect(service?.loadBalancers).toEqual([
      { targetGroupArn: bashDog.names.blueTargetGroupArn, containerName: 'bash-dog-nginx', containerPort: 80 },
    ]);
  });

  it('registers three revisions of the Fargate task definition, the last live, with secrets by key', async () => {
    const listed = await clients.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'bash-dog' }));
    expect(listed.taskDefinitionArns?.map((arn) => arn.split(':').pop())).toEqual(['1', '2', '3']);
    expect(bashDog.names.taskDefinitionArn).toMatch(/task-definition\/bash-dog:3$/);
    const { taskDefinition } = await clients.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: bashDog.names.taskDefinitionArn }),
    );
    expect(taskDefinition?.cpu).toBe('512');
    expect(taskDefinition?.memory).toBe('1024');
    expect(taskDefinition?.networkMode).toBe('awsvpc');
    expect(taskDefinition?.executionRoleArn).toBe(bashDog.names.executionRoleArn);
    expect(taskDefinition?.taskRoleArn).toBe(bashDog.names.taskRoleArn);
    const containers = taskDefinition?.containerDefinitions ?? [];
    expect(containers.map((c) => c.name)).toEqual(['bash-dog-nginx', 'bash-dog-api', 'bash-dog-sidecar']);
    expect(containers[1]?.image).toBe('123456789012.dkr.ecr.us-east-2.amazonaws.com/bash-dog-api:latest');
    expect(containers[1]?.secrets).toContainEqual({
      name: 'DB_PASSWORD',
      valueFrom: `${bashDog.secret.arn}:DB_PASSWORD::`,
    });
    expect(containers[0]?.logConfiguration?.options?.['awslogs-group']).toBe('/ecs/bash-dog');
  });

  it('stores the envars secret with two JSON keys', async () => {
    const described = await clients.secretsManager.send(new DescribeSecretCommand({ SecretId: bashDog.secret.arn }));
    expect(described.Name).toBe('bash-dog/ecs-envars');
    expect(bashDog.secret.keys).toEqual(['DB_PASSWORD', 'API_TOKEN']);
    const value = await clients.secretsManager.send(new GetSecretValueCommand({ SecretId: bashDog.secret.arn }));
    expect(Object.keys(JSON.parse(value.SecretString ?? '{}'))).toEqual(bashDog.secret.keys);
    expect(value.SecretString).toContain(KNOWN_SECRET_VALUE);
  });

  it('leaves the console stacks CREATE_COMPLETE', async () => {
    for (const stackName of [bashDog.names.clusterStack, bashDog.names.serviceStack, bashDog.names.debrisStack]) {
      const { Stacks } = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
      expect(Stacks?.[0]?.StackStatus, stackName).toBe('CREATE_COMPLETE');
    }
    expect(bashDog.names.clusterStack).toMatch(/^Infra-ECS-Cluster-bash-dog-[0-9a-f]{8}$/);
    expect(bashDog.names.serviceStack).toMatch(/^ECS-Console-V2-Service-bash-dog-bash-dog-[0-9a-f]{8}$/);
  });

  it('serves HTTPS on 443 with the imported certificate', async () => {
    const { Listeners } = await clients.elbv2.send(
      new DescribeListenersCommand({ LoadBalancerArn: bashDog.names.loadBalancerArn }),
    );
    expect(Listeners).toHaveLength(1);
    expect(Listeners?.[0]?.ListenerArn).toBe(bashDog.names.listenerArn);
    expect(Listeners?.[0]?.Port).toBe(443);
    expect(Listeners?.[0]?.Protocol).toBe('HTTPS');
    expect(Listeners?.[0]?.Certificates?.[0]?.CertificateArn).toBe(bashDog.names.certificateArn);
    const { Certificate } = await clients.acm.send(
      new DescribeCertificateCommand({ CertificateArn: bashDog.names.certificateArn }),
    );
    expect(Certificate?.SubjectAlternativeNames).toEqual(expect.arrayContaining(['example.com', '*.example.com']));
  });

  it('wires the CodeDeploy deployment group to the service, both target groups and the listener', async () => {
    const { deploymentGroupInfo: group } = await clients.codedeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: 'AppECS-bash-dog-bash-dog',
        deploymentGroupName: 'DgpECS-bash-dog-bash-dog',
      }),
    );
    expect(group?.serviceRoleArn).toBe(bashDog.names.codeDeployRoleArn);
    expect(group?.deploymentConfigName).toBe('CodeDeployDefault.ECSAllAtOnce');
    expect(group?.deploymentStyle).toEqual({ deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' });
    expect(group?.ecsServices).toEqual([{ clusterName: 'bash-dog', serviceName: 'bash-dog' }]);
    const pair = group?.loadBalancerInfo?.targetGroupPairInfoList?.[0];
    expect(pair?.targetGroups?.map((t) => t.name)).toEqual(['bash-dog-main', 'bash-dog-secondary']);
    expect(pair?.prodTrafficRoute?.listenerArns).toEqual([bashDog.names.listenerArn]);
  });

  it('creates the console-named roles with their policies', async () => {
    const [execution, attached, inline, build] = await Promise.all([
      clients.iam.send(new GetRoleCommand({ RoleName: 'bashDogExecutionRoleForECS' })),
      clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'bashDogExecutionRoleForECS' })),
      clients.iam.send(new ListRolePoliciesCommand({ RoleName: 'codebuild-bash-dog-build-project-service-role' })),
      clients.iam.send(new GetRoleCommand({ RoleName: 'codebuild-bash-dog-build-project-service-role' })),
    ]);
    expect(decodeURIComponent(execution.Role?.AssumeRolePolicyDocument ?? '')).toContain('ecs-tasks.amazonaws.com');
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AmazonECSTaskExecutionRolePolicy']);
    expect(inline.PolicyNames).toEqual(['CodeBuildBasePolicy-bash-dog-build-project-us-east-2']);
    expect(build.Role?.Arn).toBe(bashDog.names.buildRoleArn);
  });

  it('creates the repositories with an image, log groups, bucket, build project and pipeline', async () => {
    const repos = await clients.ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: ['bash-dog-api', 'bash-dog-sidecar', 'bash-dog-nginx'] }),
    );
    expect(repos.repositories?.every((r) => r.imageTagMutability === 'MUTABLE')).toBe(true);
    const images = await clients.ecr.send(new DescribeImagesCommand({ repositoryName: 'bash-dog-nginx' }));
    expect(images.imageDetails?.[0]?.imageTags).toEqual(['latest']);

    const logs = await clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/bash-dog' }));
    expect(logs.logGroups?.[0]?.retentionInDays).toBe(30);
    await clients.s3.send(new HeadBucketCommand({ Bucket: bashDog.names.bucket }));
    expect(bashDog.names.bucket).toMatch(/^codepipeline-us-east-2-\d{12}$/);

    const { projects } = await clients.codebuild.send(
      new BatchGetProjectsCommand({ names: ['bash-dog-build-project'] }),
    );
    expect(projects?.[0]?.environment?.image).toBe('aws/codebuild/amazonlinux2-x86_64-standard:4.0');
    expect(projects?.[0]?.environment?.privilegedMode).toBe(true);
    expect(projects?.[0]?.serviceRole).toBe(bashDog.names.buildRoleArn);
    expect(projects?.[0]?.logsConfig?.cloudWatchLogs?.groupName).toBe('/aws/codebuild/bash-dog');

    // moto 5.2.1 answers GetPipeline with ISO-string timestamps in pipeline metadata, which the SDK's JSON 1.1
    // deserializer rejects ("Expected real number"); read the pipeline over raw JSON instead.
    const { pipeline } = (await motoJson('codepipeline', 'CodePipeline_20150709.GetPipeline', {
      name: 'bash-dog-pipeline',
    })) as GetPipelineCommandOutput;
    expect(pipeline?.roleArn).toBe(bashDog.names.pipelineRoleArn);
    expect(pipeline?.artifactStore).toEqual({ type: 'S3', location: bashDog.names.bucket });
    expect(pipeline?.stages?.map((s) => s.name)).toEqual(['Source', 'Build', 'Deploy']);
    expect(pipeline?.stages?.[0]?.actions?.[0]?.configuration?.ConnectionArn).toBe(bashDog.names.connectionArn);
    expect(pipeline?.stages?.[1]?.actions?.[0]?.configuration?.ProjectName).toBe('bash-dog-build-project');
    expect(pipeline?.stages?.[2]?.actions?.[0]?.configuration?.DeploymentGroupName).toBe('DgpECS-bash-dog-bash-dog');
  });

  it('leaves the debris of failed attempts', async () => {
    expect(bashDog.debris.map((d) => d.type)).toEqual([
      'AWS::CloudFormation::Stack',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'AWS::CodeDeploy::Application',
      'AWS::CodeDeploy::DeploymentGroup',
      'AWS::ECS::TaskDefinition',
      'AWS::ECS::TaskDefinition',
    ]);
    const { TargetGroups } = await clients.elbv2.send(
      new DescribeTargetGroupsCommand({ Names: ['bash-dog-old-main', 'bash-dog-tg-stale'] }),
    );
    expect(TargetGroups?.every((tg) => (tg.LoadBalancerArns ?? []).length === 0)).toBe(true);
    const { deploymentGroupInfo } = await clients.codedeploy.send(
      new GetDeploymentGroupCommand({
        applicationName: 'AppECS-bash-dog-bash-dog-v1',
        deploymentGroupName: 'DgpECS-bash-dog-bash-dog-v1',
      }),
    );
    expect(deploymentGroupInfo?.ecsServices).toEqual([{ clusterName: 'bash-dog', serviceName: 'bash-dog-v1' }]);
    const { services } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'bash-dog', services: ['bash-dog-v1'] }),
    );
    expect(services ?? []).toHaveLength(0);
  });

  it('lists live, debris and external resources without overlap', () => {
    const key = (r: { type: string; physicalId: string }) => `${r.type} ${r.physicalId}`;
    const all = [...bashDog.live, ...bashDog.debris, ...bashDog.external].map(key);
    expect(new Set(all).size).toBe(all.length);
    expect(bashDog.live).toHaveLength(29);
    expect(bashDog.external.map((r) => r.type)).toEqual([
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::EC2::Subnet',
      'AWS::EC2::SecurityGroup',
    ]);
    expect(all.some((id) => id.includes(KNOWN_SECRET_VALUE))).toBe(false);
  });

  it('answers CodeStar Connections from the recording while every other call still reaches moto', async () => {
    const connection = bashDog.connection!;
    const stop = recordCodeStarConnections(moto.endpoint, [connection]);
    try {
      const got = await clients.codestarConnections.send(new GetConnectionCommand({ ConnectionArn: connection.arn }));
      expect(got.Connection).toMatchObject({
        ConnectionArn: connection.arn,
        ConnectionName: 'bash-dog-github',
        ConnectionStatus: 'AVAILABLE',
        ProviderType: 'GitHub',
        OwnerAccountId: '123456789012',
      });
      const tags = await clients.codestarConnections.send(
        new ListTagsForResourceCommand({ ResourceArn: connection.arn }),
      );
      expect(tags.Tags).toEqual([]);
      await expect(
        clients.codestarConnections.send(
          new GetConnectionCommand({ ConnectionArn: connection.arn.replace(/[0-9a-f]{4}$/, '0000') }),
        ),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const apps = await clients.codedeploy.send(new ListApplicationsCommand({}));
      expect(apps.applications).toContain('AppECS-bash-dog-bash-dog');
    } finally {
      stop();
    }
  });
});

describe('buildDecoyStack (bash-doghouse)', () => {
  it('builds a separate small stack whose names share a prefix but not tokens', async () => {
    expect(decoy.live.every((r) => !r.physicalId.includes('bash-dog-') && !r.physicalId.endsWith('/bash-dog'))).toBe(
      true,
    );
    const { services } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'bash-doghouse', services: ['bash-doghouse'] }),
    );
    expect(services?.[0]?.deploymentController?.type).toBe('ECS');
    const { Stacks } = await clients.cloudformation.send(
      new DescribeStacksCommand({ StackName: decoy.names.serviceStack }),
    );
    expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    expect(decoy.names.executionRole).toBe('bashDoghouseExecutionRoleForECS');
  });
});

describe('a second console stack on the same server', () => {
  it('builds kiwi-cart without colliding with bash-dog', async () => {
    const kiwi = await timed('kiwi-cart', () => buildConsoleStack(clients, { name: 'kiwi-cart', withDebris: false }));
    expect(kiwi.names.executionRole).toBe('kiwiCartExecutionRoleForECS');
    expect(kiwi.names.taskDefinitionArn).toMatch(/task-definition\/kiwi-cart:1$/);
    expect(kiwi.debris).toEqual([]);
    expect(kiwi.names.debrisStack).toBe('');
    const bashIds = new Set([...bashDog.live, ...bashDog.debris].map((r) => r.physicalId));
    expect(kiwi.live.filter((r) => bashIds.has(r.physicalId))).toEqual([]);
    for (const resource of kiwi.live) {
      if (resource.type === 'AWS::S3::Bucket' || resource.type.startsWith('AWS::CertificateManager')) continue;
      if (resource.type === 'AWS::EC2::SecurityGroup' || resource.type === 'AWS::CodeStarConnections::Connection')
        continue;
      expect(resource.physicalId, resource.type).toMatch(/kiwi-?cart|kiwiCart/);
    }
    const { StackSummaries } = await clients.cloudformation.send(
      new ListStacksCommand({ StackStatusFilter: ['CREATE_COMPLETE'] }),
    );
    expect(StackSummaries?.filter((s) => s.StackName?.includes('kiwi-cart'))).toHaveLength(2);
    const { services } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'kiwi-cart', services: ['kiwi-cart'] }),
    );
    expect(services?.[0]?.networkConfiguration?.awsvpcConfiguration?.securityGroups).toHaveLength(2);
  });
});
