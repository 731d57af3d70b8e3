import { intrinsicTargets, isIntrinsic, intrinsicsIn, type Intrinsic } from '../desired/intrinsics.js';
import { substitutePseudo, type Placement } from '../desired/pseudo.js';
import type { DesiredState } from '../desired/types.js';
import { UserError } from '../errors.js';
import type { DriftReport } from '../model/drift.js';
import { changesDigest, liveFingerprint } from '../model/fingerprint.js';
import {
  PLAN_SCHEMA_VERSION,
  type Change,
  type Plan,
  planFlagsOf,
  type PlanFlags,
  type PropertyChange,
  type Rollout,
  type UpdateChange,
} from '../model/plan.js';
import { asLogicalId, type Properties, type Resource } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';
import type { Snapshot } from '../model/snapshot.js';
import { isNoValue } from '../model/unset.js';
import { replacementReasons } from '../spec/cfn-spec.js';
import { DesiredResolver, matchResources, type Match } from './diff/drift.js';
import { impliedChanges } from './implied-changes.js';
import { deleteOrder } from './order.js';

export interface ReconcileOptions extends Partial<PlanFlags> {
  /** Also delete unmanaged resources (found in scope, neither declared nor listed as debris). */
  readonly prune?: boolean;
  /** The file the desired state was read from and the digest of its bytes: with it, the plan records its basis. */
  readonly desiredFile?: { readonly path: string; readonly digest: string };
  readonly now?: Date;
}

/**
 * The ordered changes that bring live back to the declared state: creates for
 * what is missing, updates (or replacements, where CloudFormation's
 * specification says a property cannot change in place) for what drifted,
 * and, with `prune`, deletes for what is unmanaged. Creates and updates come
 * in dependency order, deletes after them in reverse. Pure.
 */
export function planReconcile(
  desired: DesiredState,
  snapshot: Snapshot,
  drift: DriftReport,
  options: ReconcileOptions = {},
): Plan {
  const unknown = drift.drifts.filter((entry) => entry.kind === 'unknown');
  if (unknown.length > 0) {
    throw new UserError(
      'INCOMPLETE_READ',
      `Part of ${desired.stack} could not be read, so no plan can be made from it:\n${unknown
        .map((entry) => `  ${entry.id || entry.type || 'stack'}: ${entry.note ?? 'unreadable'}`)
        .join('\n')}`,
      ['Grant the missing read permissions (or wait out the throttling) and run again.'],
    );
  }
  const placement: Placement = { account: desired.account, region: desired.region };
  const match = matchResources(desired, snapshot, placement);
  const resolver = new DesiredResolver(desired, match, placement);
  const resolve = (properties: Properties) => resolveForPlan(properties, resolver, match, placement) as Properties;
  const reason = (id: string) => drift.drifts.filter((entry) => entry.id === id);

  const upserts: Change[] = [];
  for (const [id, declared] of Object.entries(desired.resources)) {
    const entries = reason(id);
    const logicalId = asLogicalId(id);
    if (entries.some((entry) => entry.kind === 'missing')) {
      upserts.push({
        action: 'create',
        id: logicalId,
        type: declared.type,
        reason: 'declared, but not found live',
        properties: resolve(declared.properties),
      });
      continue;
    }
    const modified = entries.filter((entry) => entry.kind === 'modified');
    if (modified.length === 0) continue;
    const live = match.liveOf.get(id)!;
    const changes = [
      ...modified.map((entry) => ({ path: entry.path, before: entry.actual, after: entry.desired })),
      ...impliedChanges(declared.type, declared.properties, live.properties),
    ];
    const replacedBecause = replacementReasonsFor(declared.type, changes);
    const common = {
      id: logicalId,
      type: declared.type,
      physicalId: live.physicalId,
      properties: resolve(declared.properties),
      changes,
    };
    if (replacedBecause.length > 0) {
      upserts.push({
        ...common,
        action: 'replace',
        reason: `${replacedBecause.join(', ')} cannot change in place`,
        replacedBecause,
      });
    } else {
      const rollouts =
        declared.type === 'AWS::ECS::TaskDefinition'
          ? rolloutsOf(id, desired, match, resolver)
          : declared.type === 'AWS::ECS::Service' &&
              isCodeDeployed(live) &&
              changes.some((change) => change.path.startsWith('NetworkConfiguration'))
            ? [codeDeployRollout(id, live, desired, resolver, 'changes its network under CodeDeploy')]
            : [];
      const update: UpdateChange = {
        ...common,
        action: 'update',
        reason: `${changes.length} propert${changes.length === 1 ? 'y differs' : 'ies differ'}`,
      };
      upserts.push(rollouts.length > 0 ? { ...update, rollouts } : update);
    }
  }

  const liveById = new Map(snapshot.resources.map((resource) => [resource.id as string, resource]));
  const deletes: Resource[] = options.prune
    ? drift.drifts
        .filter((entry) => entry.kind === 'unmanaged')
        .map((entry) => liveById.get(entry.id)!)
        .filter(Boolean)
    : [];
  const deleteChanges: Change[] = deleteOrder(deletes, snapshot.edges).map((resource) => ({
    action: 'delete',
    id: resource.id,
    type: resource.type,
    physicalId: resource.physicalId,
    reason: 'unmanaged: found in scope, neither declared nor listed as debris (--prune)',
    properties: resource.properties,
    attributes: resource.attributes,
  }));

  const changes = [...dependencyOrder(upserts, desired), ...deleteChanges];
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    mode: 'reconcile',
    account: desired.account,
    region: desired.region,
    stack: desired.stack,
    createdAt: (options.now ?? new Date()).toISOString(),
    liveFingerprint: liveFingerprint(snapshot),
    scope: desired.scope,
    changes,
    changesDigest: changesDigest(changes),
    ...(options.desiredFile
      ? {
          basis: {
            desiredFile: options.desiredFile.path,
            desiredDigest: options.desiredFile.digest,
            flags: planFlagsOf(options),
          },
        }
      : {}),
  };
}

/**
 * The changed properties that force a new resource. A task definition is the
 * exception: CloudFormation replaces it on any change, but a task definition
 * is a family of immutable revisions, and reclaim's update of one is exactly
 * that new revision (rolled out to its services). Only a new family replaces.
 * So is a service's deployment controller: UpdateService switches it between
 * ECS and CODE_DEPLOY in place (the migration to ECS-native blue/green).
 */
function replacementReasonsFor(type: ResourceType, changes: readonly PropertyChange[]): string[] {
  const paths = changes.map((change) => change.path);
  if (type === 'AWS::ECS::TaskDefinition') return paths.filter((path) => splitPath(path)[0] === 'Family');
  const inPlace = new Set(
    type === 'AWS::ECS::Service' ? changes.filter(switchesController).map((change) => change.path) : [],
  );
  return replacementReasons(type, paths.filter((path) => !inPlace.has(path)).map(splitPath));
}

const SWITCHABLE_CONTROLLERS: readonly unknown[] = ['ECS', 'CODE_DEPLOY'];

/** A change of `DeploymentController.Type` between ECS and CODE_DEPLOY (drift reports a controller not read as undefined). */
function switchesController(change: PropertyChange): boolean {
  const typeOf = (value: unknown) =>
    change.path === 'DeploymentController' ? (value as { Type?: unknown } | null)?.Type : value;
  return (
    (change.path === 'DeploymentController.Type' || change.path === 'DeploymentController') &&
    SWITCHABLE_CONTROLLERS.includes(typeOf(change.before) ?? 'ECS') &&
    SWITCHABLE_CONTROLLERS.includes(typeOf(change.after))
  );
}

/** `Stages[Source].Actions[Source].Configuration.BranchName` → its segments. */
const splitPath = (path: string): string[] => path.split('.').filter((segment) => segment.length > 0);

/**
 * Intrinsics whose targets all exist are resolved to concrete values; ones
 * naming a resource the plan creates stay intrinsics (pseudo parameters
 * filled in) for the executor to finish once that resource exists.
 * `!Ref AWS::NoValue` becomes `null`.
 */
function resolveForPlan(value: unknown, resolver: DesiredResolver, match: Match, placement: Placement): unknown {
  // Writers take `null` as "make it absent" (DeleteRetentionPolicy, DeleteRolePermissionsBoundary, …).
  if (isNoValue(value)) return null;
  if (isIntrinsic(value)) {
    const pending = intrinsicTargets(value).some((target) => !match.liveOf.has(target));
    if (!pending) return resolver.resolve(value, 'concrete');
    return 'Fn::Sub' in value
      ? ({ 'Fn::Sub': substitutePseudo(value['Fn::Sub'], placement) } satisfies Intrinsic)
      : value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveForPlan(item, resolver, match, placement));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveForPlan(item, resolver, match, placement)]),
    );
  }
  return value;
}

/**
 * How a new revision of task definition `id` reaches each declared service
 * that runs it: through the deployment group that names the service when the
 * service is under CodeDeploy, through UpdateService otherwise.
 */
function rolloutsOf(id: string, desired: DesiredState, match: Match, resolver: DesiredResolver): Rollout[] {
  const rollouts: Rollout[] = [];
  for (const [serviceId, service] of Object.entries(desired.resources)) {
    if (service.type !== 'AWS::ECS::Service') continue;
    const usesFamily = [...intrinsicsIn(service.properties.TaskDefinition)].some(({ intrinsic }) =>
      intrinsicTargets(intrinsic).includes(id),
    );
    const live = match.liveOf.get(serviceId);
    if (!usesFamily || !live) continue;
    const cluster = String(resolver.resolve(service.properties.Cluster ?? live.properties.Cluster, 'concrete'));
    rollouts.push(
      isCodeDeployed(live)
        ? codeDeployRollout(serviceId, live, desired, resolver, `runs task definition ${id} under CodeDeploy`)
        : { kind: 'ecs', cluster, service: String(live.properties.ServiceName) },
    );
  }
  return rollouts;
}

const isCodeDeployed = (live: Resource) =>
  (live.properties.DeploymentController as { Type?: string } | undefined)?.Type === 'CODE_DEPLOY';

/** The deployment group through which a CODE_DEPLOY service's next deployment goes, and the container behind the load balancer. */
function codeDeployRollout(
  serviceId: string,
  live: Resource,
  desired: DesiredState,
  resolver: DesiredResolver,
  why: string,
): Rollout {
  const serviceName = String(live.properties.ServiceName);
  const group = Object.values(desired.resources).find(
    (candidate) =>
      candidate.type === 'AWS::CodeDeploy::DeploymentGroup' &&
      ((candidate.properties.ECSServices as Array<{ ServiceName?: unknown }> | undefined) ?? []).some(
        (entry) => resolver.resolve(entry.ServiceName, 'concrete') === serviceName,
      ),
  );
  const balancer = ((live.properties.LoadBalancers as
    Array<{ ContainerName?: string; ContainerPort?: number }> | undefined) ?? [])[0];
  if (!group || !balancer?.ContainerName || balancer.ContainerPort === undefined) {
    throw new UserError(
      'NO_DEPLOYMENT_GROUP',
      `${serviceId} ${why}, but no declared deployment group (with a load balancer container) names it`,
      [
        "Declare the service's CodeDeploy deployment group in the file (reclaim import does), so reclaim can deploy through it.",
      ],
    );
  }
  return {
    kind: 'codedeploy',
    applicationName: String(resolver.resolve(group.properties.ApplicationName, 'concrete')),
    deploymentGroupName: String(resolver.resolve(group.properties.DeploymentGroupName, 'concrete')),
    containerName: balancer.ContainerName,
    containerPort: balancer.ContainerPort,
  };
}

const CREATE_RANK: Partial<Record<ResourceType, number>> = {
  'AWS::IAM::Role': 0,
  'AWS::EC2::SecurityGroup': 1,
  'AWS::Logs::LogGroup': 2,
  'AWS::ECR::Repository': 3,
  'AWS::SecretsManager::Secret': 4,
  'AWS::ElasticLoadBalancingV2::TargetGroup': 5,
  // Last of what is ready: a pipeline that deploys differently goes after the service it deploys to
  // (the order AWS documents for the move to ECS-native blue/green).
  'AWS::CodePipeline::Pipeline': 20,
};

/** Every change after the changes to what its resource references, ties by type and id, deterministically. */
function dependencyOrder(changes: readonly Change[], desired: DesiredState): Change[] {
  const pending = new Map(changes.map((change) => [change.id as string, change]));
  const dependsOn = (id: string) =>
    [...intrinsicsIn(desired.resources[id]?.properties ?? {})]
      .flatMap(({ intrinsic }) => intrinsicTargets(intrinsic))
      .filter((target) => target !== id && pending.has(target));
  const rank = (change: Change) => CREATE_RANK[change.type] ?? 10;
  const ordered: Change[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()].filter((change) => dependsOn(change.id).length === 0);
    // A cycle cannot pass validation, but never loop forever on one: take the earliest change.
    const next = (ready.length > 0 ? ready : [...pending.values()]).sort(
      (a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id),
    )[0]!;
    ordered.push(next);
    pending.delete(next.id);
  }
  return ordered;
}
