import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { findOutsideUses } from '../../src/reconcile/outside-uses.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, type Moto } from '../support/moto.js';
import { defaultNetwork, trustPolicy } from '../support/scenario/environment.js';
import { createRole } from '../support/scenario/helpers.js';
import { resource, snapshot } from './support/snapshots.js';

let moto: Moto;
let aws: AwsClients;
let denied: FaultProxy;

beforeAll(async () => {
  moto = await startMoto();
  aws = moto.clients();
  denied = await startFaultProxy(moto.endpoint, { denyOperations: [/ListInstanceProfilesForRole/] });
});

afterAll(async () => {
  await denied?.stop();
  await moto?.stop();
});

describe('findOutsideUses', () => {
  it('finds security group rules, instance profiles and other pipelines that use the stack’s resources', async () => {
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
    // Another team's group allows ours; our own groups referring to each other are no outside use.
    await Promise.all([allow(theirs, ours), allow(alsoOurs, ours)]);

    const roleArn = await createRole(aws, { name: 'webEc2Role', trust: trustPolicy('ec2.amazonaws.com') });
    await aws.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
    await aws.iam.send(
      new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'webEc2Role' }),
    );
    const pipelineRoleArn = await createRole(aws, {
      name: 'web-pipeline-role',
      trust: trustPolicy('codepipeline.amazonaws.com'),
    });
    await aws.codepipeline.send(
      new CreatePipelineCommand({
        pipeline: {
          name: 'other-pipeline',
          roleArn: pipelineRoleArn,
          artifactStore: { type: 'S3', location: 'codepipeline-us-east-2-1' },
          stages: ['Source', 'Deploy'].map((name) => ({
            name,
            actions: [
              {
                name,
                actionTypeId: {
                  category: name === 'Source' ? 'Source' : 'Deploy',
                  owner: 'AWS',
                  provider: 'S3',
                  version: '1',
                },
                configuration: { S3Bucket: 'b', S3ObjectKey: 'k' },
                ...(name === 'Source' ? { outputArtifacts: [{ name: 'Src' }] } : { inputArtifacts: [{ name: 'Src' }] }),
              },
            ],
          })),
        },
      }),
    );

    const shot = snapshot([
      resource('AlbGroup', 'AWS::EC2::SecurityGroup', ours),
      resource('ServiceGroup', 'AWS::EC2::SecurityGroup', alsoOurs),
      resource('Ec2Role', 'AWS::IAM::Role', 'webEc2Role', { attributes: { Arn: roleArn } }),
      resource('PipelineRole', 'AWS::IAM::Role', 'web-pipeline-role', { attributes: { Arn: pipelineRoleArn } }),
      resource('Bucket', 'AWS::S3::Bucket', 'codepipeline-us-east-2-1'),
      resource('Unused', 'AWS::S3::Bucket', 'web-unused'),
    ]);
    const found = await findOutsideUses(aws, shot);
    expect(found.issues).toEqual([]);
    expect([...found.uses].sort((a, b) => `${a.id}${a.by}`.localeCompare(`${b.id}${b.by}`))).toEqual([
      { id: 'AlbGroup', by: `security group ${theirs} (other-team-sg) refers to it in its rules` },
      { id: 'Bucket', by: 'pipeline other-pipeline' },
      { id: 'Ec2Role', by: 'instance profile web-profile' },
      { id: 'PipelineRole', by: 'pipeline other-pipeline' },
    ]);
  });

  it('reports what it could not check, so teardown can refuse', async () => {
    const shot = snapshot([resource('Role', 'AWS::IAM::Role', 'webEc2Role')]);
    const found = await findOutsideUses(moto.clients(undefined, { endpoint: denied.endpoint }), shot);
    expect(found.issues).toEqual([
      expect.objectContaining({ operation: 'iam:ListInstanceProfilesForRole', code: 'AccessDeniedException' }),
    ]);
  });
});
