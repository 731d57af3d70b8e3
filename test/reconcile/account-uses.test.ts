import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { DeregisterTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { assertAccountReadComplete, findAccountUses } from '../../src/reconcile/account-uses.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, type Moto } from '../support/moto.js';
import { defaultNetwork, trustPolicy } from '../support/scenario/environment.js';
import { createRole } from '../support/scenario/helpers.js';
import { resource, snapshot } from './support/snapshots.js';

// Everything here runs against moto; the stack is a hand-made snapshot of resources created in it.
let moto: Moto;
let aws: AwsClients;
let denied: FaultProxy;

beforeAll(async () => {
  moto = await startMoto();
  aws = moto.clients();
  denied = await startFaultProxy(moto.endpoint, { denyOperations: [/^ListInstanceProfiles$/] });
});

afterAll(async () => {
  await denied?.stop();
  await moto?.stop();
});

const byIdAndUser = (a: { id: string; by: string }, b: { id: string; by: string }) =>
  `${a.id}${a.by}`.localeCompare(`${b.id}${b.by}`);

describe('findAccountUses', () => {
  it('finds every user outside the graph: security group rules, pipelines, task definitions, instance profiles, functions', async () => {
    // Given a stack's groups, roles, bucket and repository...
    const network = await defaultNetwork(aws);
    const group = async (name: string) =>
      (await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: network.vpcId })))
        .GroupId!;
    const [ours, alsoOurs, theirs] = await Promise.all([
      group('web-alb-sg'),
      group('web-service-sg'),
      group('other-team-sg'),
    ]);
    const allow = (to: string, from: string) =>
      aws.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: to,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: from }] }],
        }),
      );
    // ...another team's group allows ours; our own groups referring to each other are no outside use.
    await Promise.all([allow(theirs, ours), allow(alsoOurs, ours)]);
    const ec2RoleArn = await createRole(aws, { name: 'webEc2Role', trust: trustPolicy('ec2.amazonaws.com') });
    await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
    await aws.iam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'webEc2Role' }),
    );
    const fnRoleArn = await createRole(aws, { name: 'webFnRole', trust: trustPolicy('lambda.amazonaws.com') });
    await aws.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'other-team-fn',
        Role: fnRoleArn,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...Array<number>(18).fill(0)]) },
      }),
    );
    const pipelineRoleArn = await createRole(aws, {
      name: 'web-pipeline-role',
      trust: trustPolicy('codepipeline.amazonaws.com'),
    });
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'codepipeline-us-east-2-1' }));
    await aws.codepipeline.send(new CreatePipelineCommand({ pipeline: s3Pipeline('other-pipeline', pipelineRoleArn) }));
    const repository = (await aws.ecr.send(new CreateRepositoryCommand({ repositoryName: 'web-api' }))).repository!;
    const taskRoleArn = await createRole(aws, { name: 'webTaskRole', trust: trustPolicy('ecs-tasks.amazonaws.com') });
    // ...another family's ACTIVE revision runs our image; a deregistered (INACTIVE) one used our task role.
    const revision = (family: string, roleArn?: string) =>
      aws.ecs.send(
        new RegisterTaskDefinitionCommand({
          family,
          ...(roleArn ? { taskRoleArn: roleArn } : {}),
          containerDefinitions: [{ name: 'app', image: `${repository.repositoryUri}:latest`, memory: 128 }],
        }),
      );
    const active = (await revision('other-app')).taskDefinition!.taskDefinitionArn!;
    const retired = (await revision('retired-app', taskRoleArn)).taskDefinition!.taskDefinitionArn!;
    await aws.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: retired }));

    const shot = snapshot([
      resource('AlbGroup', 'AWS::EC2::SecurityGroup', ours),
      resource('ServiceGroup', 'AWS::EC2::SecurityGroup', alsoOurs),
      resource('Ec2Role', 'AWS::IAM::Role', 'webEc2Role', { attributes: { Arn: ec2RoleArn } }),
      resource('FnRole', 'AWS::IAM::Role', 'webFnRole', { attributes: { Arn: fnRoleArn } }),
      resource('PipelineRole', 'AWS::IAM::Role', 'web-pipeline-role', { attributes: { Arn: pipelineRoleArn } }),
      resource('TaskRole', 'AWS::IAM::Role', 'webTaskRole', { attributes: { Arn: taskRoleArn } }),
      resource('Bucket', 'AWS::S3::Bucket', 'codepipeline-us-east-2-1'),
      resource('Repository', 'AWS::ECR::Repository', 'web-api'),
    ]);

    // When the guard looks at the whole account.
    const found = await findAccountUses(aws, shot);

    // Then each outside user is named by the stack it belongs to (the users whose names share `other` are one
    // app stack, as inventory groups them), as what, through which property; the INACTIVE revision is not one.
    expect(found.issues).toEqual([]);
    const otherApp = `task definition ${active.slice(active.lastIndexOf('/') + 1)}`;
    expect([...found.uses].map(({ id, by }) => ({ id, by })).sort(byIdAndUser)).toEqual([
      {
        id: 'AlbGroup',
        by: `other (security group ${theirs} (other-team-sg), SecurityGroupIngress.0.SourceSecurityGroupId)`,
      },
      { id: 'Bucket', by: 'other (pipeline other-pipeline, ArtifactStore.Location)' },
      { id: 'Ec2Role', by: 'web-profile (instance profile web-profile, Roles)' },
      { id: 'FnRole', by: 'other-team-fn (Lambda function other-team-fn, Role)' },
      { id: 'PipelineRole', by: 'other (pipeline other-pipeline, RoleArn)' },
      { id: 'Repository', by: `other (${otherApp}, ContainerDefinitions.0.Image)` },
    ]);
    expect(found.uses.find((use) => use.id === 'Repository')?.user).toEqual({
      type: 'AWS::ECS::TaskDefinition',
      physicalId: active,
      via: ['ContainerDefinitions.0.Image'],
      stack: 'other',
    });
  });

  it('reports what it could not read, and the guard refuses on it, naming it', async () => {
    const shot = snapshot([resource('Role', 'AWS::IAM::Role', 'webEc2Role')]);
    const found = await findAccountUses(moto.clients(undefined, { endpoint: denied.endpoint }), shot);
    expect(found.issues).toEqual([
      expect.objectContaining({ operation: 'iam:ListInstanceProfiles', code: 'AccessDeniedException' }),
    ]);
    expect(() => assertAccountReadComplete(shot, found.issues)).toThrow(
      /nothing was planned or changed:\n {2}iam:ListInstanceProfiles: AccessDeniedException/,
    );
  });
});

/** A two-stage S3 pipeline: the emulator wants at least two stages and a role that trusts CodePipeline. */
function s3Pipeline(name: string, roleArn: string) {
  return {
    name,
    roleArn,
    artifactStore: { type: 'S3' as const, location: 'codepipeline-us-east-2-1' },
    stages: ['Source', 'Deploy'].map((stage) => ({
      name: stage,
      actions: [
        {
          name: stage,
          actionTypeId: {
            category: stage === 'Source' ? ('Source' as const) : ('Deploy' as const),
            owner: 'AWS' as const,
            provider: 'S3',
            version: '1',
          },
          configuration: { S3Bucket: 'b', S3ObjectKey: 'k' },
          ...(stage === 'Source' ? { outputArtifacts: [{ name: 'Src' }] } : { inputArtifacts: [{ name: 'Src' }] }),
        },
      ],
    })),
  };
}
