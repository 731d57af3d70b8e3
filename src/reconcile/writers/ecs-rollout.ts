import {
  BatchGetDeploymentsCommand,
  CreateDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  type DeploymentStatus,
} from '@aws-sdk/client-codedeploy';
import { UpdateServiceCommand, type AwsVpcConfiguration } from '@aws-sdk/client-ecs';
import type { Rollout } from '../../model/plan.js';
import { lastArnSegment } from '../../util/arn.js';
import type { WriterContext } from '../kind-writer.js';
import { describeService } from './ecs-service.js';

type CodeDeployRollout = Extract<Rollout, { kind: 'codedeploy' }>;
type EcsRollout = Extract<Rollout, { kind: 'ecs' }>;

/** A deployment in one of these states will still put its revision in place. */
const UNDER_WAY: DeploymentStatus[] = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];

/** BatchGetDeployments takes at most 25 ids. */
const BATCH = 25;

/**
 * The AppSpec of an Amazon ECS deployment: the revision to run, and the
 * container and port the load balancer sends traffic to. YAML, so that
 * `version` reads 0.0 as the format requires (JSON would write 0).
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs
 */
export function ecsAppSpec(
  taskDefinitionArn: string,
  containerName: string,
  containerPort: number,
  network?: AwsVpcConfiguration,
): string {
  const lines = [
    'version: 0.0',
    'Resources:',
    '  - TargetService:',
    '      Type: AWS::ECS::Service',
    '      Properties:',
    `        TaskDefinition: ${JSON.stringify(taskDefinitionArn)}`,
    '        LoadBalancerInfo:',
    `          ContainerName: ${JSON.stringify(containerName)}`,
    `          ContainerPort: ${containerPort}`,
  ];
  if (network) {
    // A CODE_DEPLOY service's network changes with the next deployment: the appspec carries it.
    lines.push('        NetworkConfiguration:', '          AwsvpcConfiguration:');
    lines.push(`            Subnets: ${JSON.stringify(network.subnets ?? [])}`);
    lines.push(`            SecurityGroups: ${JSON.stringify(network.securityGroups ?? [])}`);
    if (network.assignPublicIp) lines.push(`            AssignPublicIp: ${JSON.stringify(network.assignPublicIp)}`);
  }
  return [...lines, ''].join('\n');
}

/** True when ECS reports that every service the group deploys to runs `arn` already. */
async function servicesRun(ctx: WriterContext, rollout: CodeDeployRollout, arn: string): Promise<boolean> {
  const output = await ctx.clients.codedeploy.send(
    new GetDeploymentGroupCommand({
      applicationName: rollout.applicationName,
      deploymentGroupName: rollout.deploymentGroupName,
    }),
  );
  const services = output.deploymentGroupInfo?.ecsServices ?? [];
  if (services.length === 0) return false;
  const running = await Promise.all(
    services.map(async (entry) => {
      const service = await describeService(ctx, entry.clusterName ?? 'default', entry.serviceName ?? '');
      return service?.taskDefinition === arn;
    }),
  );
  return running.every(Boolean);
}

/** The id of a deployment of the group that is still under way and deploys `arn`, if there is one. */
async function deploymentUnderWay(
  ctx: WriterContext,
  rollout: CodeDeployRollout,
  arn: string,
): Promise<string | undefined> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.clients.codedeploy.send(
      new ListDeploymentsCommand({
        applicationName: rollout.applicationName,
        deploymentGroupName: rollout.deploymentGroupName,
        includeOnlyStatuses: UNDER_WAY,
        nextToken,
      }),
    );
    ids.push(...(page.deployments ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  for (let start = 0; start < ids.length; start += BATCH) {
    const output = await ctx.clients.codedeploy.send(
      new BatchGetDeploymentsCommand({ deploymentIds: ids.slice(start, start + BATCH) }),
    );
    const found = (output.deploymentsInfo ?? []).find((deployment) => {
      const revision = deployment.revision;
      const content = revision?.appSpecContent?.content ?? revision?.string?.content ?? '';
      return content.includes(arn);
    });
    if (found?.deploymentId) return found.deploymentId;
  }
  return undefined;
}

/**
 * Deploys the revision through the service's CodeDeploy deployment group:
 * the only way a task definition reaches a service under the CODE_DEPLOY
 * controller. Idempotent: nothing is created when the services run the
 * revision already, or when a deployment of it is still under way (a run
 * killed after creating it). Does not wait for the deployment to finish: a
 * blue/green deployment takes as long as its traffic shifting and
 * termination wait, and it is CodeDeploy's to finish or roll back; the
 * deployment id is reported so that people can follow it.
 * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_CreateDeployment.html
 */
export async function deployThroughCodeDeploy(
  ctx: WriterContext,
  rollout: CodeDeployRollout,
  arn: string,
  network?: AwsVpcConfiguration,
): Promise<void> {
  const revision = lastArnSegment(arn);
  if (!network && (await servicesRun(ctx, rollout, arn))) {
    ctx.note(`the services of ${rollout.deploymentGroupName} run ${revision} already`);
    return;
  }
  const underWay = await deploymentUnderWay(ctx, rollout, arn);
  if (underWay) {
    ctx.note(`CodeDeploy deployment ${underWay} of ${revision} is already under way`);
    return;
  }
  const created = await ctx.clients.codedeploy.send(
    new CreateDeploymentCommand({
      applicationName: rollout.applicationName,
      deploymentGroupName: rollout.deploymentGroupName,
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content: ecsAppSpec(arn, rollout.containerName, rollout.containerPort, network) },
      },
      description: `reclaim apply: deploy ${revision}`,
    }),
  );
  ctx.note(
    `started CodeDeploy deployment ${created.deploymentId ?? '(no id)'} of ${revision} ` +
      `(${rollout.applicationName}/${rollout.deploymentGroupName}); CodeDeploy finishes it`,
  );
}

/** Points a service under the ECS (rolling update) controller at the revision. */
async function updateService(ctx: WriterContext, rollout: EcsRollout, arn: string): Promise<void> {
  const service = await describeService(ctx, rollout.cluster, rollout.service);
  if (!service) throw new Error(`service ${rollout.service} does not exist in cluster ${rollout.cluster}`);
  if (service.deploymentController?.type === 'CODE_DEPLOY') {
    throw new Error(
      `service ${rollout.service} is under the CODE_DEPLOY deployment controller: its task definition changes only ` +
        'through a CodeDeploy deployment, never UpdateService (declare its deployment group so reclaim can deploy through it)',
    );
  }
  if (service.taskDefinition === arn) return;
  await ctx.clients.ecs.send(
    new UpdateServiceCommand({ cluster: rollout.cluster, service: rollout.service, taskDefinition: arn }),
  );
  ctx.note(`service ${rollout.service} now rolls out ${lastArnSegment(arn)}`);
}

/** Makes the revision reach one service that runs its family, through the control plane that service uses. */
export async function rollOut(ctx: WriterContext, rollout: Rollout, taskDefinitionArn: string): Promise<void> {
  if (rollout.kind === 'codedeploy') await deployThroughCodeDeploy(ctx, rollout, taskDefinitionArn);
  else await updateService(ctx, rollout, taskDefinitionArn);
}
