import { DeregisterTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { ecsTaskDefinitionHandler } from '../../../src/discover/kinds/ecs-task-definition.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

const where = { account: TEST_ACCOUNT, region: TEST_REGION };
const tdArn = (familyRevision: string) =>
  `arn:aws:ecs:${TEST_REGION}:${TEST_ACCOUNT}:task-definition/${familyRevision}`;
const secretArn = `arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT}:secret:bash-dog/ecs-envars-AbCdEf`;
const executionRole = `arn:aws:iam::${TEST_ACCOUNT}:role/bashDogExectuionRoleForECS`;
const apiImage = `${TEST_ACCOUNT}.dkr.ecr.${TEST_REGION}.amazonaws.com/bash-dog-api:latest`;

let moto: Moto;
let ctx: DiscoveryContext;

beforeAll(async () => {
  moto = await startMoto();
  ctx = discoveryContext(moto.clients());
  const register = () =>
    ctx.clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'bash-dog',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '512',
        memory: '1024',
        executionRoleArn: executionRole,
        tags: [{ key: 'app', value: 'bash-dog' }],
        containerDefinitions: [
          {
            name: 'bash-dog-nginx',
            image: 'nginx:1.27',
            essential: true,
            portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
            dependsOn: [{ containerName: 'bash-dog-api', condition: 'START' }],
          },
          {
            name: 'bash-dog-api',
            image: apiImage,
            essential: true,
            environment: [{ name: 'PORT', value: '3000' }],
            secrets: [
              { name: 'BASH_DOG_ENVIRONMENT', valueFrom: `${secretArn}:BASH_DOG_ENVIRONMENT::` },
              { name: 'SSM_THING', valueFrom: 'bash-dog-ssm-parameter' },
            ],
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': '/ecs/bash-dog',
                'awslogs-region': TEST_REGION,
                'awslogs-stream-prefix': 'ecs',
              },
            },
          },
        ],
      }),
    );
  await register(); // revision 1, deregistered below
  await register(); // revision 2, live
  await ctx.clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'bash-dog:1' }));
});
afterAll(async () => {
  await moto.stop();
});

describe('AWS::ECS::TaskDefinition', () => {
  it('canonicalizes family:revision to the ARN and leaves a bare family for read', () => {
    expect(ecsTaskDefinitionHandler.canonicalId!('bash-dog:2', where)).toBe(tdArn('bash-dog:2'));
    expect(ecsTaskDefinitionHandler.canonicalId!(tdArn('bash-dog:2'), where)).toBe(tdArn('bash-dog:2'));
    expect(ecsTaskDefinitionHandler.canonicalId!('bash-dog', where)).toBe('bash-dog');
  });

  it('reads a task definition in CloudFormation shape with its references', async () => {
    const result = await ecsTaskDefinitionHandler.read(ctx, [tdArn('bash-dog:2')]);

    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const td = result.resources[0]!;
    expect(td).toMatchObject({
      type: 'AWS::ECS::TaskDefinition',
      physicalId: tdArn('bash-dog:2'),
      name: 'bash-dog',
      aliases: ['bash-dog:2'],
      tags: { app: 'bash-dog' },
      attributes: { Revision: 2, Status: 'ACTIVE', Arn: tdArn('bash-dog:2') },
    });
    expect(td.properties).toMatchObject({
      Family: 'bash-dog',
      Cpu: '512',
      Memory: '1024',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      ExecutionRoleArn: executionRole,
    });
    const [nginx, api] = td.properties.ContainerDefinitions as Array<Record<string, unknown>>;
    expect(nginx).toMatchObject({
      Name: 'bash-dog-nginx',
      Image: 'nginx:1.27',
      Essential: true,
      PortMappings: [{ ContainerPort: 80, HostPort: 80, Protocol: 'tcp' }],
      DependsOn: [{ ContainerName: 'bash-dog-api', Condition: 'START' }],
    });
    expect(nginx).not.toHaveProperty('Secrets');
    expect(nginx).not.toHaveProperty('Environment');
    expect(api).toMatchObject({
      Name: 'bash-dog-api',
      Image: apiImage,
      Environment: [{ Name: 'PORT', Value: '3000' }],
      Secrets: [
        { Name: 'BASH_DOG_ENVIRONMENT', ValueFrom: `${secretArn}:BASH_DOG_ENVIRONMENT::` },
        { Name: 'SSM_THING', ValueFrom: 'bash-dog-ssm-parameter' },
      ],
      LogConfiguration: {
        LogDriver: 'awslogs',
        Options: { 'awslogs-group': '/ecs/bash-dog', 'awslogs-region': TEST_REGION, 'awslogs-stream-prefix': 'ecs' },
      },
    });
    expect(JSON.stringify(td)).not.toContain('undefined');
    expect(td.references).toEqual([
      { type: 'AWS::IAM::Role', id: executionRole, via: 'ExecutionRoleArn', kind: 'reference' },
      { type: 'AWS::ECR::Repository', id: 'bash-dog-api', via: 'ContainerDefinitions.1.Image', kind: 'reference' },
      {
        type: 'AWS::SecretsManager::Secret',
        id: secretArn,
        via: 'ContainerDefinitions.1.Secrets.0.ValueFrom',
        kind: 'reference',
      },
      {
        type: 'AWS::Logs::LogGroup',
        id: '/ecs/bash-dog',
        via: 'ContainerDefinitions.1.LogConfiguration.Options.awslogs-group',
        kind: 'reference',
      },
    ]);
  });

  it('resolves a bare family to its latest revision once; INACTIVE and missing revisions are absent', async () => {
    const before = ctx.clients.counter.snapshot().callsByOperation['ecs:DescribeTaskDefinition'] ?? 0;
    const result = await ecsTaskDefinitionHandler.read(ctx, [
      'bash-dog',
      'bash-dog:2',
      'bash-dog:1',
      'bash-dog:9',
      'nope:1',
    ]);
    expect(result.issues).toEqual([]);
    expect(result.resources.map((r) => [r.physicalId, r.aliases])).toEqual([
      [tdArn('bash-dog:2'), ['bash-dog:2', 'bash-dog']],
    ]);
    expect(ctx.clients.counter.snapshot().callsByOperation['ecs:DescribeTaskDefinition']! - before).toBe(5);
  });

  it('lists ACTIVE revisions by family', async () => {
    expect(await ecsTaskDefinitionHandler.list!(ctx)).toEqual([{ physicalId: tdArn('bash-dog:2'), name: 'bash-dog' }]);
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const clients = moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const result = await ecsTaskDefinitionHandler.read({ ...ctx, clients }, ['bash-dog:2']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 'ecs:DescribeTaskDefinition', physicalIds: [tdArn('bash-dog:2')] }),
    ]);
  });
});
