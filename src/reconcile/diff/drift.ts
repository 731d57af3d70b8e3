import { intrinsicsIn, isIntrinsic, subPlaceholders, type Intrinsic } from '../../desired/intrinsics.js';
import type { DesiredResource, DesiredState } from '../../desired/types.js';
import { userTags } from '../../desired/from-snapshot.js';
import { UserError } from '../../errors.js';
import type { Drift, DriftReport } from '../../model/drift.js';
import { declaredNaturalKey } from '../../desired/declared-key.js';
import { identityOf } from '../../model/identity.js';
import { hasNaturalKey, literal, naturalKeyOf } from '../../model/natural-key.js';
import type { Edge, Resource } from '../../model/resource.js';
import type { Snapshot } from '../../model/snapshot.js';
import { isNoValue } from '../../model/unset.js';
import { compareDeclared } from './compare.js';
import { applyIgnoreRules } from './ignore.js';
import { normalizeValue } from './normalize.js';
import { substitutePseudo, type Placement } from '../../desired/pseudo.js';
import { rewriteReferences, type ReferenceTarget } from './rewrite-references.js';

export interface DriftOptions {
  /** Today, for ignore rules that expire. */
  readonly now?: Date;
}

/**
 * Values AWS fills in when a property is not set, so that a file declaring
 * the default does not drift against a live resource that reports nothing.
 */
const AWS_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'AWS::IAM::Role': { Path: '/', MaxSessionDuration: 3600 },
  'AWS::ECR::Repository': {
    'ImageScanningConfiguration.ScanOnPush': false,
    'EncryptionConfiguration.EncryptionType': 'AES256',
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { HealthCheckEnabled: true },
  'AWS::ECS::Service': { SchedulingStrategy: 'REPLICA', EnableECSManagedTags: false },
  // A block with every setting off blocks nothing: the same as having none.
  'AWS::S3::Bucket': {
    'PublicAccessBlockConfiguration.BlockPublicAcls': false,
    'PublicAccessBlockConfiguration.BlockPublicPolicy': false,
    'PublicAccessBlockConfiguration.IgnorePublicAcls': false,
    'PublicAccessBlockConfiguration.RestrictPublicBuckets': false,
  },
};

/**
 * Diffs the declared state against a live snapshot. Pure: the same inputs
 * always give the same report.
 *
 * Blue/green aware: CodeDeploy owns which of a deployment group's two target
 * groups the listener and service point at, which task definition revision
 * runs, and which image tag it runs; those compare as the pair, the family
 * and the repository, so a completed deployment is never drift.
 */
export function computeDrift(desired: DesiredState, snapshot: Snapshot, options: DriftOptions = {}): DriftReport {
  if (snapshot.account !== desired.account || snapshot.region !== desired.region) {
    throw new UserError(
      'WRONG_ACCOUNT',
      `the file declares ${desired.account}/${desired.region} but live was read from ${snapshot.account}/${snapshot.region}`,
      ['Use credentials for the account the file declares, and pass --region ' + desired.region + '.'],
    );
  }
  const placement: Placement = { account: desired.account, region: desired.region };
  const match = matchResources(desired, snapshot, placement);
  const run = indexRun(desired, snapshot, match, placement);
  const drifts: Drift[] = [];

  for (const [id, declared] of Object.entries(desired.resources)) {
    const physicalId = declared.physicalId === undefined ? '' : substitutePseudo(declared.physicalId, placement);
    const live = match.liveOf.get(id);
    const base = { id, type: declared.type, physicalId };
    const unreadable = unreadableNote(snapshot, declared.type, physicalId);
    if (!live) {
      drifts.push(
        unreadable
          ? { ...base, kind: 'unknown', path: '', desired: physicalId, actual: null, note: unreadable }
          : { ...base, kind: 'missing', path: '', desired: physicalId, actual: null },
      );
      continue;
    }
    if (live.status === 'unknown') {
      drifts.push({
        ...base,
        physicalId: live.physicalId,
        kind: 'unknown',
        path: '',
        desired: null,
        actual: null,
        // The live resource may be another physical id than declared (a newer task definition revision).
        note: unreadable ?? unreadableNote(snapshot, declared.type, live.physicalId) ?? 'could not be read',
      });
      continue;
    }
    for (const difference of compareResource(id, declared, live, run)) {
      drifts.push({ ...base, physicalId: live.physicalId, kind: 'modified', ...difference });
    }
  }

  const debris = new Set(
    desired.debris.map((entry) => `${entry.type}|${substitutePseudo(entry.physicalId, placement)}`),
  );
  for (const resource of snapshot.resources) {
    if (
      resource.external ||
      match.desiredIdOf.has(resource.id) ||
      debris.has(`${resource.type}|${resource.physicalId}`)
    )
      continue;
    const base = { id: resource.id, type: resource.type, physicalId: resource.physicalId, path: '', desired: null };
    drifts.push(
      resource.status === 'unknown'
        ? { ...base, kind: 'unknown', actual: null, note: 'in scope, but could not be read' }
        : { ...base, kind: 'unmanaged', actual: resource.physicalId },
    );
  }
  for (const issue of snapshot.issues.filter((issue) => !issue.physicalIds?.length)) {
    drifts.push({
      kind: 'unknown',
      id: '',
      type: issue.type ?? '',
      physicalId: '',
      path: '',
      desired: null,
      actual: null,
      note: `${issue.operation}: ${issue.code}: ${issue.message}`,
    });
  }

  const { kept, ignored } = applyIgnoreRules(drifts, desired.ignore, options.now ?? new Date());
  kept.sort((a, b) => a.id.localeCompare(b.id) || a.path.localeCompare(b.path) || a.kind.localeCompare(b.kind));
  const count = (kind: Drift['kind']) => kept.filter((drift) => drift.kind === kind).length;
  return {
    schemaVersion: 1,
    stack: desired.stack,
    account: desired.account,
    region: desired.region,
    capturedAt: snapshot.capturedAt,
    inSync: kept.length === 0,
    summary: {
      missing: count('missing'),
      modified: count('modified'),
      unmanaged: count('unmanaged'),
      unknown: count('unknown'),
      ignored,
    },
    drifts: kept,
  };
}

export interface Match {
  /** Declared logical id → the live resource it stands for. */
  readonly liveOf: ReadonlyMap<string, Resource>;
  /** Snapshot logical id → declared logical id, for every live resource a declaration covers (all revisions of a family). */
  readonly desiredIdOf: ReadonlyMap<string, string>;
}

export function matchResources(desired: DesiredState, snapshot: Snapshot, placement: Placement): Match {
  const liveOf = new Map<string, Resource>();
  const desiredIdOf = new Map<string, string>();
  // One pass over the snapshot, not one per declaration: matching stays linear as stacks grow.
  const byIdentity = new Map<string, Resource[]>();
  const byNaturalKey = new Map<string, Resource[]>();
  const index = (map: Map<string, Resource[]>, key: string, resource: Resource) => {
    const found = map.get(key);
    if (found) found.push(resource);
    else map.set(key, [resource]);
  };
  for (const resource of snapshot.resources) {
    if (resource.external) continue;
    index(byIdentity, `${resource.type}|${identityOf(resource.type, resource.physicalId)}`, resource);
    const natural = hasNaturalKey(resource.type)
      ? naturalKeyOf(resource.type, resource.properties, literal)
      : undefined;
    if (natural !== undefined) index(byNaturalKey, `${resource.type}|${natural}`, resource);
  }
  for (const [id, declared] of Object.entries(desired.resources)) {
    const byId =
      declared.physicalId === undefined
        ? []
        : (byIdentity.get(
            `${declared.type}|${identityOf(declared.type, substitutePseudo(declared.physicalId, placement))}`,
          ) ?? []);
    // A resource AWS names on create is also found where it sits: one not created yet has no physical id to go by.
    const natural = byId.length === 0 ? declaredNaturalKey(desired, declared) : undefined;
    const found =
      byId.length > 0 ? byId : natural === undefined ? [] : (byNaturalKey.get(`${declared.type}|${natural}`) ?? []);
    const candidates = [...found].sort(
      (a, b) =>
        Number(a.orphan) - Number(b.orphan) ||
        Number(b.attributes.Revision ?? 0) - Number(a.attributes.Revision ?? 0) ||
        a.physicalId.localeCompare(b.physicalId),
    );
    if (candidates[0]) liveOf.set(id, candidates[0]);
    for (const candidate of candidates) desiredIdOf.set(candidate.id, id);
  }
  return { liveOf, desiredIdOf };
}

function unreadableNote(snapshot: Snapshot, type: string, physicalId: string): string | undefined {
  const issue = snapshot.issues.find(
    (candidate) =>
      candidate.type === type && (!candidate.physicalIds?.length || candidate.physicalIds.includes(physicalId)),
  );
  return issue ? `${issue.operation}: ${issue.code}: ${issue.message}` : undefined;
}

const FORM_OF_PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\.[A-Za-z]+\}/g;
/** `${Role.Arn}` and `${Role}` name the same resource: compare them as one token. */
const formless = (template: string) => template.replace(FORM_OF_PLACEHOLDER, '${$1}');

/** What every resource's comparison needs, built once per run (rebuilding it per resource is quadratic). */
interface RunIndex {
  readonly targets: readonly ReferenceTarget[];
  readonly targetOf: (snapshotId: string) => ReferenceTarget | undefined;
  readonly edgesFrom: ReadonlyMap<string, readonly Edge[]>;
  readonly resolver: DesiredResolver;
  readonly pairs: ReadonlyMap<string, string>;
}

function indexRun(desired: DesiredState, snapshot: Snapshot, match: Match, placement: Placement): RunIndex {
  const liveById = new Map(snapshot.resources.map((resource) => [resource.id as string, resource]));
  const targets: ReferenceTarget[] = [...match.desiredIdOf.entries()].map(([snapshotId, desiredId]) => ({
    id: desiredId,
    resource: liveById.get(snapshotId)!,
  }));
  const targetOf = (snapshotId: string): ReferenceTarget | undefined => {
    const desiredId = match.desiredIdOf.get(snapshotId);
    return desiredId ? { id: desiredId, resource: liveById.get(snapshotId)! } : undefined;
  };
  const edgesFrom = new Map<string, Edge[]>();
  for (const edge of snapshot.edges) {
    const from = edgesFrom.get(edge.from);
    if (from) from.push(edge);
    else edgesFrom.set(edge.from, [edge]);
  }
  return {
    targets,
    targetOf,
    edgesFrom,
    resolver: new DesiredResolver(desired, match, placement),
    pairs: blueGreenPairs(desired, placement),
  };
}

function compareResource(id: string, declared: DesiredResource, live: Resource, run: RunIndex) {
  const { targets, targetOf, resolver, pairs } = run;
  const edges = run.edgesFrom.get(live.id) ?? [];
  const liveProperties: Record<string, unknown> =
    'Tags' in declared.properties ? { ...live.properties, Tags: userTags(live) } : live.properties;
  const liveWithTags = { ...live, properties: liveProperties };

  const liveTokens = rewriteReferences(liveWithTags, edges, targetOf, targets, (rewritten, raw) =>
    rewritten.changed ? formless(rewritten.template) : raw,
  );
  const desiredTokens = rewriteReferences(
    { ...live, properties: resolver.resolve(declared.properties, 'token') as Record<string, unknown> },
    [],
    () => undefined,
    targets,
    (rewritten, raw) => (rewritten.changed ? formless(rewritten.template) : raw),
  );
  const delegated = (tree: unknown) => stripImageTags(pairBlueGreen(tree, declared.type, pairs));
  const defaults = AWS_DEFAULTS[declared.type] ?? {};
  const defaultAt = (path: string) => defaults[path];
  const desired = normalizeValue(delegated(desiredTokens));
  const compared = normalizeValue(delegated(pick(liveTokens, declared.properties)));
  // Most resources are in sync: the trees shown in a report are built only for one that is not.
  if (compareDeclared({ desired, desiredShown: desired, live: compared, liveRaw: compared }, defaultAt).length === 0) {
    return [];
  }
  return compareDeclared(
    {
      desired,
      desiredShown: normalizeValue(stripImageTags(resolver.resolve(declared.properties, 'concrete'))),
      live: compared,
      liveRaw: normalizeValue(stripImageTags(pick(liveProperties, declared.properties))),
    },
    defaultAt,
  ).map((difference) => ({ ...difference, id }));
}

/** Only the declared top-level properties: the rest is not managed. */
function pick(properties: Record<string, unknown>, declared: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(declared).map((key) => [key, properties[key]]));
}

/** Resolves intrinsics: to `${Id}` tokens for resources live has, or to concrete values. */
export class DesiredResolver {
  constructor(
    private readonly desired: DesiredState,
    private readonly match: Match,
    private readonly placement: Placement,
  ) {}

  /** `!Ref AWS::NoValue` stays as it is: it stands for no value, not for a resource. */
  resolve(value: unknown, mode: 'token' | 'concrete'): unknown {
    if (isNoValue(value)) return value;
    if (isIntrinsic(value)) return this.resolveIntrinsic(value, mode);
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, mode));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item, mode)]));
    }
    return value;
  }

  private resolveIntrinsic(value: Intrinsic, mode: 'token' | 'concrete'): string {
    if ('Ref' in value) return this.reference(value.Ref, undefined, mode);
    if ('Fn::GetAtt' in value) return this.reference(value['Fn::GetAtt'][0], value['Fn::GetAtt'][1], mode);
    let template = substitutePseudo(value['Fn::Sub'], this.placement);
    for (const placeholder of subPlaceholders(template)) {
      const text = placeholder.attribute
        ? `\${${placeholder.target}.${placeholder.attribute}}`
        : `\${${placeholder.target}}`;
      template = template.replaceAll(text, this.reference(placeholder.target, placeholder.attribute, mode));
    }
    return template.replaceAll('${!', '${');
  }

  private reference(target: string, attribute: string | undefined, mode: 'token' | 'concrete'): string {
    if (target === 'AWS::AccountId') return this.placement.account;
    if (target === 'AWS::Region') return this.placement.region;
    const live = this.match.liveOf.get(target);
    if (live && mode === 'token') return `\${${target}}`;
    const declared = this.desired.resources[target];
    if (live) {
      if (!attribute) return refValue(live.type, live.physicalId);
      const fromLive =
        live.attributes[attribute] ?? live.properties[attribute] ?? nameAttribute(live.properties, attribute);
      return typeof fromLive === 'string' ? fromLive : live.physicalId;
    }
    // Not created yet, and AWS will name it: nothing concrete to stand for it.
    if (!declared || declared.physicalId === undefined) return `\${${target}}`;
    const physicalId = substitutePseudo(declared.physicalId, this.placement);
    if (!attribute) return refValue(declared.type, physicalId);
    if (attribute === 'Arn') return physicalId;
    const fromFile = declared.properties[attribute] ?? nameAttribute(declared.properties, attribute);
    return typeof fromFile === 'string' ? fromFile : physicalId;
  }
}

/**
 * What CloudFormation's Ref returns, from reclaim's physical id: the same,
 * except for a deployment group, whose reclaim id puts its application in front.
 */
function refValue(type: string, physicalId: string): string {
  return type === 'AWS::CodeDeploy::DeploymentGroup' ? physicalId.slice(physicalId.indexOf('/') + 1) : physicalId;
}

/** `TargetGroupName` and `LoadBalancerName` are the resource's `Name` property. */
function nameAttribute(properties: Record<string, unknown>, attribute: string): unknown {
  return attribute.endsWith('Name') ? properties.Name : undefined;
}

/** The logical ids a value's `Ref` / `Fn::GetAtt` intrinsics name. */
function referencedIds(value: unknown): string[] {
  return [...intrinsicsIn(value)].flatMap(({ intrinsic }) =>
    'Fn::GetAtt' in intrinsic ? [intrinsic['Fn::GetAtt'][0]] : 'Ref' in intrinsic ? [intrinsic.Ref] : [],
  );
}

/**
 * The blue/green target group pairs the file declares: each deployment group's
 * pair (CodeDeploy), and each ECS-native service load balancer's target group
 * with its `AdvancedConfiguration.AlternateTargetGroupArn`. Each member's token
 * and declared ARN (for a member that is gone) → one token for the pair.
 */
function blueGreenPairs(desired: DesiredState, placement: Placement): Map<string, string> {
  const tokenOf = new Map<string, string>();
  const addPair = (ids: readonly string[]) => {
    if (ids.length !== 2) return;
    const token = `\${${[...ids].sort().join('|')}}`;
    for (const id of ids) {
      tokenOf.set(`\${${id}}`, token);
      const member = desired.resources[id];
      if (member?.physicalId !== undefined) tokenOf.set(substitutePseudo(member.physicalId, placement), token);
    }
  };
  for (const resource of Object.values(desired.resources)) {
    if (resource.type === 'AWS::CodeDeploy::DeploymentGroup') {
      const pairs = (
        resource.properties.LoadBalancerInfo as
          { TargetGroupPairInfoList?: Array<{ TargetGroups?: unknown }> } | undefined
      )?.TargetGroupPairInfoList;
      for (const pair of pairs ?? []) addPair(referencedIds(pair.TargetGroups));
    }
    if (resource.type === 'AWS::ECS::Service' && Array.isArray(resource.properties.LoadBalancers)) {
      for (const lb of resource.properties.LoadBalancers as Array<Record<string, unknown>>) {
        const advanced = lb.AdvancedConfiguration as Record<string, unknown> | undefined;
        if (!advanced?.AlternateTargetGroupArn) continue;
        addPair([...referencedIds(lb.TargetGroupArn), ...referencedIds(advanced.AlternateTargetGroupArn)]);
      }
    }
  }
  return tokenOf;
}

const PAIRED_TYPES = new Set([
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ECS::Service',
]);

/**
 * Which target group of a blue/green pair the listener (or, ECS-native, the
 * listener rule) forwards to, and which one the service names as live or as
 * alternate, is the deployment's to swap (CodeDeploy's or ECS's): both sides
 * name the pair. A forward to both members of a pair compares as one forward
 * to the pair, weights left out: ECS shifts the weights as it deploys.
 */
function pairBlueGreen(tree: unknown, type: string, pairs: ReadonlyMap<string, string>): unknown {
  if (!PAIRED_TYPES.has(type)) return tree;
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string' && (key === 'TargetGroupArn' || key === 'AlternateTargetGroupArn')) {
      return pairs.get(value) ?? value;
    }
    if (Array.isArray(value)) {
      const items = value.map((item) => walk(item));
      return key === 'TargetGroups' ? forwardToPair(items, pairs) : items;
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, walk(item, name)]));
    }
    return value;
  };
  return walk(tree);
}

/** `ForwardConfig.TargetGroups` whose every entry is a member of one pair: one weightless entry for the pair. */
function forwardToPair(items: unknown[], pairs: ReadonlyMap<string, string>): unknown[] {
  const tokens = new Set(
    items.map((item) =>
      item && typeof item === 'object' ? (item as Record<string, unknown>).TargetGroupArn : undefined,
    ),
  );
  const paired = new Set(pairs.values());
  if (tokens.size !== 1) return items;
  const [token] = [...tokens];
  return typeof token === 'string' && paired.has(token) ? [{ TargetGroupArn: token }] : items;
}

/** The build retags images on every deployment: an ECR image compares by repository, not by tag or digest. */
function stripImageTags(tree: unknown): unknown {
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string' && key === 'Image' && (value.includes('.dkr.ecr.') || value.includes('${'))) {
      return value.replace(/(@sha256:[0-9a-f]+|:[^:/}]+)$/, '');
    }
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, walk(item, name)]));
    }
    return value;
  };
  return walk(tree);
}
