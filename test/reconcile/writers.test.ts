import { randomUUID } from 'node:crypto';
import {
  CreateStackCommand,
  DescribeStacksCommand,
  ListStacksCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { DescribeLogGroupsCommand, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { BatchGetProjectsCommand, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { CreatePipelineCommand, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  CreateSecurityGroupCommand,
} from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  DeleteObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import type { DeleteChange } from '../../src/model/plan.js';
import { asLogicalId } from '../../src/model/resource.js';
import type { ManagedType } from '../../src/model/resource-type.js';
import type { WriterContext } from '../../src/reconcile/kind-writer.js';
import { WRITERS } from '../../src/reconcile/writers/registry.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../support/moto.js';
import { defaultNetwork, importOriginCertificate, trustPolicy } from '../support/scenario/environment.js';
import { createRepositoryWithImage, createRole } from '../support/scenario/helpers.js';
import { recordCodeDeployDeletes, type CodeDeployRecording } from './support/codedeploy-recorded.js';
import { recordCodeStarWithDeletes } from './support/codestar-deletes-recorded.js';
import { recordDeleteFailedStack } from './support/cloudformation-recorded.js';

// Everything here runs against the emulator, except what it lacks, which is recorded HTTP:
// CodeDeploy DeleteDeploymentGroup / DeleteApplication (./support/codedeploy-recorded.ts) and
// CodeStar Connections (./support/codestar-deletes-recorded.ts).
let moto: Moto;
let aws: AwsClients;
let codeDeploy: CodeDeployRecording;

const FAST = { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 2 };

function context(overrides: Partial<WriterContext> = {}): WriterContext {
  return {
    clients: aws,
    account: TEST_ACCOUNT,
    region: TEST_REGION,
    options: { forceDeleteSecrets: false, allowSecretWrites: false },
    wait: FAST,
    willDelete: () => false,
    note: () => undefined,
    ...overrides,
  };
}

function change(type: ManagedType, physicalId: string, extra: Partial<DeleteChange> = {}): DeleteChange {
  return {
    action: 'delete',
    id: asLogicalId('Thing'),
    type,
    physicalId,
    reason: 'test',
    properties: {},
    attributes: {},
    ...extra,
  };
}

const remove = (type: ManagedType, physicalId: string, ctx = context(), extra: Partial<DeleteChange> = {}) =>
  WRITERS.get(type)!.delete!(ctx, change(type, physicalId, extra));

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  moto = await startMoto();
  aws = moto.clients();
  codeDeploy = recordCodeDeployDeletes(moto.endpoint);
});

afterAll(async () => {
  codeDeploy?.stop();
  await moto?.stop();
});

describe('writers delete, and a second delete finds the resource already gone', () => {
  it('has a writer with delete for every managed type, and none for VPCs or subnets', () => {
    // Cloudflare zones and origin certificates are never deleted: their writers refuse it.
    const neverDeleted = ['Cloudflare::DNS::Zone', 'Cloudflare::SSL::OriginCACertificate'];
    for (const [type, writer] of WRITERS) {
      if (neverDeleted.includes(type)) expect(writer.delete, type).toBeUndefined();
      else expect(writer.delete, type).toBeTypeOf('function');
    }
    expect(WRITERS.size).toBe(23);
    expect(WRITERS.has('AWS::EC2::VPC')).toBe(false);
    expect(WRITERS.has('AWS::EC2::Subnet')).toBe(false);
  });

  it('deletes a repository with its images', async () => {
    const name = unique('repo');
    await createRepositoryWithImage(aws, name);
    expect(await remove('AWS::ECR::Repository', name)).toBe('deleted');
    await expect(aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))).rejects.toThrow(/not/i);
    expect(await remove('AWS::ECR::Repository', name)).toBe('already-gone');
  });

  it('schedules a secret with a 7-day recovery window, or deletes it at once when forced', async () => {
    const kept = await aws.secretsManager.send(
      new CreateSecretCommand({ Name: unique('s'), SecretString: '{"A":"b"}' }),
    );
    expect(await remove('AWS::SecretsManager::Secret', kept.ARN!)).toBe('deleted');
    const scheduled = await aws.secretsManager.send(new DescribeSecretCommand({ SecretId: kept.ARN! }));
    expect(scheduled.DeletedDate).toBeInstanceOf(Date);
    expect(await remove('AWS::SecretsManager::Secret', kept.ARN!)).toBe('already-gone');

    const name = unique('s');
    const forced = await aws.secretsManager.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const ctx = context({ options: { forceDeleteSecrets: true, allowSecretWrites: false } });
    expect(await remove('AWS::SecretsManager::Secret', forced.ARN!, ctx)).toBe('deleted');
    // The name is free again at once.
    await aws.secretsManager.send(new CreateSecretCommand({ Name: name, SecretString: 'y' }));
  });

  it('detaches and deletes a role’s policies, then the role; refuses a role in an instance profile', async () => {
    const name = unique('role');
    await createRole(aws, {
      name,
      trust: trustPolicy('ecs-tasks.amazonaws.com'),
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
      inlinePolicies: {
        Inline: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        }),
      },
    });
    expect(await remove('AWS::IAM::Role', name)).toBe('deleted');
    await expect(aws.iam.send(new GetRoleCommand({ RoleName: name }))).rejects.toThrow();
    expect(await remove('AWS::IAM::Role', name)).toBe('already-gone');

    const ec2Role = unique('role');
    await createRole(aws, { name: ec2Role, trust: trustPolicy('ec2.amazonaws.com') });
    await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: ec2Role }));
    await aws.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: ec2Role, RoleName: ec2Role }));
    await expect(remove('AWS::IAM::Role', ec2Role)).rejects.toThrow(/instance profile/);
    await aws.iam.send(new GetRoleCommand({ RoleName: ec2Role }));
  });

  it('empties a versioned bucket (every version and delete marker), then deletes it', async () => {
    const bucket = unique('bucket');
    await aws.s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: TEST_REGION } }),
    );
    await aws.s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    for (const body of ['one', 'two'])
      await aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'artifact.zip', Body: body }));
    await aws.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'artifact.zip' }));
    const notes: string[] = [];
    expect(await remove('AWS::S3::Bucket', bucket, context({ note: (m) => notes.push(m) }))).toBe('deleted');
    expect(notes.join()).toMatch(/3 object version/);
    await expect(aws.s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toThrow();
    expect(await remove('AWS::S3::Bucket', bucket)).toBe('already-gone');
  });

  it('deletes a log group', async () => {
    const name = `/ecs/${unique('lg')}`;
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    expect(await remove('AWS::Logs::LogGroup', name)).toBe('deleted');
    const left = await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    expect(left.logGroups ?? []).toEqual([]);
    expect(await remove('AWS::Logs::LogGroup', name)).toBe('already-gone');
  });

  it('deletes two security groups that allow each other, never one that a group outside the plan refers to, never a default group', async () => {
    const network = await defaultNetwork(aws);
    const group = async (name: string) =>
      (
        await aws.ec2.send(
          new CreateSecurityGroupCommand({ GroupName: unique(name), Description: name, VpcId: network.vpcId }),
        )
      ).GroupId!;
    const allow = (to: string, from: string) =>
      aws.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: to,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: from }] }],
        }),
      );
    const [a, b, outsider, referenced] = await Promise.all([
      group('a'),
      group('b'),
      group('outsider'),
      group('referenced'),
    ]);
    await Promise.all([allow(a, b), allow(b, a), allow(outsider, referenced)]);

    const both = context({ willDelete: (type, id) => type === 'AWS::EC2::SecurityGroup' && (id === a || id === b) });
    expect(await remove('AWS::EC2::SecurityGroup', a, both)).toBe('deleted');
    const bNow = await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [b] }));
    expect(bNow.SecurityGroups?.[0]?.IpPermissions ?? []).toEqual([]);
    expect(await remove('AWS::EC2::SecurityGroup', b, both)).toBe('deleted');
    expect(await remove('AWS::EC2::SecurityGroup', a, both)).toBe('already-gone');

    await expect(remove('AWS::EC2::SecurityGroup', referenced)).rejects.toThrow(
      new RegExp(`${outsider}.*still refers`),
    );
    await expect(remove('AWS::EC2::SecurityGroup', network.defaultSecurityGroupId)).rejects.toThrow(
      /default security group/,
    );
    const still = await aws.ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [referenced, network.defaultSecurityGroupId] }),
    );
    expect(still.SecurityGroups).toHaveLength(2);
  });

  it('deletes a listener, its load balancer, and a target group', async () => {
    const network = await defaultNetwork(aws);
    const lb = await aws.elbv2.send(new CreateLoadBalancerCommand({ Name: unique('lb'), Subnets: network.subnetIds }));
    const lbArn = lb.LoadBalancers![0]!.LoadBalancerArn!;
    const tg = await aws.elbv2.send(
      new CreateTargetGroupCommand({
        Name: unique('tg'),
        Protocol: 'HTTP',
        Port: 80,
        VpcId: network.vpcId,
        TargetType: 'ip',
      }),
    );
    const tgArn = tg.TargetGroups![0]!.TargetGroupArn!;
    const listener = await aws.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      }),
    );
    const listenerArn = listener.Listeners![0]!.ListenerArn!;
    expect(await remove('AWS::ElasticLoadBalancingV2::Listener', listenerArn)).toBe('deleted');
    expect(await remove('AWS::ElasticLoadBalancingV2::LoadBalancer', lbArn)).toBe('deleted');
    expect(await remove('AWS::ElasticLoadBalancingV2::TargetGroup', tgArn)).toBe('deleted');
    await expect(aws.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] }))).rejects.toThrow();
    expect(await remove('AWS::ElasticLoadBalancingV2::Listener', listenerArn)).toBe('already-gone');
    expect(await remove('AWS::ElasticLoadBalancingV2::LoadBalancer', lbArn)).toBe('already-gone');
    expect(await remove('AWS::ElasticLoadBalancingV2::TargetGroup', tgArn)).toBe('already-gone');
  });

  it('scales a service to zero and deletes it, then its task definition revision and cluster', async () => {
    const network = await defaultNetwork(aws);
    const cluster = unique('cluster');
    await aws.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    const registered = await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: cluster,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'web', image: 'nginx', essential: true }],
      }),
    );
    const taskDefinitionArn = registered.taskDefinition!.taskDefinitionArn!;
    const created = await aws.ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'web',
        taskDefinition: taskDefinitionArn,
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: network.subnetIds, securityGroups: [network.defaultSecurityGroupId] },
        },
      }),
    );
    const serviceArn = created.service!.serviceArn!;
    const notes: string[] = [];
    expect(await remove('AWS::ECS::Service', serviceArn, context({ note: (m) => notes.push(m) }))).toBe('deleted');
    expect(notes.join()).toMatch(/drain/);
    const service = await aws.ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }));
    expect(service.services?.[0]).toMatchObject({ status: 'INACTIVE', desiredCount: 0 });
    expect(await remove('AWS::ECS::Service', serviceArn)).toBe('already-gone');

    expect(await remove('AWS::ECS::TaskDefinition', taskDefinitionArn)).toBe('deleted');
    const revision = await aws.ecs
      .send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }))
      .then((output) => output.taskDefinition?.status)
      .catch(() => 'gone');
    expect(revision).not.toBe('ACTIVE');
    expect(await remove('AWS::ECS::TaskDefinition', taskDefinitionArn)).toBe('already-gone');

    expect(await remove('AWS::ECS::Cluster', cluster)).toBe('deleted');
    const described = await aws.ecs.send(new DescribeClustersCommand({ clusters: [cluster] }));
    expect(described.clusters?.[0]?.status).toBe('INACTIVE');
    expect(await remove('AWS::ECS::Cluster', cluster)).toBe('already-gone');
  });

  it('deletes a certificate', async () => {
    const arn = await importOriginCertificate(aws);
    expect(await remove('AWS::CertificateManager::Certificate', arn)).toBe('deleted');
    expect(await remove('AWS::CertificateManager::Certificate', arn)).toBe('already-gone');
  });

  it('deletes a build project and a pipeline', async () => {
    const project = unique('build');
    const role = await createRole(aws, { name: unique('role'), trust: trustPolicy('codebuild.amazonaws.com') });
    await aws.codebuild.send(
      new CreateProjectCommand({
        name: project,
        source: { type: 'CODEPIPELINE', location: 'x' },
        artifacts: { type: 'CODEPIPELINE', location: 'x' },
        environment: {
          type: 'LINUX_CONTAINER',
          image: 'aws/codebuild/standard:7.0',
          computeType: 'BUILD_GENERAL1_SMALL',
        },
        serviceRole: role,
      }),
    );
    expect(await remove('AWS::CodeBuild::Project', project)).toBe('deleted');
    const left = await aws.codebuild.send(new BatchGetProjectsCommand({ names: [project] }));
    expect(left.projects ?? []).toEqual([]);
    expect(await remove('AWS::CodeBuild::Project', project)).toBe('already-gone');

    const pipeline = unique('pipeline');
    const pipelineRole = await createRole(aws, {
      name: unique('role'),
      trust: trustPolicy('codepipeline.amazonaws.com'),
    });
    const stage = (name: string, category: 'Source' | 'Build', provider: string) => ({
      name,
      actions: [
        {
          name,
          actionTypeId: { category, owner: 'AWS' as const, provider, version: '1' },
          configuration: (category === 'Source'
            ? { S3Bucket: 'b', S3ObjectKey: 'k' }
            : { ProjectName: project }) as Record<string, string>,
          ...(category === 'Source' ? { outputArtifacts: [{ name: 'Src' }] } : { inputArtifacts: [{ name: 'Src' }] }),
        },
      ],
    });
    await aws.codepipeline.send(
      new CreatePipelineCommand({
        pipeline: {
          name: pipeline,
          roleArn: pipelineRole,
          artifactStore: { type: 'S3', location: 'artifacts' },
          stages: [stage('Source', 'Source', 'S3'), stage('Build', 'Build', 'CodeBuild')],
        },
      }),
    );
    expect(await remove('AWS::CodePipeline::Pipeline', pipeline)).toBe('deleted');
    const pipelines = await aws.codepipeline.send(new ListPipelinesCommand({}));
    expect((pipelines.pipelines ?? []).map((p) => p.name)).not.toContain(pipeline);
    expect(await remove('AWS::CodePipeline::Pipeline', pipeline)).toBe('already-gone');
  });

  it('deletes a deployment group, then its application (recorded HTTP: the emulator lacks both deletes)', async () => {
    const app = unique('app');
    await aws.codedeploy.send(new CreateApplicationCommand({ applicationName: app, computePlatform: 'ECS' }));
    await aws.codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: app,
        deploymentGroupName: 'dg',
        serviceRoleArn: 'arn:aws:iam::123456789012:role/x',
      }),
    );
    expect(await remove('AWS::CodeDeploy::DeploymentGroup', `${app}/dg`)).toBe('deleted');
    expect(await remove('AWS::CodeDeploy::DeploymentGroup', `${app}/dg`)).toBe('already-gone');
    expect(await remove('AWS::CodeDeploy::Application', app)).toBe('deleted');
    expect(await remove('AWS::CodeDeploy::Application', app)).toBe('already-gone');
    expect(codeDeploy.calls).toMatchObject({ deleteApplication: 1, deleteDeploymentGroup: 1 });
  });

  it('deletes a connection (recorded HTTP: the emulator lacks CodeStar Connections)', async () => {
    const arn = `arn:aws:codestar-connections:${TEST_REGION}:${TEST_ACCOUNT}:connection/${randomUUID()}`;
    const recording = recordCodeStarWithDeletes(moto.endpoint, [{ arn, name: 'github' }]);
    try {
      expect(await remove('AWS::CodeStarConnections::Connection', arn)).toBe('deleted');
      expect(await remove('AWS::CodeStarConnections::Connection', arn)).toBe('already-gone');
      expect([...recording.deleted]).toEqual([arn]);
    } finally {
      recording.stop();
    }
  });
});

describe('CloudFormation stacks', () => {
  const template = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      Resources: {
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': '/stack/${AWS::StackName}' } } },
        ...extra,
      },
    });
  const createStack = async (name: string, body: string) => {
    await aws.cloudformation.send(new CreateStackCommand({ StackName: name, TemplateBody: body }));
    await waitUntilStackCreateComplete({ client: aws.cloudformation, ...FAST }, { StackName: name });
    const described = await aws.cloudformation.send(new DescribeStacksCommand({ StackName: name }));
    return described.Stacks![0]!.StackId!;
  };
  const logGroupExists = async (name: string) =>
    ((await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups ?? []).some(
      (group) => group.logGroupName === name,
    );
  const stackNames = async () =>
    ((await aws.cloudformation.send(new ListStacksCommand({}))).StackSummaries ?? [])
      .filter((summary) => summary.StackStatus !== 'DELETE_COMPLETE')
      .map((summary) => summary.StackName);

  it('deletes a stack with what it owns, by StackId, and finds it gone the second time', async () => {
    const name = unique('plain');
    const stackId = await createStack(name, template());
    expect(await remove('AWS::CloudFormation::Stack', name, context(), { attributes: { StackId: stackId } })).toBe(
      'deleted',
    );
    expect(await stackNames()).not.toContain(name);
    expect(await logGroupExists(`/stack/${name}`)).toBe(false);
    expect(await remove('AWS::CloudFormation::Stack', name, context(), { attributes: { StackId: stackId } })).toBe(
      'already-gone',
    );
  });

  it('detaches a stack: every resource retained through a checked change set, the stack gone, the resources untouched', async () => {
    const name = unique('detach');
    const network = await defaultNetwork(aws);
    // No security group in the template: moto replaces one (delete and create) on any template change.
    const targetGroup = unique('kept');
    const stackId = await createStack(
      name,
      template({
        Group: {
          Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
          Properties: { Name: targetGroup, Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: network.vpcId },
        },
      }),
    );
    const notes: string[] = [];
    const ctx = context({ note: (message) => notes.push(message) });
    expect(
      await remove('AWS::CloudFormation::Stack', name, ctx, { detach: true, attributes: { StackId: stackId } }),
    ).toBe('deleted');
    expect(notes.join('\n')).toMatch(/DeletionPolicy Retain on Group, Logs/);
    expect(await stackNames()).not.toContain(name);
    expect(await logGroupExists(`/stack/${name}`)).toBe(true);
    const groups = await aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: [targetGroup] }));
    expect(groups.TargetGroups).toHaveLength(1);
  });

  it('detaches a stack whose template is YAML with short-form intrinsics', async () => {
    const name = unique('yaml');
    const stackId = await createStack(
      name,
      [
        'Resources:',
        '  Logs:',
        '    Type: AWS::Logs::LogGroup',
        '    Properties:',
        "      LogGroupName: !Sub '/yaml/${AWS::StackName}'",
      ].join('\n'),
    );
    expect(
      await remove('AWS::CloudFormation::Stack', name, context(), { detach: true, attributes: { StackId: stackId } }),
    ).toBe('deleted');
    expect(await logGroupExists(`/yaml/${name}`)).toBe(true);
  });

  // DELETE_FAILED is recorded HTTP (./support/cloudformation-recorded.ts): moto never fails a stack's deletion.
  // Whether a failed resource still exists is read from moto.
  it('retries a DELETE_FAILED stack retaining the resources that no longer exist', async () => {
    const stackId = `arn:aws:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/failed-gone/${randomUUID()}`;
    const recording = recordDeleteFailedStack(moto.endpoint, {
      name: 'failed-gone',
      stackId,
      resources: [
        {
          logicalId: 'OldGroup',
          type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
          physicalId: `arn:aws:elasticloadbalancing:${TEST_REGION}:${TEST_ACCOUNT}:targetgroup/deleted-by-hand/0123456789abcdef`,
          reason: 'Target group not found',
        },
      ],
    });
    try {
      const notes: string[] = [];
      const ctx = context({ note: (message) => notes.push(message) });
      expect(await remove('AWS::CloudFormation::Stack', 'failed-gone', ctx, { attributes: { StackId: stackId } })).toBe(
        'deleted',
      );
      expect(recording.deletes).toEqual([['OldGroup']]);
      expect(notes.join()).toMatch(/retaining OldGroup/);
    } finally {
      recording.stop();
    }
  });

  it('refuses to retain a failed resource that still exists, and says which and why', async () => {
    const network = await defaultNetwork(aws);
    const group = await aws.elbv2.send(
      new CreateTargetGroupCommand({ Name: unique('in-use'), Protocol: 'HTTP', Port: 80, VpcId: network.vpcId }),
    );
    const arn = group.TargetGroups![0]!.TargetGroupArn!;
    const stackId = `arn:aws:cloudformation:${TEST_REGION}:${TEST_ACCOUNT}:stack/failed-present/${randomUUID()}`;
    const recording = recordDeleteFailedStack(moto.endpoint, {
      name: 'failed-present',
      stackId,
      resources: [
        {
          logicalId: 'Group',
          type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
          physicalId: arn,
          reason: 'Target group is currently in use by a listener',
        },
      ],
    });
    try {
      await expect(
        remove('AWS::CloudFormation::Stack', 'failed-present', context(), { attributes: { StackId: stackId } }),
      ).rejects.toThrow(/still exist.*Group \(AWS::ElasticLoadBalancingV2::TargetGroup .*in use by a listener/);
      expect(recording.deletes).toEqual([]);
      // With detach, everything that failed is retained: the stack goes, the group stays.
      expect(
        await remove('AWS::CloudFormation::Stack', 'failed-present', context(), {
          detach: true,
          attributes: { StackId: stackId },
        }),
      ).toBe('deleted');
      expect(recording.deletes).toEqual([['Group']]);
      expect(
        (await aws.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups,
      ).toHaveLength(1);
    } finally {
      recording.stop();
    }
  });
});
