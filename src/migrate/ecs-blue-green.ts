/**
 * The move from CodeDeploy blue/green to ECS-native blue/green, as a change
 * of the desired state: what AWS documents in "Migrate CodeDeploy blue/green
 * deployments to Amazon ECS blue/green deployments", written as the file
 * `reclaim apply` then carries out. Pure: live is read by the caller.
 *
 * The same listener and target groups serve on. What changes:
 * 1. an infrastructure role ECS assumes to move traffic
 *    (`AmazonECSInfrastructureRolePolicyForLoadBalancers`);
 * 2. a listener rule on the production listener (and on the test listener,
 *    when the group had one) forwarding to both target groups, because ECS
 *    shifts weights on a rule, not on a listener's default action;
 * 3. the service: deployment controller ECS, a strategy and bake time from
 *    the deployment group's config, and `AdvancedConfiguration` naming the
 *    alternate target group, the rules and the role;
 * 4. the pipeline's deploy action: "Amazon ECS" on the image definitions
 *    file, instead of "Amazon ECS (Blue/Green)" on taskdef.json + appspec.yaml,
 *    and the pipeline role allowed what that action calls;
 * 5. the CodeDeploy application and group: no longer declared, listed as
 *    debris for `reclaim cleanup` once the service has left them.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen.html
 */
import { partitionOf, type Placement } from '../desired/pseudo.js';
import { intrinsicsIn, intrinsicTargets } from '../desired/intrinsics.js';
import type { DebrisEntry, DesiredResource, DesiredState } from '../desired/types.js';
import { UserError } from '../errors.js';
import { identityOf } from '../model/identity.js';
import type { Properties } from '../model/resource.js';
import type { Snapshot } from '../model/snapshot.js';
import { DesiredResolver, matchResources, type Match } from '../reconcile/diff/drift.js';

/** The priorities already taken on each listener (by listener ARN), the default rule left out. */
export type TakenPriorities = ReadonlyMap<string, readonly number[]>;

export interface MigrationInput {
  /** The stack as it is: imported from live, or the file the user keeps. */
  readonly desired: DesiredState;
  /** Live: which target group each listener forwards to now decides which one stays production. */
  readonly snapshot: Snapshot;
  readonly takenPriorities: TakenPriorities;
}

/** How ECS will deploy, from the deployment group's config. */
export type NativeStrategy =
  | { readonly kind: 'BLUE_GREEN' }
  | { readonly kind: 'LINEAR'; readonly stepPercent: number; readonly stepBakeTimeInMinutes: number }
  | { readonly kind: 'CANARY'; readonly canaryPercent: number; readonly canaryBakeTimeInMinutes: number };

export interface MigratedService {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly deploymentGroupId: string;
  readonly strategy: NativeStrategy;
  readonly bakeTimeInMinutes: number;
  readonly productionTargetGroupId: string;
  readonly alternateTargetGroupId: string;
  readonly productionRuleId: string;
  readonly testRuleId?: string;
  /** The deploy actions moved to "Amazon ECS", as `Pipeline/Stage/Action`. */
  readonly deployActions: readonly string[];
  /** What the build must now write: the file and one `{name, imageUri}` per container the build pushes. */
  readonly imageDefinitions: { readonly file: string; readonly containers: readonly ImageDefinition[] };
}

export interface ImageDefinition {
  readonly name: string;
  /** The repository the build pushes to, without a tag. */
  readonly repository: string;
}

export interface EcsBlueGreenMigration {
  readonly desired: DesiredState;
  readonly services: readonly MigratedService[];
  /** The logical ids added: the infrastructure role (unless one was declared already) and the listener rules. */
  readonly added: readonly string[];
  /** The role ECS assumes for every migrated service, and whether the migration added it. */
  readonly infrastructureRole: { readonly id: string; readonly created: boolean };
  /** The pipeline roles given the policy the "Amazon ECS" deploy action needs. */
  readonly pipelineRoleGrants: readonly string[];
  /** What was taken out of `resources` and listed as debris. */
  readonly retired: readonly DebrisEntry[];
  /** What the migration does not carry over, and what the user must do by hand. */
  readonly notes: readonly string[];
}

export const INFRASTRUCTURE_POLICY = 'AmazonECSInfrastructureRolePolicyForLoadBalancers';
export const IMAGE_DEFINITIONS_FILE = 'imagedefinitions.json';
/** ECS accepts a bake time of 0–1440 minutes. */
const MAX_BAKE_TIME = 1440;
/** When the group kept no old tasks (termination wait 0), the bake time doctor suggests (RC029). */
const DEFAULT_BAKE_TIME = 5;
/** What the "Amazon ECS" deploy action calls with the pipeline's role. */
const ECS_DEPLOY_ACTIONS = [
  'ecs:DescribeServices',
  'ecs:DescribeTaskDefinition',
  'ecs:DescribeTasks',
  'ecs:ListTasks',
  'ecs:RegisterTaskDefinition',
  'ecs:TagResource',
  'ecs:UpdateService',
];
export const ECS_DEPLOY_POLICY = 'reclaim-ecs-deploy-action';

type Json = Record<string, unknown>;
type Resources = Record<string, DesiredResource>;

const ref = (id: string) => ({ Ref: id });
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asJson = (value: unknown): Json => (isJson(value) ? value : {});

/** The deployment group's config as an ECS strategy; a custom config has no counterpart and deploys all at once. */
export function strategyFor(deploymentConfigName: string | undefined): NativeStrategy | undefined {
  const name = deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce';
  if (name === 'CodeDeployDefault.ECSAllAtOnce') return { kind: 'BLUE_GREEN' };
  const linear = /^CodeDeployDefault\.ECSLinear(\d+)PercentEvery(\d+)Minutes?$/.exec(name);
  if (linear) return { kind: 'LINEAR', stepPercent: Number(linear[1]), stepBakeTimeInMinutes: Number(linear[2]) };
  const canary = /^CodeDeployDefault\.ECSCanary(\d+)Percent(\d+)Minutes?$/.exec(name);
  if (canary) return { kind: 'CANARY', canaryPercent: Number(canary[1]), canaryBakeTimeInMinutes: Number(canary[2]) };
  return undefined;
}

/** A logical id not yet taken. */
function freshId(resources: Resources, base: string): string {
  if (!(base in resources)) return base;
  for (let n = 2; ; n++) if (!(`${base}${n}` in resources)) return `${base}${n}`;
}

/** IAM role names are at most 64 characters. */
const roleName = (stack: string) => `${stack.slice(0, 64 - '-ecs-infrastructure-role'.length)}-ecs-infrastructure-role`;

/** The ids of the resources a value's intrinsics name. */
function targetsOf(value: unknown): string[] {
  return [...intrinsicsIn(value)].flatMap(({ intrinsic }) => intrinsicTargets(intrinsic));
}

class Migration {
  readonly resources: Resources;
  readonly notes: string[] = [];
  readonly added: string[] = [];
  readonly pipelineRoleGrants: string[] = [];
  private readonly resolver: DesiredResolver;
  private readonly match: Match;
  private readonly placement: Placement;
  private readonly assigned = new Map<string, number[]>();
  private infrastructureRoleId: string | undefined;

  constructor(private readonly input: MigrationInput) {
    const { desired, snapshot } = input;
    this.placement = { account: desired.account, region: desired.region };
    this.match = matchResources(desired, snapshot, this.placement);
    this.resolver = new DesiredResolver(desired, this.match, this.placement);
    this.resources = structuredClone({ ...desired.resources }) as Resources;
  }

  concrete(value: unknown): string | undefined {
    const resolved = this.resolver.resolve(value, 'concrete');
    return typeof resolved === 'string' ? resolved : undefined;
  }

  /** The declared target group an entry of the deployment group's pair names (`Name: !GetAtt X.TargetGroupName` or a name). */
  targetGroupId(entry: unknown): string | undefined {
    const name = asJson(entry).Name;
    const [target] = targetsOf(name);
    if (target && this.resources[target]?.type === 'AWS::ElasticLoadBalancingV2::TargetGroup') return target;
    const concrete = this.concrete(name);
    return Object.entries(this.resources).find(
      ([, resource]) =>
        resource.type === 'AWS::ElasticLoadBalancingV2::TargetGroup' && resource.properties.Name === concrete,
    )?.[0];
  }

  /** The declared listener a route names (`ListenerArns: [!Ref L]`). */
  listenerId(route: unknown): string | undefined {
    const [listener] = listOf(asJson(route).ListenerArns);
    const [target] = targetsOf(listener);
    if (target && this.resources[target]?.type === 'AWS::ElasticLoadBalancingV2::Listener') return target;
    if (typeof listener !== 'string') return undefined;
    return Object.keys(this.resources).find(
      (id) =>
        this.resources[id]!.type === 'AWS::ElasticLoadBalancingV2::Listener' && this.concrete(ref(id)) === listener,
    );
  }

  /**
   * Which of the pair serves production now: the one the live listener
   * forwards to (CodeDeploy may have swapped them since import), else the one
   * the service names. A rule forwarding to the other would move all traffic
   * to idle tasks.
   */
  productionOf(pair: readonly [string, string], listenerId: string, serviceLoadBalancer: Json): string {
    const live = this.match.liveOf.get(listenerId);
    const [action] = listOf(live?.properties.DefaultActions);
    const forward = asJson(action);
    const weighted = listOf(asJson(forward.ForwardConfig).TargetGroups).map(asJson);
    const arn =
      typeof forward.TargetGroupArn === 'string'
        ? forward.TargetGroupArn
        : weighted.sort((a, b) => Number(b.Weight ?? 1) - Number(a.Weight ?? 1))[0]?.TargetGroupArn;
    const byLive = pair.find((id) => {
      const member = this.match.liveOf.get(id);
      return (
        member !== undefined &&
        typeof arn === 'string' &&
        identityOf(member.type, member.physicalId) === identityOf(member.type, arn)
      );
    });
    if (byLive) return byLive;
    const [named] = targetsOf(serviceLoadBalancer.TargetGroupArn);
    if (named && pair.includes(named)) {
      this.notes.push(
        `The live listener ${listenerId} was not read: ${named} is taken as production because the service names it. Check it forwards there before applying.`,
      );
      return named;
    }
    return pair[0];
  }

  /** The next free priority on a listener, after every rule it has: the new rule then serves what the default action did. */
  priorityOn(listenerId: string): number {
    const arn = this.concrete(ref(listenerId)) ?? listenerId;
    const taken = [...(this.input.takenPriorities.get(arn) ?? []), ...(this.assigned.get(arn) ?? [])];
    const priority = taken.length === 0 ? 1 : Math.max(...taken) + 1;
    this.assigned.set(arn, [...(this.assigned.get(arn) ?? []), priority]);
    return priority;
  }

  /** The one role ECS assumes for every migrated service: an existing one that fits, else a new one. */
  infrastructureRole(): string {
    if (this.infrastructureRoleId) return this.infrastructureRoleId;
    const existing = Object.entries(this.resources).find(
      ([, resource]) =>
        resource.type === 'AWS::IAM::Role' &&
        JSON.stringify(resource.properties.AssumeRolePolicyDocument ?? {}).includes('"ecs.amazonaws.com"') &&
        listOf(resource.properties.ManagedPolicyArns).some(
          (arn) => typeof arn === 'string' && arn.endsWith(`/${INFRASTRUCTURE_POLICY}`),
        ),
    )?.[0];
    if (existing) return (this.infrastructureRoleId = existing);
    const id = freshId(this.resources, 'EcsInfrastructureRole');
    const name = roleName(this.input.desired.stack);
    this.resources[id] = {
      type: 'AWS::IAM::Role',
      physicalId: name,
      properties: {
        RoleName: name,
        Path: '/',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Description: 'Lets ECS move load balancer traffic between the blue and green target groups',
        MaxSessionDuration: 3600,
        ManagedPolicyArns: [`arn:${partitionOf(this.placement.region)}:iam::aws:policy/${INFRASTRUCTURE_POLICY}`],
        Policies: [],
        PermissionsBoundary: { Ref: 'AWS::NoValue' },
        Tags: [],
      },
    };
    this.added.push(id);
    return (this.infrastructureRoleId = id);
  }

  /** A catch-all rule on a listener forwarding to production (weight 100) and the alternate (0). */
  listenerRule(base: string, listenerId: string, production: string, alternate: string): string {
    const id = freshId(this.resources, base);
    this.resources[id] = {
      type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      properties: {
        ListenerArn: ref(listenerId),
        Priority: this.priorityOn(listenerId),
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
        Actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: ref(production), Weight: 100 },
                { TargetGroupArn: ref(alternate), Weight: 0 },
              ],
            },
          },
        ],
      },
    };
    this.added.push(id);
    return id;
  }

  /** The build's containers: those whose image is in a repository, as the image definitions file lists them. */
  imageDefinitions(serviceId: string): ImageDefinition[] {
    const [taskDefinitionId] = targetsOf(this.resources[serviceId]!.properties.TaskDefinition);
    const taskDefinition = taskDefinitionId ? this.resources[taskDefinitionId] : undefined;
    return listOf(taskDefinition?.properties.ContainerDefinitions).flatMap((container) => {
      const name = asJson(container).Name;
      const image = this.concrete(asJson(container).Image);
      if (typeof name !== 'string' || !image?.includes('.dkr.ecr.')) return [];
      return [{ name, repository: image.replace(/(@sha256:[0-9a-f]+|:[^:/]+)$/, '') }];
    });
  }
}

/** The CodeDeploy deployment groups that deploy a service, with the service's declared id. */
function groupsByService(migration: Migration): Array<{ groupId: string; serviceId: string }> {
  const services = Object.entries(migration.resources).filter(([, r]) => r.type === 'AWS::ECS::Service');
  return Object.entries(migration.resources).flatMap(([groupId, group]) => {
    if (group.type !== 'AWS::CodeDeploy::DeploymentGroup') return [];
    return listOf(group.properties.ECSServices).flatMap((entry) => {
      const serviceName = migration.concrete(asJson(entry).ServiceName);
      const cluster = migration.concrete(asJson(entry).ClusterName);
      const found = services.find(
        ([id, service]) =>
          migration.concrete(service.properties.ServiceName) === serviceName &&
          sameCluster(migration.concrete(service.properties.Cluster), cluster) &&
          controllerOf(migration.resources[id]!) === 'CODE_DEPLOY',
      );
      return found ? [{ groupId, serviceId: found[0] }] : [];
    });
  });
}

/** A cluster named by name or ARN; a group entry without one names the service alone. */
const sameCluster = (declared: string | undefined, named: string | undefined): boolean =>
  named === undefined ||
  declared === undefined ||
  declared.replace(/^.*:cluster\//, '') === named.replace(/^.*:cluster\//, '');

const controllerOf = (service: DesiredResource): unknown => asJson(service.properties.DeploymentController).Type;

function deploymentConfiguration(declared: unknown, strategy: NativeStrategy, bakeTimeInMinutes: number): Properties {
  const kept = Object.fromEntries(
    Object.entries(asJson(declared)).filter(([key]) =>
      ['MaximumPercent', 'MinimumHealthyPercent', 'Alarms'].includes(key),
    ),
  );
  return {
    ...kept,
    Strategy: strategy.kind,
    BakeTimeInMinutes: bakeTimeInMinutes,
    ...(strategy.kind === 'LINEAR'
      ? {
          LinearConfiguration: {
            StepPercent: strategy.stepPercent,
            StepBakeTimeInMinutes: strategy.stepBakeTimeInMinutes,
          },
        }
      : {}),
    ...(strategy.kind === 'CANARY'
      ? {
          CanaryConfiguration: {
            CanaryPercent: strategy.canaryPercent,
            CanaryBakeTimeInMinutes: strategy.canaryBakeTimeInMinutes,
          },
        }
      : {}),
  };
}

/** Whether a pipeline action's `DeploymentGroupName` names this group. */
function deploysThrough(migration: Migration, configuration: Json, groupId: string): boolean {
  const named = configuration.DeploymentGroupName;
  if (targetsOf(named).includes(groupId)) return true;
  const group = migration.resources[groupId]!;
  return typeof named === 'string' && named === migration.concrete(group.properties.DeploymentGroupName);
}

/** Moves every "Amazon ECS (Blue/Green)" action on the group to "Amazon ECS" on the service; returns where they were. */
function moveDeployActions(migration: Migration, groupId: string, serviceId: string): string[] {
  const service = migration.resources[serviceId]!;
  const moved: string[] = [];
  for (const [pipelineId, pipeline] of Object.entries(migration.resources)) {
    if (pipeline.type !== 'AWS::CodePipeline::Pipeline') continue;
    const stages = listOf(pipeline.properties.Stages).map((stage) => {
      const actions = listOf(asJson(stage).Actions).map((item) => {
        const action = asJson(item);
        const type = asJson(action.ActionTypeId);
        const configuration = asJson(action.Configuration);
        if (type.Provider !== 'CodeDeployToECS' || !deploysThrough(migration, configuration, groupId)) return item;
        moved.push(`${pipelineId}/${String(asJson(stage).Name)}/${String(action.Name)}`);
        const artifact =
          configuration.TaskDefinitionTemplateArtifact ?? listOf(action.InputArtifacts).map(asJson)[0]?.Name;
        const kept = Object.fromEntries(
          Object.entries(action).filter(([key]) => !['Configuration', 'InputArtifacts', 'ActionTypeId'].includes(key)),
        );
        return {
          ...kept,
          ActionTypeId: { ...type, Provider: 'ECS' },
          Configuration: {
            // Names, as import writes an "Amazon ECS" action: discovery reads no reference out of its configuration.
            ClusterName: migration.concrete(service.properties.Cluster),
            ServiceName: migration.concrete(service.properties.ServiceName),
            FileName: IMAGE_DEFINITIONS_FILE,
          },
          ...(artifact !== undefined ? { InputArtifacts: [{ Name: artifact }] } : {}),
        };
      });
      return { ...asJson(stage), Actions: actions };
    });
    if (moved.some((at) => at.startsWith(`${pipelineId}/`))) {
      migration.resources[pipelineId] = { ...pipeline, properties: { ...pipeline.properties, Stages: stages } };
      allowEcsDeploy(migration, pipeline);
    }
  }
  return moved;
}

/** The pipeline role, when declared, gets what the "Amazon ECS" action calls, unless a policy already allows UpdateService. */
function allowEcsDeploy(migration: Migration, pipeline: DesiredResource): void {
  const [roleId] = targetsOf(pipeline.properties.RoleArn);
  const role = roleId ? migration.resources[roleId] : undefined;
  if (!roleId || role?.type !== 'AWS::IAM::Role') {
    migration.notes.push(
      `The pipeline's role is not declared here: allow it ${ECS_DEPLOY_ACTIONS.join(', ')} (what the "Amazon ECS" deploy action calls).`,
    );
    return;
  }
  const policies = listOf(role.properties.Policies);
  const text = JSON.stringify(policies);
  if (text.includes('"ecs:UpdateService"') || text.includes('"ecs:*"')) return;
  migration.resources[roleId] = {
    ...role,
    properties: {
      ...role.properties,
      Policies: [
        ...policies,
        {
          PolicyName: ECS_DEPLOY_POLICY,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ECS_DEPLOY_ACTIONS, Resource: '*' }],
          },
        },
      ],
    },
  };
  migration.pipelineRoleGrants.push(roleId);
}

function migrateService(migration: Migration, groupId: string, serviceId: string): MigratedService {
  const group = migration.resources[groupId]!;
  const service = migration.resources[serviceId]!;
  const serviceName = migration.concrete(service.properties.ServiceName) ?? serviceId;
  const pairInfo = asJson(listOf(asJson(group.properties.LoadBalancerInfo).TargetGroupPairInfoList)[0]);
  const pair = listOf(pairInfo.TargetGroups).map((entry) => migration.targetGroupId(entry));
  const listenerId = migration.listenerId(pairInfo.ProdTrafficRoute);
  if (pair.length !== 2 || pair.some((id) => id === undefined) || !listenerId) {
    throw new UserError(
      'NO_TARGET_GROUP_PAIR',
      `Deployment group ${groupId} does not name two declared target groups and a declared production listener (LoadBalancerInfo.TargetGroupPairInfoList), so ${serviceId} cannot be moved to ECS-native blue/green.`,
      ['Import the stack again (reclaim import) so the target groups and the listener are declared, then migrate.'],
    );
  }
  const [first, second] = pair as [string, string];
  const loadBalancers = listOf(service.properties.LoadBalancers).map(asJson);
  const index = Math.max(
    0,
    loadBalancers.findIndex((lb) => targetsOf(lb.TargetGroupArn).some((id) => id === first || id === second)),
  );
  const production = migration.productionOf([first, second], listenerId, loadBalancers[index] ?? {});
  const alternate = production === first ? second : first;

  const configName = migration.concrete(group.properties.DeploymentConfigName);
  const strategy = strategyFor(configName);
  if (!strategy) {
    migration.notes.push(
      `${groupId} uses the custom deployment config ${configName}, which ECS has no counterpart for: ${serviceId} deploys BLUE_GREEN (all at once). Declare LINEAR or CANARY in DeploymentConfiguration for a gradual shift.`,
    );
  }
  const terminate = asJson(
    asJson(group.properties.BlueGreenDeploymentConfiguration).TerminateBlueInstancesOnDeploymentSuccess,
  );
  const wait = Number(terminate.TerminationWaitTimeInMinutes ?? 0);
  const bakeTimeInMinutes = wait > 0 ? Math.min(wait, MAX_BAKE_TIME) : DEFAULT_BAKE_TIME;
  if (!(wait > 0)) {
    migration.notes.push(
      `${groupId} stopped the old tasks at once (termination wait 0): ${serviceId} gets a bake time of ${DEFAULT_BAKE_TIME} minutes, the window for an instant rollback.`,
    );
  }

  const role = migration.infrastructureRole();
  const productionRuleId = migration.listenerRule(
    `${serviceId}ProductionListenerRule`,
    listenerId,
    production,
    alternate,
  );
  const testListenerId = pairInfo.TestTrafficRoute ? migration.listenerId(pairInfo.TestTrafficRoute) : undefined;
  const testRuleId = testListenerId
    ? migration.listenerRule(`${serviceId}TestListenerRule`, testListenerId, production, alternate)
    : undefined;

  const balancer = loadBalancers[index] ?? {};
  const migratedBalancers = loadBalancers.map((lb, i) =>
    i !== index
      ? lb
      : {
          ...balancer,
          TargetGroupArn: ref(production),
          AdvancedConfiguration: {
            AlternateTargetGroupArn: ref(alternate),
            ProductionListenerRule: ref(productionRuleId),
            ...(testRuleId ? { TestListenerRule: ref(testRuleId) } : {}),
            RoleArn: getAtt(role, 'Arn'),
          },
        },
  );
  const effective = strategy ?? { kind: 'BLUE_GREEN' as const };
  migration.resources[serviceId] = {
    ...service,
    properties: {
      ...service.properties,
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: deploymentConfiguration(
        service.properties.DeploymentConfiguration,
        effective,
        bakeTimeInMinutes,
      ),
      LoadBalancers: migratedBalancers,
    },
  };

  const deployActions = moveDeployActions(migration, groupId, serviceId);
  if (deployActions.length === 0) {
    migration.notes.push(
      `No declared pipeline deploys through ${groupId}: whatever deploys ${serviceId} must now update the service (ECS runs the blue/green deployment).`,
    );
  }
  carriedOverNotes(migration, groupId, serviceId);
  return {
    serviceId,
    serviceName,
    deploymentGroupId: groupId,
    strategy: effective,
    bakeTimeInMinutes,
    productionTargetGroupId: production,
    alternateTargetGroupId: alternate,
    productionRuleId,
    ...(testRuleId ? { testRuleId } : {}),
    deployActions,
    imageDefinitions: { file: IMAGE_DEFINITIONS_FILE, containers: migration.imageDefinitions(serviceId) },
  };
}

/** What the deployment group did that the file cannot carry over: said, not dropped silently. */
function carriedOverNotes(migration: Migration, groupId: string, serviceId: string): void {
  const group = migration.resources[groupId]!.properties;
  const ready = asJson(asJson(group.BlueGreenDeploymentConfiguration).DeploymentReadyOption);
  if (ready.ActionOnTimeout === 'STOP_DEPLOYMENT') {
    migration.notes.push(
      `${groupId} waited for a manual go-ahead before moving traffic (STOP_DEPLOYMENT): ECS does that with a lifecycle hook (a Lambda at POST_TEST_TRAFFIC_SHIFT) in ${serviceId}'s DeploymentConfiguration.LifecycleHooks.`,
    );
  }
  const alarms = asJson(group.AlarmConfiguration);
  if (alarms.Enabled === true) {
    migration.notes.push(
      `${groupId} stopped on CloudWatch alarms: declare them in ${serviceId}'s DeploymentConfiguration.Alarms (AlarmNames, Enable, Rollback).`,
    );
  }
  migration.notes.push(
    `appspec.yaml hooks (BeforeInstall, AfterAllowTestTraffic, …) do not carry over: ECS runs lifecycle hooks (Lambda functions) declared in ${serviceId}'s DeploymentConfiguration.LifecycleHooks.`,
  );
}

/**
 * Takes the applications whose every group was migrated, and those groups,
 * out of `resources` into debris; a resource still named by something else
 * stays declared (removing it would leave a dangling reference), with a note.
 */
function retireCodeDeploy(migration: Migration, migratedGroups: ReadonlySet<string>): DebrisEntry[] {
  const { resources } = migration;
  const applicationOf = (groupId: string) => targetsOf(resources[groupId]!.properties.ApplicationName)[0];
  const applications = new Set([...migratedGroups].map(applicationOf).filter((id) => id !== undefined));
  const retiring = new Set<string>(migratedGroups);
  for (const applicationId of applications) {
    const groups = Object.keys(resources).filter(
      (id) => resources[id]!.type === 'AWS::CodeDeploy::DeploymentGroup' && applicationOf(id) === applicationId,
    );
    if (groups.every((id) => migratedGroups.has(id))) retiring.add(applicationId);
  }
  const stillNamed = (id: string) =>
    Object.entries(resources).some(
      ([other, resource]) => !retiring.has(other) && targetsOf(resource.properties).includes(id),
    );
  const retired: DebrisEntry[] = [];
  for (const id of retiring) {
    const resource = resources[id]!;
    if (stillNamed(id) || resource.physicalId === undefined) {
      migration.notes.push(
        `${id} stays declared: something else in the file still names it. Remove that reference, then ${id}.`,
      );
      continue;
    }
    retired.push({
      type: resource.type,
      physicalId: resource.physicalId,
      reason:
        resource.type === 'AWS::CodeDeploy::Application'
          ? 'CodeDeploy application left behind by the move to ECS-native blue/green'
          : 'CodeDeploy deployment group left behind by the move to ECS-native blue/green',
    });
  }
  for (const entry of retired) {
    const id = Object.keys(resources).find(
      (key) => resources[key]!.physicalId === entry.physicalId && resources[key]!.type === entry.type,
    );
    if (id) delete resources[id];
  }
  return retired;
}

/**
 * The desired state of the stack once every service CodeDeploy deploys
 * blue/green is deployed by ECS itself. Refuses a stack with no such service.
 */
export function migrateToEcsBlueGreen(input: MigrationInput): EcsBlueGreenMigration {
  const migration = new Migration(input);
  const targets = groupsByService(migration);
  if (targets.length === 0) {
    const native = Object.values(input.desired.resources).some(
      (resource) => resource.type === 'AWS::ECS::Service' && controllerOf(resource) === 'ECS',
    );
    throw new UserError(
      'NOTHING_TO_MIGRATE',
      `No service of stack ${input.desired.stack} is deployed blue/green by CodeDeploy (deployment controller CODE_DEPLOY with a declared deployment group naming it)${native ? '; its services are deployed by ECS already' : ''}.`,
      native
        ? ['Check the ECS-native setup with: reclaim doctor --stack ' + input.desired.stack]
        : ['Declare the service and its CodeDeploy deployment group (reclaim import writes both), then migrate.'],
    );
  }
  const services = targets.map(({ groupId, serviceId }) => migrateService(migration, groupId, serviceId));
  const retired = retireCodeDeploy(migration, new Set(targets.map((target) => target.groupId)));
  const codeDeployRoles = new Set(
    targets.flatMap(({ groupId }) => targetsOf(input.desired.resources[groupId]!.properties.ServiceRoleArn)),
  );
  for (const roleId of codeDeployRoles) {
    const stillUsed = Object.values(migration.resources).some((resource) =>
      targetsOf(resource.properties).includes(roleId),
    );
    if (!stillUsed) {
      migration.notes.push(
        `${roleId} was CodeDeploy's role and nothing uses it now; it stays declared. Remove it from the file and delete it in IAM when the migration is done.`,
      );
    }
  }
  const desired: DesiredState = {
    ...input.desired,
    // Where import would have put them: grouped by type, in the order of the file.
    resources: Object.fromEntries(
      Object.entries(migration.resources).sort(([, a], [, b]) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
    ),
    debris: [...input.desired.debris, ...retired],
  };
  for (const value of Object.values(desired.resources)) {
    for (const target of targetsOf(value.properties)) {
      if (target.startsWith('AWS::') || target in desired.resources) continue;
      throw new Error(`migration left a reference to ${target}, which it no longer declares`);
    }
  }
  const roleId = migration.infrastructureRole();
  return {
    desired,
    services,
    added: migration.added,
    infrastructureRole: { id: roleId, created: migration.added.includes(roleId) },
    pipelineRoleGrants: migration.pipelineRoleGrants,
    retired,
    notes: migration.notes,
  };
}
