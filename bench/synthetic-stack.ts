/**
 * A synthetic account-sized stack for the diff benchmark: `units` copies of
 * an ECS service with everything it uses, in the shapes discovery writes
 * (CloudFormation properties, ARNs in attributes, edges at property paths).
 * Ten resources a unit: two roles with policy documents, a security group
 * whose ingress names the load balancer's, a log group, a repository, a
 * secret, a task definition with three containers, a blue/green target group
 * pair and the service; one cluster, load balancer security group, VPC and
 * two subnets are shared.
 */
import { desiredFromSnapshot } from '../src/desired/from-snapshot.js';
import type { DesiredResource, DesiredState } from '../src/desired/types.js';
import type { Edge, LogicalId, PhysicalId, Resource } from '../src/model/resource.js';
import type { ResourceType } from '../src/model/resource-type.js';
import type { Snapshot } from '../src/model/snapshot.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-2';

const hex = (n: number, width = 17) => n.toString(16).padStart(width, '0');
const unitName = (unit: number) => `svc${String(unit).padStart(5, '0')}`;
const unitId = (unit: number) => `Svc${String(unit).padStart(5, '0')}`;

interface Builder {
  readonly resources: Resource[];
  readonly edges: Edge[];
}

function add(
  into: Builder,
  id: string,
  type: ResourceType,
  physicalId: string,
  properties: Record<string, unknown>,
  extra: Partial<Pick<Resource, 'attributes' | 'external' | 'tags'>> = {},
): string {
  into.resources.push({
    id: id as LogicalId,
    type,
    physicalId: physicalId as PhysicalId,
    properties,
    attributes: extra.attributes ?? {},
    tags: extra.tags ?? {},
    orphan: false,
    external: extra.external ?? false,
    status: 'read',
  });
  return id;
}

const edge = (into: Builder, from: string, to: string, via: string) =>
  into.edges.push({ from: from as LogicalId, to: to as LogicalId, via });

const trust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/** A stack of `units` services (10 resources each) plus 6 shared resources. */
export function syntheticSnapshot(units: number): Snapshot {
  const into: Builder = { resources: [], edges: [] };
  const vpc = add(into, 'Vpc', 'AWS::EC2::VPC', 'vpc-0bench', {}, { external: true });
  const subnets = ['subnet-0a', 'subnet-0b'].map((subnet, index) =>
    add(into, `Subnet${index}`, 'AWS::EC2::Subnet', subnet, { VpcId: 'vpc-0bench' }, { external: true }),
  );
  const cluster = add(
    into,
    'Cluster',
    'AWS::ECS::Cluster',
    'bench',
    { ClusterName: 'bench', ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }] },
    { attributes: { Arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/bench` } },
  );
  const albGroup = add(into, 'AlbSecurityGroup', 'AWS::EC2::SecurityGroup', 'sg-0alb', {
    GroupName: 'bench-alb',
    GroupDescription: 'ALB',
    VpcId: 'vpc-0bench',
    SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }],
  });
  edge(into, albGroup, vpc, 'VpcId');
  const sharedBucket = add(
    into,
    'ArtifactBucket',
    'AWS::S3::Bucket',
    'bench-artifacts',
    { BucketName: 'bench-artifacts' },
    { attributes: { Arn: 'arn:aws:s3:::bench-artifacts' } },
  );

  for (let unit = 0; unit < units; unit += 1) {
    const name = unitName(unit);
    const Id = unitId(unit);
    const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}/envars-AbCdEf`;
    const secret = add(
      into,
      `${Id}Secret`,
      'AWS::SecretsManager::Secret',
      secretArn,
      { Name: `${name}/envars`, SecretKeys: ['API_TOKEN', 'DB_PASSWORD'] },
      { attributes: { Arn: secretArn } },
    );
    const logGroup = add(
      into,
      `${Id}LogGroup`,
      'AWS::Logs::LogGroup',
      `/ecs/${name}`,
      { LogGroupName: `/ecs/${name}`, RetentionInDays: 30 },
      { attributes: { Arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/${name}` } },
    );
    const repository = add(
      into,
      `${Id}Repository`,
      'AWS::ECR::Repository',
      name,
      {
        RepositoryName: name,
        ImageTagMutability: 'MUTABLE',
        ImageScanningConfiguration: { ScanOnPush: false },
        EncryptionConfiguration: { EncryptionType: 'AES256' },
      },
      { attributes: { Arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}` } },
    );
    const role = (suffix: string, properties: Record<string, unknown>) =>
      add(into, `${Id}${suffix}`, 'AWS::IAM::Role', `${name}-${suffix.toLowerCase()}`, properties, {
        attributes: { Arn: `arn:aws:iam::${ACCOUNT}:role/${name}-${suffix.toLowerCase()}` },
      });
    const executionRole = role('ExecutionRole', {
      RoleName: `${name}-executionrole`,
      Path: '/',
      AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com'),
      MaxSessionDuration: 3600,
      Policies: [
        {
          PolicyName: `${name}-secrets`,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [secretArn] }],
          },
        },
      ],
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
    });
    const taskRole = role('TaskRole', {
      RoleName: `${name}-taskrole`,
      Path: '/',
      AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com'),
      MaxSessionDuration: 3600,
      Policies: [
        {
          PolicyName: 'artifacts',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['s3:GetObject', 's3:PutObject'],
                Resource: ['arn:aws:s3:::bench-artifacts', `arn:aws:s3:::bench-artifacts/${name}/*`],
              },
            ],
          },
        },
      ],
    });
    const groupId = `sg-${hex(unit)}`;
    const securityGroup = add(into, `${Id}SecurityGroup`, 'AWS::EC2::SecurityGroup', groupId, {
      GroupName: `${name}-service`,
      GroupDescription: `${name}: HTTP from the ALB`,
      VpcId: 'vpc-0bench',
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: 'sg-0alb' }],
      SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
    });
    edge(into, securityGroup, albGroup, 'SecurityGroupIngress.0.SourceSecurityGroupId');
    edge(into, securityGroup, vpc, 'VpcId');

    const containers = ['nginx', 'api', 'worker'].map((container, index) => ({
      Name: `${name}-${container}`,
      Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:latest`,
      Essential: index < 2,
      Cpu: 0,
      PortMappings: [{ ContainerPort: 8000 + index, HostPort: 8000 + index, Protocol: 'tcp' }],
      Environment: [{ Name: 'PORT', Value: String(8000 + index) }],
      Secrets: [
        { Name: 'DB_PASSWORD', ValueFrom: `${secretArn}:DB_PASSWORD::` },
        { Name: 'API_TOKEN', ValueFrom: `${secretArn}:API_TOKEN::` },
      ],
      LogConfiguration: {
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': `/ecs/${name}`, 'awslogs-region': REGION, 'awslogs-stream-prefix': 'ecs' },
      },
    }));
    const taskDefinitionArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${name}:7`;
    const taskDefinition = add(
      into,
      `${Id}TaskDefinition`,
      'AWS::ECS::TaskDefinition',
      taskDefinitionArn,
      {
        Family: name,
        Cpu: '512',
        Memory: '1024',
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-executionrole`,
        TaskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-taskrole`,
        ContainerDefinitions: containers,
      },
      { attributes: { Revision: 7, Arn: taskDefinitionArn } },
    );
    edge(into, taskDefinition, executionRole, 'ExecutionRoleArn');
    edge(into, taskDefinition, taskRole, 'TaskRoleArn');
    containers.forEach((_, index) => {
      edge(into, taskDefinition, repository, `ContainerDefinitions.${index}.Image`);
      edge(into, taskDefinition, logGroup, `ContainerDefinitions.${index}.LogConfiguration.Options.awslogs-group`);
      edge(into, taskDefinition, secret, `ContainerDefinitions.${index}.Secrets.0.ValueFrom`);
      edge(into, taskDefinition, secret, `ContainerDefinitions.${index}.Secrets.1.ValueFrom`);
    });

    const targetGroups = ['blue', 'green'].map((color) => {
      const arn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}-${color}/${hex(unit, 16)}`;
      const id = add(
        into,
        `${Id}${color === 'blue' ? 'Blue' : 'Green'}TargetGroup`,
        'AWS::ElasticLoadBalancingV2::TargetGroup',
        arn,
        {
          Name: `${name}-${color}`,
          Port: 80,
          Protocol: 'HTTP',
          TargetType: 'ip',
          VpcId: 'vpc-0bench',
          HealthCheckPath: '/health',
          Matcher: { HttpCode: '200' },
        },
        { attributes: { LoadBalancerArns: [] } },
      );
      edge(into, id, vpc, 'VpcId');
      return { id, arn };
    });

    const serviceArn = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/bench/${name}`;
    const service = add(
      into,
      `${Id}Service`,
      'AWS::ECS::Service',
      serviceArn,
      {
        ServiceName: name,
        Cluster: 'bench',
        TaskDefinition: taskDefinitionArn,
        DesiredCount: 2,
        LaunchType: 'FARGATE',
        DeploymentController: { Type: 'CODE_DEPLOY' },
        LoadBalancers: [{ ContainerName: `${name}-nginx`, ContainerPort: 8000, TargetGroupArn: targetGroups[0]!.arn }],
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            AssignPublicIp: 'DISABLED',
            SecurityGroups: [groupId],
            Subnets: ['subnet-0a', 'subnet-0b'],
          },
        },
      },
      { attributes: { Arn: serviceArn, Status: 'ACTIVE' } },
    );
    edge(into, service, cluster, 'Cluster');
    edge(into, service, taskDefinition, 'TaskDefinition');
    edge(into, service, targetGroups[0]!.id, 'LoadBalancers.0.TargetGroupArn');
    edge(into, service, securityGroup, 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.0');
    subnets.forEach((subnet, index) =>
      edge(into, service, subnet, `NetworkConfiguration.AwsvpcConfiguration.Subnets.${index}`),
    );
    edge(into, taskRole, sharedBucket, 'Policies.0.PolicyDocument.Statement.0.Resource.0');
  }

  return {
    schemaVersion: 1,
    account: ACCOUNT,
    region: REGION,
    stack: 'bench',
    capturedAt: new Date(0).toISOString(),
    resources: into.resources,
    edges: into.edges,
    issues: [],
    stats: { apiCalls: 0, retries: 0, callsByOperation: {}, durationMs: 0 },
  };
}

/** One change by hand per type, each of which drift must report as exactly one modified property. */
const CHANGES: Partial<Record<ResourceType, (properties: Record<string, unknown>) => void>> = {
  'AWS::Logs::LogGroup': (properties) => {
    properties.RetentionInDays = 90;
  },
  'AWS::IAM::Role': (properties) => {
    (properties.Policies as unknown[]).push({
      PolicyName: 'added-by-hand',
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
    });
  },
  'AWS::EC2::SecurityGroup': (properties) => {
    (properties.SecurityGroupIngress as unknown[]).push({
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIp: '0.0.0.0/0',
    });
  },
  'AWS::ECS::Service': (properties) => {
    properties.DesiredCount = 5;
  },
  'AWS::ECS::TaskDefinition': (properties) => {
    properties.Memory = '2048';
  },
  'AWS::ECR::Repository': (properties) => {
    properties.ImageTagMutability = 'IMMUTABLE';
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': (properties) => {
    properties.HealthCheckPath = '/';
  },
  'AWS::SecretsManager::Secret': (properties) => {
    properties.SecretKeys = ['DB_PASSWORD'];
  },
};

/**
 * Changes `share` of the resources, spread evenly over the stack, the way
 * people do by hand: retention raised, an inline policy added, a port
 * opened, a service scaled, and so on (one property each). Returns the
 * changed snapshot and how many resources it touched.
 */
export function withDrift(snapshot: Snapshot, share: number): { snapshot: Snapshot; changed: number } {
  const changeable = snapshot.resources.filter((resource) => CHANGES[resource.type]);
  const count = Math.round(snapshot.resources.length * share);
  const touched = new Set(
    Array.from(
      { length: count },
      (_, index) => changeable[Math.floor(((index + 0.5) * changeable.length) / count)]!.id,
    ),
  );
  const resources = snapshot.resources.map((resource): Resource => {
    if (!touched.has(resource.id)) return resource;
    const properties = structuredClone(resource.properties);
    CHANGES[resource.type]!(properties);
    return { ...resource, properties };
  });
  return { snapshot: { ...snapshot, resources }, changed: touched.size };
}

/**
 * The desired state `reclaim import` writes for `syntheticSnapshot(units)`,
 * built by importing one unit and renaming copies of it: importing 10,000
 * resources would cost more than the diff being measured. `checkDesired`
 * proves the copies equal a real import.
 */
export function syntheticDesired(units: number): DesiredState {
  const one = desiredFromSnapshot(syntheticSnapshot(1));
  const template = Object.entries(one.resources).filter(([id]) => id.startsWith(unitId(0)));
  const shared = Object.entries(one.resources).filter(([id]) => !id.startsWith(unitId(0)));
  const text = JSON.stringify(Object.fromEntries(template));
  const resources: Record<string, DesiredResource> = Object.fromEntries(shared);
  for (let unit = 0; unit < units; unit += 1) {
    const renamed = text
      .replaceAll(unitId(0), unitId(unit))
      .replaceAll(unitName(0), unitName(unit))
      .replaceAll(`sg-${hex(0)}`, `sg-${hex(unit)}`)
      .replaceAll(`/${hex(0, 16)}`, `/${hex(unit, 16)}`);
    Object.assign(resources, JSON.parse(renamed) as Record<string, DesiredResource>);
  }
  return { ...one, resources };
}

/** Throws unless `syntheticDesired` equals what import writes, for a stack small enough to import. */
export function checkDesired(units: number): void {
  const copied = JSON.stringify(syntheticDesired(units));
  const imported = JSON.stringify(desiredFromSnapshot(syntheticSnapshot(units)));
  if (copied !== imported) throw new Error(`syntheticDesired(${units}) differs from desiredFromSnapshot`);
}
