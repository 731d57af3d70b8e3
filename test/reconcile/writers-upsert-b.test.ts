import { GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { GetDeploymentCommand, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { AwsClients } from '../../src/aws/clients.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import type { DesiredState } from '../../src/desired/types.js';
import type { DriftReport } from '../../src/model/drift.js';
import { discover } from '../../src/discover/discover.js';
import type { KindHandler } from '../../src/discover/kind-handler.js';
import { codebuildProjectHandler } from '../../src/discover/kinds/codebuild-project.js';
import { codedeployDeploymentGroupHandler } from '../../src/discover/kinds/codedeploy-deployment-group.js';
import { codepipelinePipelineHandler } from '../../src/discover/kinds/codepipeline-pipeline.js';
import { ecsServiceHandler } from '../../src/discover/kinds/ecs-service.js';
import { ecsTaskDefinitionHandler } from '../../src/discover/kinds/ecs-task-definition.js';
import type { Rollout, UpdateChange } from '../../src/model/plan.js';
import { asLogicalId, type Properties } from '../../src/model/resource.js';
import type { ManagedType } from '../../src/model/resource-type.js';
import { applyPlan } from '../../src/reconcile/apply.js';
import { computeDrift } from '../../src/reconcile/diff/drift.js';
import type { WriterContext } from '../../src/reconcile/kind-writer.js';
import { planReconcile } from '../../src/reconcile/plan-reconcile.js';
import { WRITERS } from '../../src/reconcile/writers/registry.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { discoveryContext } from '../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../support/moto.js';
import { buildConsoleStack, type ScenarioNames } from '../support/scenario.js';

// Writers' updates against the emulator (moto_server), on the guide's console-built stack. Recorded HTTP
// (nock) stands in only where the emulator lacks the operation, and says so where it does:
// - CodeBuild UpdateProject and CodeDeploy UpdateDeploymentGroup: moto 5.2.1 has neither, so those tests
//   assert the request the SDK sent, and cannot read the change back;
// - CodeStar Connections (test/support/codestar-recorded.ts), which moto lacks entirely;
// - one ECS UpdateService, to show the request body carries healthCheckGracePeriodSeconds (moto also
//   stores what UpdateService sends, so the grace period is read back from moto as well).
let moto: Moto;
let aws: AwsClients;
let names: ScenarioNames;
let stopCodeStar: () => void;

const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };
const FAST = { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 2 };
type Body = Record<string, unknown>;

/** A fresh client set per call, so its call counter shows exactly what one writer call sent. */
function context(notes: string[] = []): WriterContext & { clients: AwsClients } {
  return {
    clients: moto.clients(),
    account: TEST_ACCOUNT,
    region: TEST_REGION,
    options: { forceDeleteSecrets: false },
    wait: FAST,
    willDelete: () => false,
    note: (message) => notes.push(message),
  };
}

function change(
  type: ManagedType,
  physicalId: string,
  properties: Properties,
  paths: string[],
  rollouts?: Rollout[],
): UpdateChange {
  return {
    action: 'update',
    id: asLogicalId('Thing'),
    type,
    physicalId,
    reason: 'test',
    properties,
    changes: paths.map((path) => ({ path })),
    ...(rollouts ? { rollouts } : {}),
  };
}

/** Runs the type's update writer; returns how many times each operation was sent. */
async function update(
  type: ManagedType,
  physicalId: string,
  properties: Properties,
  paths: string[],
  options: { rollouts?: Rollout[]; notes?: string[] } = {},
): Promise<(operation: string) => number> {
  const ctx = context(options.notes);
  await WRITERS.get(type)!.update!(ctx, change(type, physicalId, properties, paths, options.rollouts));
  return (operation) => ctx.clients.counter.count(operation);
}

/** Reads one resource back through its discovery handler: what `reclaim drift` will see. */
async function readBack(handler: KindHandler, physicalId: string): Promise<Properties> {
  const ctx = discoveryContext(aws, 4);
  const { resources, issues } = await handler.read(ctx, [physicalId]);
  expect(issues).toEqual([]);
  expect(resources).toHaveLength(1);
  return structuredClone(resources[0]!.properties) as Properties;
}

const parseBody = (body: unknown): Body => (typeof body === 'string' ? JSON.parse(body || '{}') : (body as Body));

/** Recorded HTTP for one operation the emulator lacks: answers it, and keeps every request body. */
function recordOperation(target: string, answer: (body: Body) => object): { bodies: Body[]; stop(): void } {
  const bodies: Body[] = [];
  const interceptor = nock(moto.endpoint, { allowUnmocked: true })
    .persist()
    .post('/')
    .matchHeader('x-amz-target', target);
  interceptor.reply((_uri, body) => {
    bodies.push(parseBody(body));
    return [200, answer(parseBody(body)), JSON_11];
  });
  return { bodies, stop: () => nock.removeInterceptor(interceptor) };
}

beforeAll(async () => {
  moto = await startMoto();
  aws = moto.clients();
  const facts = await buildConsoleStack(aws, { name: 'bash-dog', withDebris: false });
  names = facts.names;
  stopCodeStar = recordCodeStarConnections(moto.endpoint, [facts.connection!]);
}, 30_000);

afterAll(async () => {
  stopCodeStar?.();
  await moto?.stop();
});

/** Declared properties, loosely typed: the tests reach into them by path to edit the file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
type Editable = DesiredState & { resources: Record<string, { type: string; properties: Loose }> };

/** `reclaim import`, an edit of the file, `reclaim plan` and `reclaim apply`, in one: returns the edited file and what drift says after. */
async function importEditApply(edit: (properties: (type: string) => Loose) => void) {
  const snapshot = await discover(moto.clients(), { stack: 'bash-dog' });
  const imported = desiredFromSnapshot(snapshot);
  expect(computeDrift(imported, snapshot).drifts).toEqual([]);
  const desired = structuredClone(imported) as Editable;
  edit((type) => Object.values(desired.resources).find((resource) => resource.type === type)!.properties);
  const plan = planReconcile(desired, snapshot, computeDrift(desired, snapshot));
  const outcomes = await applyPlan(moto.clients(), plan, { wait: FAST });
  const after = await discover(moto.clients(), { stack: 'bash-dog' });
  return { desired, plan, outcomes, after, drift: computeDrift(desired, after) };
}

const driftPaths = (report: DriftReport) => report.drifts.map((drift) => `${drift.type} ${drift.path}`).sort();

describe('plan and apply through these writers', () => {
  it('bring live to an edited file; a second apply repeats only what the emulator cannot hold', async () => {
    // UpdateProject and UpdateDeploymentGroup are recorded HTTP (moto lacks them): those two changes are
    // sent, but moto cannot show them, so they are still drift afterwards.
    const project = recordOperation('CodeBuild_20161006.UpdateProject', (body) => ({ project: { name: body.name } }));
    const group = recordOperation('CodeDeploy_20141006.UpdateDeploymentGroup', () => ({ hooksNotCleanedUp: [] }));
    try {
      const { desired, plan, outcomes, after, drift } = await importEditApply((properties) => {
        properties('AWS::ECS::Service').HealthCheckGracePeriodSeconds = 900;
        properties('AWS::CodeBuild::Project').TimeoutInMinutes = 15;
        properties(
          'AWS::CodeDeploy::DeploymentGroup',
        ).BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes = 10;
      });
      expect(plan.changes.map((entry) => `${entry.action} ${entry.type}`).sort()).toEqual([
        'update AWS::CodeBuild::Project',
        'update AWS::CodeDeploy::DeploymentGroup',
        'update AWS::ECS::Service',
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['done', 'done', 'done']);
      expect(project.bodies).toEqual([{ name: names.buildProject, timeoutInMinutes: 15 }]);
      expect(group.bodies).toEqual([
        {
          applicationName: names.codeDeployApp,
          currentDeploymentGroupName: names.deploymentGroup,
          blueGreenDeploymentConfiguration: {
            terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 10 },
            deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
          },
        },
      ]);
      expect(driftPaths(drift)).toEqual([
        'AWS::CodeBuild::Project TimeoutInMinutes',
        'AWS::CodeDeploy::DeploymentGroup BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes',
      ]);

      const clients = moto.clients();
      await applyPlan(clients, planReconcile(desired, after, drift), { wait: FAST });
      expect(clients.counter.count('ecs:UpdateService')).toBe(0);
      expect(project.bodies).toHaveLength(2);
    } finally {
      project.stop();
      group.stop();
    }
  });

  // The plan resolves `!Ref` of a deployment group to reclaim's physical id `<application>/<group>`, not to
  // CloudFormation's Ref (the group name): the pipeline writer must still write the group name.
  it('bring a pipeline edit to live, keeping the deploy action’s DeploymentGroupName a group name', async () => {
    const { desired, outcomes, after, drift } = await importEditApply((properties) => {
      properties('AWS::CodePipeline::Pipeline').Stages[0].Actions[0].Configuration.BranchName = 'trunk';
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['done']);
    expect(driftPaths(drift)).toEqual([]);
    expect(planReconcile(desired, after, drift).changes).toEqual([]);
    const live = (await aws.codepipeline.send(new GetPipelineCommand({ name: names.pipeline }))).pipeline!;
    expect(live.stages![2]!.actions![0]!.configuration).toMatchObject({
      ApplicationName: names.codeDeployApp,
      DeploymentGroupName: names.deploymentGroup,
    });
  });
});

describe('ECS service update', () => {
  it('changes grace period, desired count and deployment configuration; the rest stays; a second run sends nothing', async () => {
    const before = await readBack(ecsServiceHandler, names.serviceArn);
    const declared = {
      ...before,
      HealthCheckGracePeriodSeconds: 300,
      DesiredCount: 2,
      DeploymentConfiguration: { MaximumPercent: 200, MinimumHealthyPercent: 50 },
      // The other target group of the blue/green pair, as after a deployment: CodeDeploy's, not a change.
      LoadBalancers: [
        { ContainerName: names.containers.nginx, ContainerPort: 80, TargetGroupArn: names.greenTargetGroupArn },
      ],
    };
    const paths = ['HealthCheckGracePeriodSeconds', 'DesiredCount', 'DeploymentConfiguration.MinimumHealthyPercent'];
    const sent = await update('AWS::ECS::Service', names.serviceArn, declared, paths);
    expect(sent('ecs:UpdateService')).toBe(1);

    const after = await readBack(ecsServiceHandler, names.serviceArn);
    expect(after).toEqual({ ...before, HealthCheckGracePeriodSeconds: 300, DesiredCount: 2 });
    // Discovery does not read DeploymentConfiguration; ECS reports it.
    const described = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: names.cluster, services: [names.service] }),
    );
    expect(described.services![0]!.deploymentConfiguration).toMatchObject({
      maximumPercent: 200,
      minimumHealthyPercent: 50,
    });

    const again = await update('AWS::ECS::Service', names.serviceArn, declared, paths);
    expect(again('ecs:UpdateService')).toBe(0);
  });

  it('sends healthCheckGracePeriodSeconds in the UpdateService request (recorded HTTP)', async () => {
    const bodies: Body[] = [];
    nock(moto.endpoint, { allowUnmocked: true })
      .post('/')
      .matchHeader('x-amz-target', 'AmazonEC2ContainerServiceV20141113.UpdateService')
      .reply((_uri, body) => {
        bodies.push(parseBody(body));
        return [200, { service: { serviceName: names.service, status: 'ACTIVE' } }, JSON_11];
      });
    const before = await readBack(ecsServiceHandler, names.serviceArn);
    await update('AWS::ECS::Service', names.serviceArn, { ...before, HealthCheckGracePeriodSeconds: 600 }, [
      'HealthCheckGracePeriodSeconds',
    ]);
    expect(bodies).toEqual([{ cluster: names.cluster, service: names.service, healthCheckGracePeriodSeconds: 600 }]);
  });

  it('refuses, before any write, what only a CodeDeploy deployment may change on a CODE_DEPLOY service', async () => {
    const before = await readBack(ecsServiceHandler, names.serviceArn);
    const attempt = (properties: Properties, paths: string[]) =>
      update('AWS::ECS::Service', names.serviceArn, { ...before, DesiredCount: 5, ...properties }, [
        'DesiredCount',
        ...paths,
      ]);
    await expect(
      attempt({ TaskDefinition: `arn:aws:ecs:${TEST_REGION}:${TEST_ACCOUNT}:task-definition/other-family:1` }, [
        'TaskDefinition',
      ]),
    ).rejects.toThrow(/task definition reaches service bash-dog through CodeDeploy/);
    await expect(
      attempt(
        {
          NetworkConfiguration: {
            AwsvpcConfiguration: {
              AssignPublicIp: 'DISABLED',
              SecurityGroups: [names.serviceSecurityGroupId],
              Subnets: [names.subnetIds[0]],
            },
          },
        },
        ['NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp'],
      ),
    ).rejects.toThrow(
      /CODE_DEPLOY deployment controller: its NetworkConfiguration change only through a CodeDeploy deployment/,
    );
    await expect(attempt({ PlatformVersion: '1.3.0' }, ['PlatformVersion'])).rejects.toThrow(/PlatformVersion/);
    await expect(attempt({}, ['LoadBalancers.0.ContainerPort'])).rejects.toThrow(/its LoadBalancers change only/);
    // A new revision of the same family is the task definition's to roll out: not a change of the service.
    const sameFamily = await update(
      'AWS::ECS::Service',
      names.serviceArn,
      { ...before, TaskDefinition: `${names.taskDefinitionFamily}:99` },
      [],
    );
    expect(sameFamily('ecs:UpdateService')).toBe(0);
    expect((await readBack(ecsServiceHandler, names.serviceArn)).DesiredCount).toBe(before.DesiredCount);
  });

  it('changes network configuration, platform version and task definition of a rolling-update (ECS) service', async () => {
    const other = await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'bash-dog-worker',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'worker', image: 'public.ecr.aws/docker/library/busybox:latest' }],
      }),
    );
    const created = await aws.ecs.send(
      new CreateServiceCommand({
        cluster: names.cluster,
        serviceName: 'bash-dog-worker',
        taskDefinition: names.taskDefinitionArn,
        desiredCount: 1,
        launchType: 'FARGATE',
        platformVersion: 'LATEST',
        deploymentController: { type: 'ECS' },
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: [...names.subnetIds],
            securityGroups: [names.serviceSecurityGroupId],
            assignPublicIp: 'ENABLED',
          },
        },
      }),
    );
    const arn = created.service!.serviceArn!;
    const before = await readBack(ecsServiceHandler, arn);
    const network = {
      AwsvpcConfiguration: {
        AssignPublicIp: 'DISABLED',
        SecurityGroups: [names.defaultSecurityGroupId],
        Subnets: [names.subnetIds[0]],
      },
    };
    const changed = {
      NetworkConfiguration: network,
      PlatformVersion: '1.4.0',
      TaskDefinition: other.taskDefinition!.taskDefinitionArn!,
    };
    const declared = { ...before, ...changed };
    const sent = await update('AWS::ECS::Service', arn, declared, [
      'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp',
      'PlatformVersion',
      'TaskDefinition',
    ]);
    expect(sent('ecs:UpdateService')).toBe(1);
    expect(await readBack(ecsServiceHandler, arn)).toEqual({ ...before, ...changed });
    const again = await update('AWS::ECS::Service', arn, declared, ['PlatformVersion']);
    expect(again('ecs:UpdateService')).toBe(0);
    // Back to the stack's family, for the rollout test below.
    await update('AWS::ECS::Service', arn, { ...declared, TaskDefinition: names.taskDefinitionArn }, [
      'TaskDefinition',
    ]);
  });
});

describe('ECS task definition update', () => {
  const codeDeployRollout = (): Rollout => ({
    kind: 'codedeploy',
    applicationName: names.codeDeployApp,
    deploymentGroupName: names.deploymentGroup,
    containerName: names.containers.nginx,
    containerPort: 80,
  });
  const revisions = async () =>
    (
      (await aws.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: names.taskDefinitionFamily })))
        .taskDefinitionArns ?? []
    ).filter((arn) => arn.includes(`task-definition/${names.taskDefinitionFamily}:`));
  const deployments = async () =>
    (
      await aws.codedeploy.send(
        new ListDeploymentsCommand({
          applicationName: names.codeDeployApp,
          deploymentGroupName: names.deploymentGroup,
        }),
      )
    ).deployments ?? [];

  /** The declared properties: as discovery reads the live revision, with the nginx container's API_PORT changed. */
  async function declaredWithApiPort(port: string): Promise<{ physicalId: string; properties: Properties }> {
    const [latest] = (await revisions()).slice(-1);
    const properties = await readBack(ecsTaskDefinitionHandler, latest!);
    const containers = properties.ContainerDefinitions as Array<Record<string, unknown>>;
    const nginx = containers.find((container) => container.Name === names.containers.nginx)!;
    nginx.Environment = [
      { Name: 'API_HOST', Value: 'localhost' },
      { Name: 'API_PORT', Value: port },
    ];
    // A different tag of the same ECR repository: the build's to choose, so live's tag stays.
    nginx.Image = String(nginx.Image).replace(/:latest$/, ':v2');
    return { physicalId: latest!, properties };
  }

  it('registers a revision merged over the live one and deploys it through CodeDeploy; a second run does neither', async () => {
    const before = await revisions();
    const deploymentsBefore = await deployments();
    const { physicalId, properties } = await declaredWithApiPort('8080');
    const notes: string[] = [];
    const paths = [`ContainerDefinitions[${names.containers.nginx}].Environment[API_PORT].Value`];
    await update('AWS::ECS::TaskDefinition', physicalId, properties, paths, { rollouts: [codeDeployRollout()], notes });

    const after = await revisions();
    expect(after).toHaveLength(before.length + 1);
    const newArn = after[after.length - 1]!;
    const readAfter = await readBack(ecsTaskDefinitionHandler, newArn);
    const live = structuredClone(properties);
    (live.ContainerDefinitions as Array<Record<string, unknown>>)[0]!.Image = `${names.repositoryUris.nginx}:latest`;
    expect(readAfter).toEqual(live);
    // Undeclared: the runtime platform and the port mapping's app protocol carry over.
    const described = (await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: newArn })))
      .taskDefinition!;
    expect(described.runtimePlatform).toEqual({ cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' });
    expect(described.containerDefinitions![0]!.portMappings![0]!.appProtocol).toBe('http');

    // The deployment: moto keeps it `Created` for ever, so only its request is checked, not its outcome.
    const created = (await deployments()).filter((id) => !deploymentsBefore.includes(id));
    expect(created).toHaveLength(1);
    const info = (await aws.codedeploy.send(new GetDeploymentCommand({ deploymentId: created[0]! }))).deploymentInfo!;
    expect(info.revision?.revisionType).toBe('AppSpecContent');
    const content = info.revision!.appSpecContent!.content!;
    expect(content).toMatch(/^version: 0\.0$/m);
    expect(parseYaml(content)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: newArn,
              LoadBalancerInfo: { ContainerName: names.containers.nginx, ContainerPort: 80 },
            },
          },
        },
      ],
    });
    expect(notes.join('\n')).toContain(`started CodeDeploy deployment ${created[0]}`);

    const againNotes: string[] = [];
    const again = await update('AWS::ECS::TaskDefinition', physicalId, properties, paths, {
      rollouts: [codeDeployRollout()],
      notes: againNotes,
    });
    expect(again('ecs:RegisterTaskDefinition')).toBe(0);
    expect(again('codedeploy:CreateDeployment')).toBe(0);
    expect(await revisions()).toEqual(after);
    expect(againNotes.join('\n')).toMatch(new RegExp(`deployment ${created[0]} .* already under way`));
  });

  it('rolls a revision out to a rolling-update service with UpdateService, once; never to a CODE_DEPLOY one', async () => {
    const { physicalId, properties } = await declaredWithApiPort('9090');
    const rollout: Rollout = { kind: 'ecs', cluster: names.cluster, service: 'bash-dog-worker' };
    const sent = await update('AWS::ECS::TaskDefinition', physicalId, properties, ['ContainerDefinitions'], {
      rollouts: [rollout],
    });
    expect(sent('ecs:RegisterTaskDefinition')).toBe(1);
    const newArn = (await revisions()).slice(-1)[0]!;
    const worker = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: names.cluster, services: ['bash-dog-worker'] }),
    );
    expect(worker.services![0]!.taskDefinition).toBe(newArn);
    const again = await update('AWS::ECS::TaskDefinition', physicalId, properties, ['ContainerDefinitions'], {
      rollouts: [rollout],
    });
    expect(again('ecs:RegisterTaskDefinition')).toBe(0);
    expect(again('ecs:UpdateService')).toBe(0);

    await expect(
      update('AWS::ECS::TaskDefinition', physicalId, properties, [], {
        rollouts: [{ kind: 'ecs', cluster: names.cluster, service: names.service }],
      }),
    ).rejects.toThrow(
      /CODE_DEPLOY deployment controller: its task definition changes only through a CodeDeploy deployment/,
    );
    await expect(
      update('AWS::ECS::TaskDefinition', physicalId, { ...properties, Family: 'renamed' }, ['Family']),
    ).rejects.toThrow(/Family cannot change in place/);
  });
});

describe('CodePipeline pipeline update', () => {
  it('merges declared stages over the live ones (undeclared action fields survive); a second run sends nothing', async () => {
    const before = await readBack(codepipelinePipelineHandler, names.pipeline);
    const version = async () =>
      (await aws.codepipeline.send(new GetPipelineCommand({ name: names.pipeline }))).pipeline!.version!;
    const versionBefore = await version();
    const stages = structuredClone(before.Stages) as Array<{ Name: string; Actions: Array<Record<string, unknown>> }>;
    const [source, build] = stages;
    (source!.Actions[0]!.Configuration as Record<string, string>).BranchName = 'release';
    // The file stops declaring the build action's run order and namespace: unmanaged, so they stay.
    delete build!.Actions[0]!.RunOrder;
    delete build!.Actions[0]!.Namespace;
    const declared = { ...before, Stages: stages };
    const paths = ['Stages[Source].Actions[Source].Configuration.BranchName'];
    const sent = await update('AWS::CodePipeline::Pipeline', names.pipeline, declared, paths);
    expect(sent('codepipeline:UpdatePipeline')).toBe(1);

    const after = await readBack(codepipelinePipelineHandler, names.pipeline);
    const expected = structuredClone(before) as typeof before & { Stages: typeof stages };
    (expected.Stages[0]!.Actions[0]!.Configuration as Record<string, string>).BranchName = 'release';
    expect(after).toEqual(expected);
    expect(await version()).toBe(versionBefore + 1);

    const again = await update('AWS::CodePipeline::Pipeline', names.pipeline, declared, paths);
    expect(again('codepipeline:UpdatePipeline')).toBe(0);
    expect(await version()).toBe(versionBefore + 1);
    await expect(
      update('AWS::CodePipeline::Pipeline', names.pipeline, { ...declared, Name: 'other' }, ['Name']),
    ).rejects.toThrow(/cannot change Name of a AWS::CodePipeline::Pipeline in place/);
  });
});

describe('CodeBuild project update (recorded HTTP: moto lacks UpdateProject)', () => {
  it('sends each changed setting whole, the declared members over the live ones; nothing when all match', async () => {
    const recording = recordOperation('CodeBuild_20161006.UpdateProject', (body) => ({ project: { name: body.name } }));
    try {
      const before = await readBack(codebuildProjectHandler, names.buildProject);
      const declared = {
        ...before,
        Environment: {
          Image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
          PrivilegedMode: false,
          ComputeType: 'BUILD_GENERAL1_MEDIUM',
          EnvironmentVariables: [{ Name: 'STAGE', Value: 'prod', Type: 'PLAINTEXT' }],
        },
        ConcurrentBuildLimit: 1,
        TimeoutInMinutes: 20,
        LogsConfig: { CloudWatchLogs: { Status: 'ENABLED', StreamName: 'build' } },
        Source: { Type: 'CODEPIPELINE', BuildSpec: 'buildspec.yml' },
      };
      await update('AWS::CodeBuild::Project', names.buildProject, declared, [
        'Environment.Image',
        'ConcurrentBuildLimit',
        'TimeoutInMinutes',
        'LogsConfig.CloudWatchLogs.StreamName',
        'Source.BuildSpec',
      ]);
      expect(recording.bodies).toEqual([
        {
          name: names.buildProject,
          environment: {
            type: 'LINUX_CONTAINER',
            image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
            computeType: 'BUILD_GENERAL1_MEDIUM',
            privilegedMode: false,
            imagePullCredentialsType: 'CODEBUILD',
            environmentVariables: [{ name: 'STAGE', value: 'prod', type: 'PLAINTEXT' }],
          },
          // Moto drops concurrentBuildLimit on create, so it differs here and is sent.
          concurrentBuildLimit: 1,
          timeoutInMinutes: 20,
          logsConfig: {
            cloudWatchLogs: { status: 'ENABLED', groupName: names.buildLogGroup, streamName: 'build' },
            s3Logs: { status: 'DISABLED', encryptionDisabled: false },
          },
          source: { type: 'CODEPIPELINE', location: names.pipeline, insecureSsl: false, buildspec: 'buildspec.yml' },
        },
      ]);

      // Declared equal to live (ConcurrentBuildLimit aside, which moto cannot hold): no call at all.
      const unchanged = await update('AWS::CodeBuild::Project', names.buildProject, before, ['TimeoutInMinutes']);
      expect(unchanged('codebuild:UpdateProject')).toBe(0);
      expect(recording.bodies).toHaveLength(1);
      await expect(
        update('AWS::CodeBuild::Project', names.buildProject, { ...before, Name: 'x' }, ['Name']),
      ).rejects.toThrow(/cannot change Name/);
    } finally {
      recording.stop();
    }
  });
});

describe('CodeDeploy deployment group update (recorded HTTP: moto lacks UpdateDeploymentGroup)', () => {
  it('sends the termination wait inside the whole blue/green configuration, and the config name; nothing when all match', async () => {
    const recording = recordOperation('CodeDeploy_20141006.UpdateDeploymentGroup', () => ({ hooksNotCleanedUp: [] }));
    const groupId = `${names.codeDeployApp}/${names.deploymentGroup}`;
    try {
      const before = await readBack(codedeployDeploymentGroupHandler, groupId);
      const declared = {
        ...before,
        DeploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
        BlueGreenDeploymentConfiguration: {
          TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE', TerminationWaitTimeInMinutes: 30 },
        },
      };
      await update('AWS::CodeDeploy::DeploymentGroup', groupId, declared, [
        'DeploymentConfigName',
        'BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes',
      ]);
      expect(recording.bodies).toEqual([
        {
          applicationName: names.codeDeployApp,
          currentDeploymentGroupName: names.deploymentGroup,
          deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
          blueGreenDeploymentConfiguration: {
            terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 30 },
            // Undeclared, carried over from the live group: the API would otherwise reset it.
            deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
          },
        },
      ]);

      const unchanged = await update('AWS::CodeDeploy::DeploymentGroup', groupId, before, ['DeploymentConfigName']);
      expect(unchanged('codedeploy:UpdateDeploymentGroup')).toBe(0);
      expect(recording.bodies).toHaveLength(1);
      await expect(
        update('AWS::CodeDeploy::DeploymentGroup', groupId, { ...before, DeploymentGroupName: 'renamed' }, [
          'DeploymentGroupName',
        ]),
      ).rejects.toThrow(/cannot change DeploymentGroupName/);
    } finally {
      recording.stop();
    }
  });

  it('refuses a declared reference to a resource that does not exist yet', async () => {
    const groupId = `${names.codeDeployApp}/${names.deploymentGroup}`;
    const before = await readBack(codedeployDeploymentGroupHandler, groupId);
    await expect(
      update(
        'AWS::CodeDeploy::DeploymentGroup',
        groupId,
        { ...before, ServiceRoleArn: { 'Fn::GetAtt': ['NewRole', 'Arn'] } },
        ['ServiceRoleArn'],
      ),
    ).rejects.toThrow(/ServiceRoleArn still references NewRole, which does not exist yet/);
  });
});
