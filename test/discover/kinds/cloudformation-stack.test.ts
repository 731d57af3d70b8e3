import { CreateStackCommand, DeleteStackCommand, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cloudformationStackHandler,
  isFailedOrStuck,
  unmodelledLive,
} from '../../../src/discover/kinds/cloudformation-stack.js';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_REGION, type Moto } from '../../support/moto.js';
import { recordCloudControl, type CloudControlAnswer } from '../../reconcile/support/cloudcontrol-recorded.js';

// The emulator has no Cloud Control API: its GetResource is recorded HTTP (cloudcontrol-recorded.ts).

let moto: Moto;
let ctx: DiscoveryContext;
let vpcId: string;
let stackId: string;
let targetGroupArn: string;
let groupId: string;
let deletedStackId: string;
let queueUrl: string;
const cloudControl = new Map<string, CloudControlAnswer>();

const STACK = 'ECS-Console-V2-Service-bash-dog-bash-dog-1a2b3c';

/** A console-style stack: a target group and a security group in the default VPC, plus a type reclaim does not know. */
const template = (vpc: string) =>
  JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'The template used to create an ECS Service from the ECS Console.',
    Parameters: { ServiceName: { Type: 'String' }, ClusterName: { Type: 'String', Default: 'bash-dog' } },
    Resources: {
      TargetGroup: {
        Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        Properties: { Name: 'bash-dog-main', Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: vpc },
      },
      ServiceSecurityGroup: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'bash-dog service', VpcId: vpc },
      },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
    },
  });

beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  ctx = discoveryContext(moto.clients());
  vpcId = (await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  stackId = (
    await clients.cloudformation.send(
      new CreateStackCommand({
        StackName: STACK,
        TemplateBody: template(vpcId),
        Parameters: [{ ParameterKey: 'ServiceName', ParameterValue: 'bash-dog' }],
        TimeoutInMinutes: 30,
        Tags: [{ Key: 'project', Value: 'bash-dog' }],
      }),
    )
  ).StackId!;
  // moto runs stacks synchronously: the resources exist when CreateStack returns.
  const resources = await clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: STACK }));
  const physical = (logical: string) =>
    resources.StackResources!.find((r) => r.LogicalResourceId === logical)!.PhysicalResourceId!;
  targetGroupArn = physical('TargetGroup');
  groupId = physical('ServiceSecurityGroup');
  queueUrl = physical('Queue');
  cloudControl.set(queueUrl, 'found');
  const small = JSON.stringify({
    Resources: { Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'gone', VpcId: vpcId } } },
  });
  deletedStackId = (
    await clients.cloudformation.send(new CreateStackCommand({ StackName: 'gone', TemplateBody: small }))
  ).StackId!;
  await clients.cloudformation.send(new DeleteStackCommand({ StackName: 'gone' }));
});
const stopCloudControl: Array<() => void> = [];
beforeAll(() => {
  stopCloudControl.push(recordCloudControl(moto.endpoint, cloudControl).stop);
});
afterAll(async () => {
  for (const stop of stopCloudControl) stop();
  await moto?.stop();
});

describe('isFailedOrStuck', () => {
  it('names the statuses failed console attempts leave behind', () => {
    for (const status of [
      'ROLLBACK_COMPLETE',
      'ROLLBACK_FAILED',
      'CREATE_FAILED',
      'DELETE_FAILED',
      'UPDATE_ROLLBACK_COMPLETE',
      'UPDATE_ROLLBACK_FAILED',
      'UPDATE_FAILED',
      'IMPORT_ROLLBACK_COMPLETE',
    ]) {
      expect(isFailedOrStuck(status)).toBe(true);
    }
    for (const status of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'CREATE_IN_PROGRESS', 'DELETE_COMPLETE'])
      expect(isFailedOrStuck(status)).toBe(false);
  });
});

describe('cloudformationStackHandler', () => {
  it('reads a stack with what it owns', async () => {
    const result = await cloudformationStackHandler.read(ctx, [STACK, 'no-such-stack', deletedStackId]);

    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const [stack] = result.resources;
    expect(stack).toMatchObject({ physicalId: STACK, name: STACK, aliases: [stackId], tags: { project: 'bash-dog' } });
    expect(stack!.unknown).toBeUndefined();
    expect(stack!.properties).toEqual({
      StackName: STACK,
      Description: 'The template used to create an ECS Service from the ECS Console.',
      Parameters: [
        { ParameterKey: 'ClusterName', ParameterValue: 'bash-dog' },
        { ParameterKey: 'ServiceName', ParameterValue: 'bash-dog' },
      ],
      TimeoutInMinutes: 30,
    });
    expect(stack!.attributes).toMatchObject({
      StackStatus: 'CREATE_COMPLETE',
      StackId: stackId,
      CreationTime: expect.stringMatching(/^\d{4}-/),
    });
    expect(stack!.attributes!.Resources).toEqual([
      {
        LogicalResourceId: 'Queue',
        ResourceType: 'AWS::SQS::Queue',
        PhysicalResourceId: queueUrl,
        ResourceStatus: 'CREATE_COMPLETE',
        CloudControl: 'found',
      },
      {
        LogicalResourceId: 'ServiceSecurityGroup',
        ResourceType: 'AWS::EC2::SecurityGroup',
        PhysicalResourceId: groupId,
        ResourceStatus: 'CREATE_COMPLETE',
      },
      {
        LogicalResourceId: 'TargetGroup',
        ResourceType: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        PhysicalResourceId: targetGroupArn,
        ResourceStatus: 'CREATE_COMPLETE',
      },
    ]);
    // Only the types reclaim knows become references; `owns` does not make them live.
    expect([...stack!.references].sort((a, b) => a.via.localeCompare(b.via))).toEqual([
      { type: 'AWS::EC2::SecurityGroup', id: groupId, via: 'Resources.ServiceSecurityGroup', kind: 'owns' },
      {
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        id: targetGroupArn,
        via: 'Resources.TargetGroup',
        kind: 'owns',
      },
    ]);
    expect(JSON.parse(JSON.stringify(stack))).toEqual(stack);
  });

  it('reads a stack asked for by both name and StackId once', async () => {
    const clients = moto.clients();
    const result = await cloudformationStackHandler.read(discoveryContext(clients), [STACK, stackId]);
    expect(result.resources.map((stack) => stack.physicalId)).toEqual([STACK]);
    expect(clients.counter.snapshot().callsByOperation).toEqual({
      'cloudformation:DescribeStacks': 2,
      'cloudformation:ListStackResources': 1,
      'cloudcontrolapi:GetResource': 1,
    });
  });

  it('counts an owned resource of a type it does not model as live unless Cloud Control says it is gone', async () => {
    const read = async (answer: CloudControlAnswer) => {
      cloudControl.set(queueUrl, answer);
      const [stack] = (await cloudformationStackHandler.read(discoveryContext(moto.clients()), [STACK])).resources;
      return unmodelledLive(stack!.attributes!);
    };
    const queue = { logicalId: 'Queue', type: 'AWS::SQS::Queue', physicalId: queueUrl };
    expect(await read('found')).toEqual([queue]);
    expect(await read('not-found')).toEqual([]);
    // Unknown is live, never gone: TypeNotFoundException is not the resource's absence.
    expect(await read('type-not-found')).toEqual([{ ...queue, unknown: 'TypeNotFoundException' }]);
    expect(await read('denied')).toEqual([{ ...queue, unknown: 'AccessDeniedException' }]);
    cloudControl.set(queueUrl, 'found');
    // The stack's own word settles it without asking: deleted, or never created.
    const entry = { LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic', PhysicalResourceId: 'arn:t' };
    expect(unmodelledLive({ Resources: [{ ...entry, ResourceStatus: 'DELETE_COMPLETE' }] })).toEqual([]);
    expect(unmodelledLive({ Resources: [{ ...entry, PhysicalResourceId: undefined }] })).toEqual([]);
    // A snapshot from before Cloud Control was asked: live.
    expect(unmodelledLive({ Resources: [{ ...entry, ResourceStatus: 'CREATE_COMPLETE' }] })).toHaveLength(1);
  });

  it('lists every stack but the deleted ones', async () => {
    expect(await cloudformationStackHandler.list!(ctx)).toEqual([{ physicalId: STACK, name: STACK }]);
  });

  it('reports a failed read as an issue without throwing', async () => {
    const result = await cloudformationStackHandler.read(
      discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9' })),
      [STACK],
    );
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'cloudformation:DescribeStacks',
        type: 'AWS::CloudFormation::Stack',
        physicalIds: [STACK],
      }),
    ]);
  });
});
