import { beforeAll, describe, expect, it } from 'vitest';
import type { DesiredResource, DesiredState } from '../../src/desired/types.js';
import { UserError } from '../../src/errors.js';
import { exportCloudFormation } from '../../src/export/cloudformation.js';
import { exportInputFromDesired } from '../../src/export/input.js';
import { migrateToEcsBlueGreen, strategyFor, type TakenPriorities } from '../../src/migrate/ecs-blue-green.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  copy,
  importedExample,
  liveResource,
  withResource,
  type ImportedExample,
} from '../support/bash-dog-fixture.js';

/**
 * The migration as a pure change of the bundled example's desired state (the
 * guide's CodeDeploy stack): what it adds, what it decides from live, and
 * what it refuses. test/commands/migrate-ecs-blue-green.test.ts carries one out.
 */
let example: ImportedExample;
beforeAll(async () => {
  example = await importedExample();
});

/** Declared properties, loosely typed: the tests reach into them by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Editable = DesiredState & { resources: Record<string, DesiredResource & { properties: Record<string, Loose> }> };
const edited = (edit: (desired: Editable) => void): DesiredState => {
  const desired = copy(example.desired) as Editable;
  edit(desired);
  return desired;
};
const migrate = (
  desired = example.desired,
  snapshot: Snapshot = example.snapshot,
  taken: TakenPriorities = new Map(),
) => migrateToEcsBlueGreen({ desired, snapshot, takenPriorities: taken });
const listenerArn = () => liveResource(example.snapshot, 'AWS::ElasticLoadBalancingV2::Listener').physicalId;
const group = (desired: Editable) => desired.resources.DgpECSDeploymentGroup!.properties;

describe('migrateToEcsBlueGreen on the guide’s stack', () => {
  it('adds the role and a catch-all rule, moves the service and the deploy action, and retires CodeDeploy', () => {
    const { desired, services, added, retired } = migrate();
    expect(added).toEqual(['EcsInfrastructureRole', 'ServiceProductionListenerRule']);
    expect(desired.resources.EcsInfrastructureRole).toMatchObject({
      physicalId: 'bash-dog-ecs-infrastructure-role',
      properties: {
        AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'ecs.amazonaws.com' } }] },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers'],
      },
    });
    const rule = desired.resources.ServiceProductionListenerRule!;
    expect(rule.physicalId).toBeUndefined();
    expect(rule.properties).toMatchObject({ ListenerArn: { Ref: 'Listener443Listener' }, Priority: 1 });
    expect(desired.resources.Service!.properties).toMatchObject({
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: { Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 5 },
      LoadBalancers: [
        {
          ContainerName: 'bash-dog-nginx',
          TargetGroupArn: { Ref: 'MainTargetGroup' },
          AdvancedConfiguration: {
            AlternateTargetGroupArn: { Ref: 'SecondaryTargetGroup' },
            ProductionListenerRule: { Ref: 'ServiceProductionListenerRule' },
            RoleArn: { 'Fn::GetAtt': ['EcsInfrastructureRole', 'Arn'] },
          },
        },
      ],
    });
    expect(JSON.stringify(desired.resources.Pipeline)).not.toContain('CodeDeploy');
    expect(desired.resources.AppECSApplication).toBeUndefined();
    expect(desired.resources.DgpECSDeploymentGroup).toBeUndefined();
    expect(retired.map((entry) => entry.physicalId).sort()).toEqual([
      'AppECS-bash-dog-bash-dog',
      'AppECS-bash-dog-bash-dog/DgpECS-bash-dog-bash-dog',
    ]);
    expect(desired.debris).toEqual(expect.arrayContaining([...retired]));
    expect(services[0]!.imageDefinitions.containers.map((container) => container.name)).toEqual([
      'bash-dog-nginx',
      'bash-dog-api',
      'bash-dog-sidecar',
    ]);
  });

  it('points the rule at the target group the listener serves now, when CodeDeploy has swapped the pair', () => {
    const secondary = liveResource(example.snapshot, 'AWS::ElasticLoadBalancingV2::TargetGroup', (tg) =>
      tg.id.startsWith('Secondary'),
    );
    const swapped = withResource(
      example.snapshot,
      liveResource(example.snapshot, 'AWS::ElasticLoadBalancingV2::Listener').id,
      (listener) => ({
        ...listener,
        properties: {
          ...listener.properties,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: secondary.physicalId }],
        },
      }),
    );
    const { desired, services } = migrate(example.desired, swapped);
    expect(services[0]).toMatchObject({
      productionTargetGroupId: 'SecondaryTargetGroup',
      alternateTargetGroupId: 'MainTargetGroup',
    });
    const forward = (desired.resources.ServiceProductionListenerRule!.properties.Actions as Loose[])[0].ForwardConfig;
    expect(forward.TargetGroups).toEqual([
      { TargetGroupArn: { Ref: 'SecondaryTargetGroup' }, Weight: 100 },
      { TargetGroupArn: { Ref: 'MainTargetGroup' }, Weight: 0 },
    ]);
    expect((desired.resources.Service!.properties.LoadBalancers as Loose[])[0].TargetGroupArn).toEqual({
      Ref: 'SecondaryTargetGroup',
    });
  });

  it('takes the priority after every rule the listener has', () => {
    const { desired } = migrate(example.desired, example.snapshot, new Map([[listenerArn(), [3, 10, 7]]]));
    expect(desired.resources.ServiceProductionListenerRule!.properties.Priority).toBe(11);
  });

  it('adds a test listener rule when the group has a test traffic route', () => {
    const desired = edited((d) => {
      (group(d).LoadBalancerInfo.TargetGroupPairInfoList[0] as Loose).TestTrafficRoute = {
        ListenerArns: [{ Ref: 'Listener443Listener' }],
      };
    });
    const { desired: migrated } = migrate(desired);
    expect(migrated.resources.ServiceTestListenerRule!.properties.Priority).toBe(2);
    expect(
      (migrated.resources.Service!.properties.LoadBalancers as Loose[])[0].AdvancedConfiguration.TestListenerRule,
    ).toEqual({
      Ref: 'ServiceTestListenerRule',
    });
  });

  it('carries the deployment config and termination wait over as strategy and bake time', () => {
    const desired = edited((d) => {
      group(d).DeploymentConfigName = 'CodeDeployDefault.ECSCanary10Percent15Minutes';
      group(d).BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes =
        60;
    });
    expect(migrate(desired).desired.resources.Service!.properties.DeploymentConfiguration).toEqual({
      Strategy: 'CANARY',
      BakeTimeInMinutes: 60,
      CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 15 },
    });
    const atOnce = edited((d) => {
      group(d).BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes =
        0;
    });
    const migrated = migrate(atOnce);
    expect(migrated.services[0]!.bakeTimeInMinutes).toBe(5);
    expect(migrated.notes.join('\n')).toMatch(/termination wait 0\): Service gets a bake time of 5 minutes/);
  });

  it('maps each CodeDeploy ECS config to an ECS strategy, and a custom one to none', () => {
    expect(strategyFor('CodeDeployDefault.ECSAllAtOnce')).toEqual({ kind: 'BLUE_GREEN' });
    expect(strategyFor('CodeDeployDefault.ECSLinear10PercentEvery1Minutes')).toEqual({
      kind: 'LINEAR',
      stepPercent: 10,
      stepBakeTimeInMinutes: 1,
    });
    expect(strategyFor('CodeDeployDefault.ECSLinear10PercentEvery3Minutes')).toMatchObject({
      stepBakeTimeInMinutes: 3,
    });
    expect(strategyFor('CodeDeployDefault.ECSCanary10Percent5Minutes')).toEqual({
      kind: 'CANARY',
      canaryPercent: 10,
      canaryBakeTimeInMinutes: 5,
    });
    expect(strategyFor('MyCompany.Slowly')).toBeUndefined();
  });

  it('keeps declared what something else still names, and says so', () => {
    const desired = edited((d) => {
      d.resources.PipelineRole!.properties.Tags = [{ Key: 'deploys-with', Value: { Ref: 'AppECSApplication' } }];
    });
    const { desired: migrated, notes, retired } = migrate(desired);
    expect(migrated.resources.AppECSApplication).toBeDefined();
    expect(retired.map((entry) => entry.type)).toEqual(['AWS::CodeDeploy::DeploymentGroup']);
    expect(notes.join('\n')).toMatch(/AppECSApplication stays declared: something else in the file still names it/);
  });

  it('exports the listener rule AWS has not made yet as left out, saying so, and what names it with it', () => {
    const { excluded } = exportCloudFormation(exportInputFromDesired(migrate().desired, 'reclaim.migrated.yaml'));
    const why = Object.fromEntries(excluded.map((entry) => [entry.id, entry]));
    expect(why.ServiceProductionListenerRule).toMatchObject({ kind: 'not-created' });
    expect(why.ServiceProductionListenerRule?.reason).toMatch(/run reclaim apply, then reclaim import/);
    expect(why.Service).toMatchObject({ kind: 'unresolved-reference' });
  });

  it('refuses a stack CodeDeploy does not deploy, naming why', () => {
    const native = edited((d) => {
      d.resources.Service!.properties.DeploymentController = { Type: 'ECS' };
    });
    expect(() => migrate(native)).toThrow(UserError);
    expect(() => migrate(native)).toThrow(
      /No service of stack bash-dog is deployed blue\/green by CodeDeploy.*deployed by ECS already/,
    );
  });
});
