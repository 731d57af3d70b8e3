import { randomUUID } from 'node:crypto';
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, TagRoleCommand, UpdateRoleCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import type { DiscoveredResource, KindHandler } from '../../src/discover/kind-handler.js';
import { ec2SecurityGroupHandler } from '../../src/discover/kinds/ec2-security-group.js';
import { ecrRepositoryHandler } from '../../src/discover/kinds/ecr-repository.js';
import { elbv2ListenerHandler } from '../../src/discover/kinds/elbv2-listener.js';
import { elbv2TargetGroupHandler } from '../../src/discover/kinds/elbv2-target-group.js';
import { iamRoleHandler } from '../../src/discover/kinds/iam-role.js';
import { logsLogGroupHandler } from '../../src/discover/kinds/logs-log-group.js';
import { secretsManagerSecretHandler } from '../../src/discover/kinds/secretsmanager-secret.js';
import type { CreateChange, UpdateChange } from '../../src/model/plan.js';
import { asLogicalId, type Properties } from '../../src/model/resource.js';
import type { ManagedType } from '../../src/model/resource-type.js';
import type { WriterContext } from '../../src/reconcile/kind-writer.js';
import { differingProperties } from '../../src/reconcile/writers/converge.js';
import { WRITERS } from '../../src/reconcile/writers/registry.js';
import { discoveryContext } from '../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../support/moto.js';
import { KNOWN_SECRET_VALUE } from '../support/scenario.js';
import {
  defaultNetwork,
  importOriginCertificate,
  policyDocument,
  trustPolicy,
  type DefaultNetwork,
} from '../support/scenario/environment.js';
import { createRole } from '../support/scenario/helpers.js';

// Writers' create and update against the emulator: each writes, then the resource is read back with
// its discovery handler and must equal what was declared (write, then discover, round-trips).
// One operation is recorded HTTP because moto 5.2.1 lacks it: CloudWatch Logs AssociateKmsKey /
// DisassociateKmsKey (see `recordLogsKms`); that test checks the request sent, not a read-back.

let moto: Moto;
let aws: AwsClients;
let network: DefaultNetwork;

const FAST = { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 2 };
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const EXECUTION_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const CODEDEPLOY_POLICY = 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS';

function context(overrides: Partial<WriterContext> & { notes?: string[] } = {}): WriterContext {
  const { notes, ...rest } = overrides;
  return {
    clients: aws,
    account: TEST_ACCOUNT,
    region: TEST_REGION,
    options: { forceDeleteSecrets: false, allowSecretWrites: false },
    wait: FAST,
    willDelete: () => false,
    note: (message) => notes?.push(message),
    ...rest,
  };
}

const create = (type: ManagedType, properties: Properties, ctx = context()) => {
  const change: CreateChange = { action: 'create', id: asLogicalId('Thing'), type, reason: 'test', properties };
  return WRITERS.get(type)!.create!(ctx, change);
};

/** An update as the planner makes it: the full declared properties, and the paths that drifted. */
const update = (type: ManagedType, physicalId: string, properties: Properties, paths: string[], ctx = context()) => {
  const change: UpdateChange = {
    action: 'update',
    id: asLogicalId('Thing'),
    type,
    physicalId,
    reason: 'test',
    properties,
    changes: paths.map((path) => ({ path })),
  };
  return WRITERS.get(type)!.update!(ctx, change);
};

async function readBack(handler: KindHandler, physicalId: string): Promise<DiscoveredResource> {
  const ctx = discoveryContext(aws, 4);
  const { resources, issues } = await handler.read(ctx, [physicalId]);
  expect(issues).toEqual([]);
  expect(resources).toHaveLength(1);
  return resources[0]!;
}

/** Asserts the contract: read back, every declared property equals live as drift compares them. */
async function expectRoundTrip(handler: KindHandler, physicalId: string, declared: Properties) {
  const live = await readBack(handler, physicalId);
  expect([...differingProperties(declared, live)]).toEqual([]);
  return live;
}

/** Calls that change something (not Describe/Get/List), across every client: a no-op run makes none. */
function writeCalls(): number {
  const byOperation = aws.counter.snapshot().callsByOperation;
  return Object.entries(byOperation)
    .filter(([operation]) => !/:(Describe|Get|List)/.test(operation))
    .reduce((sum, [, count]) => sum + count, 0);
}

beforeAll(async () => {
  moto = await startMoto();
  aws = moto.clients();
  network = await defaultNetwork(aws);
});

afterAll(async () => {
  nock.cleanAll();
  await moto?.stop();
});

describe('AWS::IAM::Role', () => {
  const type = 'AWS::IAM::Role';

  it('creates a role with its trust policy, settings, tags, inline and managed policies, and waits until IAM answers', async () => {
    const name = unique('role');
    const declared: Properties = {
      RoleName: name,
      Path: '/service-role/',
      AssumeRolePolicyDocument: JSON.parse(trustPolicy('ecs-tasks.amazonaws.com')),
      Description: 'task role',
      MaxSessionDuration: 7200,
      Policies: [
        {
          PolicyName: 'logs',
          PolicyDocument: JSON.parse(policyDocument([{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }])),
        },
        {
          PolicyName: 'ssm',
          PolicyDocument: JSON.parse(
            policyDocument([{ Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: '*' }]),
          ),
        },
      ],
      ManagedPolicyArns: [EXECUTION_POLICY],
      Tags: { team: 'dogs' },
    };
    expect(await create(type, declared)).toEqual({ physicalId: name });
    const live = await expectRoundTrip(iamRoleHandler, name, declared);
    expect(live.properties).toMatchObject({
      Path: '/service-role/',
      MaxSessionDuration: 7200,
      Description: 'task role',
    });
    expect(live.tags).toEqual({ team: 'dogs' });
  });

  it('leaves nothing behind when a create fails half way', async () => {
    const name = unique('role');
    const declared = {
      RoleName: name,
      AssumeRolePolicyDocument: trustPolicy('ecs-tasks.amazonaws.com'),
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/NoSuchPolicyAnywhere'],
    };
    await expect(create(type, declared)).rejects.toThrow();
    await expect(aws.iam.send(new GetRoleCommand({ RoleName: name }))).rejects.toThrow(/not found|cannot be found/i);
  });

  it('updates trust policy, inline and managed policies and description; leaves undeclared settings alone; a second run changes nothing', async () => {
    const name = unique('role');
    await createRole(aws, {
      name,
      trust: trustPolicy('ecs-tasks.amazonaws.com'),
      description: 'old',
      managedPolicyArns: [EXECUTION_POLICY],
      inlinePolicies: {
        keep: policyDocument([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]),
        stray: policyDocument([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]),
      },
    });
    await aws.iam.send(new UpdateRoleCommand({ RoleName: name, Description: 'old', MaxSessionDuration: 7200 }));
    await aws.iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'owner', Value: 'console' }] }));
    const declared: Properties = {
      RoleName: name,
      AssumeRolePolicyDocument: JSON.parse(trustPolicy('codedeploy.amazonaws.com')),
      Description: 'new',
      Policies: [
        {
          PolicyName: 'keep',
          PolicyDocument: JSON.parse(policyDocument([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }])),
        },
        {
          PolicyName: 'added',
          PolicyDocument: JSON.parse(policyDocument([{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }])),
        },
      ],
      ManagedPolicyArns: [CODEDEPLOY_POLICY],
    };
    const paths = [
      'AssumeRolePolicyDocument',
      'Description',
      'Policies[keep].PolicyDocument',
      'Policies[added]',
      'Policies[stray]',
      'ManagedPolicyArns',
    ];

    await update(type, name, declared, paths);
    const live = await expectRoundTrip(iamRoleHandler, name, declared);
    expect((live.properties.Policies as Array<{ PolicyName: string }>).map((p) => p.PolicyName)).toEqual([
      'added',
      'keep',
    ]);
    // Not declared, so not managed: UpdateRole resets a session duration left out, and the writer must not let it.
    expect(live.properties.MaxSessionDuration).toBe(7200);
    expect(live.tags).toEqual({ owner: 'console' });

    const before = writeCalls();
    await update(type, name, declared, paths);
    expect(writeCalls()).toBe(before);
  });

  it('leaves inline and managed policies alone when the file does not declare them', async () => {
    const name = unique('role');
    await createRole(aws, {
      name,
      trust: trustPolicy('ecs-tasks.amazonaws.com'),
      managedPolicyArns: [EXECUTION_POLICY],
      inlinePolicies: { mine: policyDocument([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]) },
    });
    await update(type, name, { RoleName: name, MaxSessionDuration: 10800 }, ['MaxSessionDuration']);
    const live = await readBack(iamRoleHandler, name);
    expect(live.properties.MaxSessionDuration).toBe(10800);
    expect(live.properties.ManagedPolicyArns).toEqual([EXECUTION_POLICY]);
    expect((live.properties.Policies as unknown[]).length).toBe(1);
  });

  it('refuses a change that needs a replacement, before any call', async () => {
    const before = aws.counter.snapshot().apiCalls;
    await expect(update(type, 'any-role', { RoleName: 'any-role', Path: '/new/' }, ['Path'])).rejects.toThrow(
      /Path \(cannot change in place: it needs a replacement\)/,
    );
    expect(aws.counter.snapshot().apiCalls).toBe(before);
  });
});

describe('AWS::EC2::SecurityGroup', () => {
  const type = 'AWS::EC2::SecurityGroup';

  it('creates a group with its rules, and revokes the default egress when the declared egress leaves it out', async () => {
    const peer = await aws.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: unique('peer'), Description: 'peer', VpcId: network.vpcId }),
    );
    const declared: Properties = {
      GroupName: unique('sg'),
      GroupDescription: 'load balancer',
      VpcId: network.vpcId,
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'https' },
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: peer.GroupId! },
      ],
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '10.0.0.0/8' }],
      Tags: { Name: 'lb' },
    };
    const { physicalId } = await create(type, declared);
    expect(physicalId).toMatch(/^sg-/);
    const live = await expectRoundTrip(ec2SecurityGroupHandler, physicalId, declared);
    expect(live.properties.SecurityGroupEgress).toEqual([
      { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '10.0.0.0/8' },
    ]);
  });

  it('keeps the default allow-all egress when egress is not declared', async () => {
    const declared = { GroupName: unique('sg'), GroupDescription: 'tasks', VpcId: network.vpcId };
    const { physicalId } = await create(type, declared);
    const live = await readBack(ec2SecurityGroupHandler, physicalId);
    expect(live.properties.SecurityGroupEgress).toEqual([{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }]);
    expect(live.properties.SecurityGroupIngress).toEqual([]);
  });

  it('makes ingress exactly the declared set (authorize, re-describe, revoke), leaves egress alone, and is idempotent', async () => {
    const group = await aws.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: unique('sg'), Description: 'svc', VpcId: network.vpcId }),
    );
    const groupId = group.GroupId!;
    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'old' }] },
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );
    const declared: Properties = {
      GroupName: 'ignored-for-update',
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.0.0.0/16', Description: 'web' },
        { IpProtocol: '6', FromPort: '443', ToPort: '443', CidrIp: '10.1.0.0/16' },
      ],
    };
    const before = await readBack(ec2SecurityGroupHandler, groupId);
    await update(type, groupId, { ...declared, GroupName: before.properties.GroupName }, ['SecurityGroupIngress']);
    const live = await readBack(ec2SecurityGroupHandler, groupId);
    expect(live.properties.SecurityGroupIngress).toEqual([
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.0.0.0/16', Description: 'web' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.1.0.0/16' },
    ]);
    expect(live.properties.SecurityGroupEgress).toEqual(before.properties.SecurityGroupEgress);

    const writes = writeCalls();
    await update(type, groupId, { ...declared, GroupName: before.properties.GroupName }, ['SecurityGroupIngress']);
    expect(writeCalls()).toBe(writes);
    const described = await aws.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    expect(described.SecurityGroups![0]!.IpPermissions).toHaveLength(2);
  });
});

/**
 * Recorded HTTP: moto 5.2.1 answers AssociateKmsKey / DisassociateKmsKey with 500 (not implemented).
 * Answers both in CloudWatch Logs' JSON 1.1 wire format and keeps the request bodies.
 */
function recordLogsKms(): { bodies: Array<{ operation: string; body: Record<string, unknown> }>; stop(): void } {
  const bodies: Array<{ operation: string; body: Record<string, unknown> }> = [];
  const scope = nock(moto.endpoint, { allowUnmocked: true }).persist();
  const interceptors = ['AssociateKmsKey', 'DisassociateKmsKey'].map((operation) => {
    const interceptor = scope.post('/').matchHeader('x-amz-target', `Logs_20140328.${operation}`);
    interceptor.reply((_uri, body) => {
      bodies.push({ operation, body: (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown> });
      return [200, {}, { 'content-type': 'application/x-amz-json-1.1' }];
    });
    return interceptor;
  });
  return { bodies, stop: () => interceptors.forEach((interceptor) => nock.removeInterceptor(interceptor)) };
}

describe('AWS::Logs::LogGroup', () => {
  const type = 'AWS::Logs::LogGroup';

  it('creates a group with retention and tags', async () => {
    const declared = { LogGroupName: `/ecs/${unique('app')}`, RetentionInDays: 14, Tags: { app: 'bash-dog' } };
    expect(await create(type, declared)).toEqual({ physicalId: declared.LogGroupName });
    const live = await expectRoundTrip(logsLogGroupHandler, declared.LogGroupName, declared);
    expect(live.tags).toEqual({ app: 'bash-dog' });
  });

  it('changes and removes the retention, idempotently, and leaves the undeclared KMS key alone', async () => {
    const name = `/ecs/${unique('app')}`;
    const key = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: key }));
    await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 7 }));

    await update(type, name, { LogGroupName: name, RetentionInDays: 30 }, ['RetentionInDays']);
    const live = await expectRoundTrip(logsLogGroupHandler, name, { LogGroupName: name, RetentionInDays: 30 });
    expect(live.properties.KmsKeyId).toBe(key);
    const writes = writeCalls();
    await update(type, name, { LogGroupName: name, RetentionInDays: 30 }, ['RetentionInDays']);
    expect(writeCalls()).toBe(writes);

    await update(type, name, { LogGroupName: name, RetentionInDays: null }, ['RetentionInDays']);
    expect((await readBack(logsLogGroupHandler, name)).properties.RetentionInDays).toBeUndefined();
  });

  it('associates and disassociates the KMS key (recorded HTTP: moto lacks both operations)', async () => {
    const recording = recordLogsKms();
    try {
      const plain = `/ecs/${unique('app')}`;
      await aws.logs.send(new CreateLogGroupCommand({ logGroupName: plain }));
      const key = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/abcd`;
      await update(type, plain, { LogGroupName: plain, KmsKeyId: key }, ['KmsKeyId']);

      const keyed = `/ecs/${unique('app')}`;
      await aws.logs.send(new CreateLogGroupCommand({ logGroupName: keyed, kmsKeyId: key }));
      await update(type, keyed, { LogGroupName: keyed, KmsKeyId: null }, ['KmsKeyId']);
      expect(recording.bodies).toEqual([
        { operation: 'AssociateKmsKey', body: { logGroupName: plain, kmsKeyId: key } },
        { operation: 'DisassociateKmsKey', body: { logGroupName: keyed } },
      ]);
    } finally {
      recording.stop();
    }
  });
});

describe('AWS::ECR::Repository', () => {
  const type = 'AWS::ECR::Repository';

  it('creates a repository with tag mutability, scanning, KMS encryption and tags', async () => {
    const declared = {
      RepositoryName: unique('repo'),
      ImageTagMutability: 'IMMUTABLE',
      ImageScanningConfiguration: { ScanOnPush: true },
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT}:key/abcd` },
      Tags: { app: 'bash-dog' },
    };
    expect(await create(type, declared)).toEqual({ physicalId: declared.RepositoryName });
    const live = await expectRoundTrip(ecrRepositoryHandler, declared.RepositoryName, declared);
    expect(live.tags).toEqual({ app: 'bash-dog' });
  });

  it('refuses to create with a property it does not write, and makes nothing', async () => {
    const name = unique('repo');
    await expect(
      create(type, { RepositoryName: name, LifecyclePolicy: { LifecyclePolicyText: '{}' } }),
    ).rejects.toThrow(/does not create it with LifecyclePolicy/);
    expect((await ecrRepositoryHandler.read(discoveryContext(aws, 1), [name])).resources).toEqual([]);
  });

  it('updates tag mutability and scanning in place, idempotently; refuses an encryption change', async () => {
    const name = unique('repo');
    await aws.ecr.send(new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: 'MUTABLE' }));
    const declared = {
      RepositoryName: name,
      ImageTagMutability: 'IMMUTABLE',
      ImageScanningConfiguration: { ScanOnPush: true },
    };
    const paths = ['ImageTagMutability', 'ImageScanningConfiguration.ScanOnPush'];
    await update(type, name, declared, paths);
    const live = await expectRoundTrip(ecrRepositoryHandler, name, declared);
    expect(live.properties.EncryptionConfiguration).toEqual({ EncryptionType: 'AES256' });
    const writes = writeCalls();
    await update(type, name, declared, paths);
    expect(writeCalls()).toBe(writes);

    const calls = aws.counter.snapshot().apiCalls;
    await expect(
      update(type, name, { ...declared, EncryptionConfiguration: { EncryptionType: 'KMS' } }, [
        'EncryptionConfiguration.EncryptionType',
      ]),
    ).rejects.toThrow(/EncryptionConfiguration \(cannot change in place: it needs a replacement\)/);
    expect(aws.counter.snapshot().apiCalls).toBe(calls);
  });
});

describe('AWS::ElasticLoadBalancingV2::TargetGroup', () => {
  const type = 'AWS::ElasticLoadBalancingV2::TargetGroup';

  it('creates a target group with its health check, matcher and tags, and returns its ARN', async () => {
    const declared = {
      Name: unique('tg'),
      Port: 80,
      Protocol: 'HTTP',
      ProtocolVersion: 'HTTP1',
      TargetType: 'ip',
      VpcId: network.vpcId,
      HealthCheckEnabled: true,
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 10,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
      Matcher: { HttpCode: '200-299' },
      Tags: { color: 'blue' },
    };
    const { physicalId } = await create(type, declared);
    expect(physicalId).toMatch(/:targetgroup\//);
    const live = await expectRoundTrip(elbv2TargetGroupHandler, physicalId, declared);
    expect(live.tags).toEqual({ color: 'blue' });
  });

  it('modifies the health check in place, idempotently, and refuses a port change', async () => {
    const created = await aws.elbv2.send(
      new CreateTargetGroupCommand({
        Name: unique('tg'),
        Port: 80,
        Protocol: 'HTTP',
        VpcId: network.vpcId,
        TargetType: 'ip',
      }),
    );
    const arn = created.TargetGroups![0]!.TargetGroupArn!;
    const declared = { HealthCheckPath: '/ping', HealthCheckIntervalSeconds: 10, Matcher: { HttpCode: '200,302' } };
    const paths = ['HealthCheckPath', 'HealthCheckIntervalSeconds', 'Matcher.HttpCode'];
    await update(type, arn, declared, paths);
    const live = await expectRoundTrip(elbv2TargetGroupHandler, arn, declared);
    expect(live.properties).toMatchObject({ Port: 80, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 5 });
    const writes = writeCalls();
    await update(type, arn, declared, paths);
    expect(writeCalls()).toBe(writes);

    await expect(update(type, arn, { ...declared, Port: 8080 }, ['Port'])).rejects.toThrow(
      /Port \(cannot change in place: it needs a replacement\)/,
    );
  });
  it('makes the user tags exactly the declared ones', async () => {
    const created = await aws.elbv2.send(
      new CreateTargetGroupCommand({
        Name: unique('tg'),
        Port: 80,
        Protocol: 'HTTP',
        VpcId: network.vpcId,
        TargetType: 'ip',
        Tags: [
          { Key: 'keep', Value: 'old' },
          { Key: 'stray', Value: 'x' },
        ],
      }),
    );
    const arn = created.TargetGroups![0]!.TargetGroupArn!;
    const declared = { Tags: { keep: 'new', added: 'y' } };
    await update(type, arn, declared, ['Tags']);
    expect((await expectRoundTrip(elbv2TargetGroupHandler, arn, declared)).tags).toEqual({ keep: 'new', added: 'y' });
  });
});

describe('AWS::ElasticLoadBalancingV2::Listener', () => {
  it('moves a listener to HTTPS with its certificate and policy, and to another target group; a second run changes nothing', async () => {
    const type = 'AWS::ElasticLoadBalancingV2::Listener';
    const [lb, blue, green, certificateArn] = await Promise.all([
      aws.elbv2.send(new CreateLoadBalancerCommand({ Name: unique('lb'), Subnets: network.subnetIds })),
      aws.elbv2.send(
        new CreateTargetGroupCommand({
          Name: unique('blue'),
          Port: 80,
          Protocol: 'HTTP',
          VpcId: network.vpcId,
          TargetType: 'ip',
        }),
      ),
      aws.elbv2.send(
        new CreateTargetGroupCommand({
          Name: unique('green'),
          Port: 80,
          Protocol: 'HTTP',
          VpcId: network.vpcId,
          TargetType: 'ip',
        }),
      ),
      importOriginCertificate(aws),
    ]);
    const blueArn = blue.TargetGroups![0]!.TargetGroupArn!;
    const greenArn = green.TargetGroups![0]!.TargetGroupArn!;
    const listener = await aws.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn!,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: blueArn }],
      }),
    );
    const listenerArn = listener.Listeners![0]!.ListenerArn!;
    const declared = {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-2016-08',
      Certificates: [{ CertificateArn: certificateArn }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: greenArn }],
    };
    const paths = ['Port', 'Protocol', 'SslPolicy', 'Certificates', 'DefaultActions.0.TargetGroupArn'];
    await update(type, listenerArn, declared, paths);
    await expectRoundTrip(elbv2ListenerHandler, listenerArn, declared);
    const writes = writeCalls();
    await update(type, listenerArn, declared, paths);
    expect(writeCalls()).toBe(writes);
  });
});

describe('AWS::SecretsManager::Secret', () => {
  const type = 'AWS::SecretsManager::Secret';
  const secretValue = async (id: string) =>
    (await aws.secretsManager.send(new GetSecretValueCommand({ SecretId: id }))).SecretString!;

  async function makeSecret(value: string) {
    const created = await aws.secretsManager.send(
      new CreateSecretCommand({ Name: unique('bash-dog/ecs-envars'), SecretString: value }),
    );
    return { arn: created.ARN!, name: created.Name! };
  }

  it('refuses to change keys without --allow-secret-writes, before any call', async () => {
    const { arn, name } = await makeSecret(JSON.stringify({ DB_PASSWORD: KNOWN_SECRET_VALUE, API_TOKEN: 't' }));
    const calls = aws.counter.snapshot().apiCalls;
    const failure = await update(type, arn, { Name: name, SecretKeys: ['DB_PASSWORD', 'NEW_KEY'] }, [
      'SecretKeys',
    ]).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/--allow-secret-writes/);
    expect(aws.counter.snapshot().apiCalls).toBe(calls);
    expect(JSON.parse(await secretValue(arn))).toEqual({ DB_PASSWORD: KNOWN_SECRET_VALUE, API_TOKEN: 't' });
  });

  it('adds declared keys empty and removes undeclared ones, keeping the other values, with permission; idempotently', async () => {
    const { arn, name } = await makeSecret(JSON.stringify({ DB_PASSWORD: KNOWN_SECRET_VALUE, API_TOKEN: 't' }));
    const notes: string[] = [];
    const ctx = context({ options: { forceDeleteSecrets: false, allowSecretWrites: true }, notes });
    const declared = { Name: name, SecretKeys: ['DB_PASSWORD', 'NEW_KEY'] };
    const result = await update(type, arn, declared, ['SecretKeys'], ctx);
    expect(result).toBeUndefined();
    await expectRoundTrip(secretsManagerSecretHandler, arn, declared);
    expect(JSON.parse(await secretValue(arn))).toEqual({ DB_PASSWORD: KNOWN_SECRET_VALUE, NEW_KEY: '' });
    expect(notes.join('\n')).toContain('NEW_KEY');
    expect(notes.join('\n')).not.toContain(KNOWN_SECRET_VALUE);

    const writes = writeCalls();
    await update(type, arn, declared, ['SecretKeys'], ctx);
    expect(writeCalls()).toBe(writes);
  });

  it('updates the description without permission when the keys are not part of the change', async () => {
    const { arn, name } = await makeSecret(JSON.stringify({ DB_PASSWORD: KNOWN_SECRET_VALUE }));
    const declared = { Name: name, Description: 'env for bash-dog', SecretKeys: ['DB_PASSWORD'] };
    await update(type, arn, declared, ['Description']);
    await expectRoundTrip(secretsManagerSecretHandler, arn, declared);
    expect(JSON.parse(await secretValue(arn))).toEqual({ DB_PASSWORD: KNOWN_SECRET_VALUE });
  });

  it('refuses a secret that is not a JSON object without quoting its value', async () => {
    const { arn, name } = await makeSecret(`DB_PASSWORD=${KNOWN_SECRET_VALUE}`);
    const ctx = context({ options: { forceDeleteSecrets: false, allowSecretWrites: true } });
    const failure = await update(type, arn, { Name: name, SecretKeys: ['DB_PASSWORD'] }, ['SecretKeys'], ctx).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/not a JSON object/);
    expect(`${failure?.message} ${failure?.stack} ${JSON.stringify(failure)} ${String(failure?.cause)}`).not.toContain(
      KNOWN_SECRET_VALUE,
    );
    expect(await secretValue(arn)).toBe(`DB_PASSWORD=${KNOWN_SECRET_VALUE}`);
  });
});
