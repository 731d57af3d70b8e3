import { CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codedeployDeploymentGroupHandler } from '../../../src/discover/kinds/codedeploy-deployment-group.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

// No reset between tests: each test uses its own names, and a reset reloads IAM's managed policies (~1 s).
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});

const roleArn = `arn:aws:iam::${TEST_ACCOUNT}:role/bashDogCodeDeployRole`;
const listener = (port: number) =>
  `arn:aws:elasticloadbalancing:${TEST_REGION}:${TEST_ACCOUNT}:listener/app/bash-dog/50dc6c495c0c9188/${port}f4b0d3b1c6a`;

describe('AWS::CodeDeploy::DeploymentGroup', () => {
  it('canonicalizes a group ARN to `<application>/<group>`', () => {
    const where = { account: TEST_ACCOUNT, region: TEST_REGION };
    const arn = `arn:aws:codedeploy:${TEST_REGION}:${TEST_ACCOUNT}:deploymentgroup:bash-dog-app/bash-dog-dg`;
    expect(codedeployDeploymentGroupHandler.canonicalId!(arn, where)).toBe('bash-dog-app/bash-dog-dg');
    expect(codedeployDeploymentGroupHandler.canonicalId!('bash-dog-app/bash-dog-dg', where)).toBe(
      'bash-dog-app/bash-dog-dg',
    );
  });

  it('reads an ECS blue/green group with its references; missing groups and applications are absent', async () => {
    // Given the group the ECS console makes for a blue/green service
    const ctx = discoveryContext(moto.clients());
    await ctx.clients.codedeploy.send(
      new CreateApplicationCommand({ applicationName: 'AsFbaw-bash-dog', computePlatform: 'ECS' }),
    );
    await ctx.clients.codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'AsFbaw-bash-dog',
        deploymentGroupName: 'AsFbaw-bash-dog-bash-dog',
        serviceRoleArn: roleArn,
        deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        blueGreenDeploymentConfiguration: {
          deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
          terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 5 },
        },
        ecsServices: [{ clusterName: 'bash-dog', serviceName: 'bash-dog' }],
        loadBalancerInfo: {
          targetGroupPairInfoList: [
            {
              targetGroups: [{ name: 'bash-dog-main' }, { name: 'bash-dog-secondary' }],
              prodTrafficRoute: { listenerArns: [listener(443)] },
              testTrafficRoute: { listenerArns: [listener(8443)] },
            },
          ],
        },
        autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
        tags: [{ Key: 'app', Value: 'bash-dog' }],
      }),
    );
    const id = 'AsFbaw-bash-dog/AsFbaw-bash-dog-bash-dog';

    // When it is read with a missing group of the same application and a group of a missing application
    const result = await codedeployDeploymentGroupHandler.read(ctx, [
      id,
      'AsFbaw-bash-dog/never-was',
      'never-was/never-was',
    ]);

    // Then only the group comes back, in CloudFormation shape
    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const [group] = result.resources;
    expect(group).toMatchObject({
      type: 'AWS::CodeDeploy::DeploymentGroup',
      physicalId: id,
      name: 'AsFbaw-bash-dog-bash-dog',
      tags: { app: 'bash-dog' },
    });
    expect(group!.unknown).toBeUndefined();
    expect(group!.properties).toEqual({
      ApplicationName: 'AsFbaw-bash-dog',
      DeploymentGroupName: 'AsFbaw-bash-dog-bash-dog',
      ServiceRoleArn: roleArn,
      DeploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      BlueGreenDeploymentConfiguration: {
        DeploymentReadyOption: { ActionOnTimeout: 'CONTINUE_DEPLOYMENT', WaitTimeInMinutes: 0 },
        TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE', TerminationWaitTimeInMinutes: 5 },
      },
      ECSServices: [{ ClusterName: 'bash-dog', ServiceName: 'bash-dog' }],
      LoadBalancerInfo: {
        TargetGroupPairInfoList: [
          {
            TargetGroups: [{ Name: 'bash-dog-main' }, { Name: 'bash-dog-secondary' }],
            ProdTrafficRoute: { ListenerArns: [listener(443)] },
            TestTrafficRoute: { ListenerArns: [listener(8443)] },
          },
        ],
      },
      AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE'] },
    });
    const pair = 'LoadBalancerInfo.TargetGroupPairInfoList.0';
    expect(group!.references).toEqual([
      { type: 'AWS::CodeDeploy::Application', id: 'AsFbaw-bash-dog', via: 'ApplicationName', kind: 'reference' },
      { type: 'AWS::IAM::Role', id: roleArn, via: 'ServiceRoleArn', kind: 'reference' },
      { type: 'AWS::ECS::Service', id: 'bash-dog/bash-dog', via: 'ECSServices.0', kind: 'reference' },
      {
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        id: 'bash-dog-main',
        via: `${pair}.TargetGroups.0.Name`,
        kind: 'reference',
      },
      {
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        id: 'bash-dog-secondary',
        via: `${pair}.TargetGroups.1.Name`,
        kind: 'reference',
      },
      {
        type: 'AWS::ElasticLoadBalancingV2::Listener',
        id: listener(443),
        via: `${pair}.ProdTrafficRoute.ListenerArns.0`,
        kind: 'reference',
      },
      {
        type: 'AWS::ElasticLoadBalancingV2::Listener',
        id: listener(8443),
        via: `${pair}.TestTrafficRoute.ListenerArns.0`,
        kind: 'reference',
      },
    ]);
    // Three GetDeploymentGroup calls (moto lacks BatchGetDeploymentGroups), each with its tag read beside it
    // (one round trip, not two): the missing groups' tag reads are the price of that
    const calls = ctx.clients.counter.snapshot().callsByOperation;
    expect(calls['codedeploy:GetDeploymentGroup']).toBe(3);
    expect(calls['codedeploy:ListTagsForResource']).toBe(3);
  });

  it('leaves out what the group does not set', async () => {
    const ctx = discoveryContext(moto.clients());
    await ctx.clients.codedeploy.send(new CreateApplicationCommand({ applicationName: 'app', computePlatform: 'ECS' }));
    await ctx.clients.codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'app',
        deploymentGroupName: 'bare',
        serviceRoleArn: roleArn,
      }),
    );
    const [group] = (await codedeployDeploymentGroupHandler.read(ctx, ['app/bare'])).resources;
    // moto answers `{}` for every unset structure; none of them become properties
    expect(group!.properties).toEqual({
      ApplicationName: 'app',
      DeploymentGroupName: 'bare',
      ServiceRoleArn: roleArn,
      DeploymentConfigName: 'CodeDeployDefault.OneAtATime',
    });
  });

  it('reports an id that is not `<application>/<group>` instead of guessing', async () => {
    const result = await codedeployDeploymentGroupHandler.read(discoveryContext(moto.clients()), ['just-a-group-name']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'InvalidPhysicalId', physicalIds: ['just-a-group-name'] }),
    ]);
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }));
    const result = await codedeployDeploymentGroupHandler.read(ctx, ['app/group']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'codedeploy:GetDeploymentGroup',
        type: 'AWS::CodeDeploy::DeploymentGroup',
        physicalIds: ['app/group'],
      }),
    ]);
  });
});
