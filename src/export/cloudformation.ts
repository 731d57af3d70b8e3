/**
 * `reclaim export --format cloudformation`: the desired state as a template
 * to import into a new stack, pure. Every managed resource CloudFormation can
 * import is declared with `DeletionPolicy: Retain` and `UpdateReplacePolicy:
 * Retain` (import requires a DeletionPolicy, and Retain keeps a mistake in the
 * stack from deleting what runs), references stay intrinsics, account and
 * region stay pseudo parameters, a secret is declared without its value.
 * What cannot be imported is excluded with the reason, never dropped
 * silently: the result lists it, the README and EXCLUDED.md say it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import.html
 */
import { substitutePseudo } from '../desired/pseudo.js';
import { isResourceType, MANAGED_TYPES, type ManagedType } from '../model/resource-type.js';
import { blueGreenServices, CODE_DEPLOY_OWNED } from './blue-green.js';
import { IMPORT_SUPPORT } from './import-support.js';
import { templateReferences, type UnresolvedReference } from './references.js';
import { templateProperties } from './template-properties.js';
import type {
  CloudFormationExport,
  Exclusion,
  ExportInput,
  FillIn,
  HandOverNote,
  LeftOutProperty,
  ResourceToImport,
  TemplateResource,
} from './types.js';

export interface CloudFormationOptions {
  /** The name of the stack to import into (default: the desired state's stack). */
  readonly stackName?: string;
  /** Resources to leave out besides those CloudFormation cannot import, by logical id, with the reason. */
  readonly exclude?: ReadonlyMap<string, string>;
}

const isManaged = (type: string): type is ManagedType => (MANAGED_TYPES as readonly string[]).includes(type);

/** Properties a template must never carry, whatever the input says: a secret's value. */
const NEVER_DECLARED: Readonly<Record<string, readonly string[]>> = {
  'AWS::SecretsManager::Secret': ['SecretString', 'GenerateSecretString'],
};

export function exportCloudFormation(input: ExportInput, options: CloudFormationOptions = {}): CloudFormationExport {
  const { desired } = input;
  const resources = desired.resources;
  const placement = { account: desired.account, region: desired.region };
  const excluded: Exclusion[] = [];
  const exclude = (id: string, kind: Exclusion['kind'], reason: string) =>
    excluded.push({
      id,
      type: resources[id]!.type,
      physicalId: substitutePseudo(resources[id]!.physicalId ?? '', placement),
      kind,
      reason,
    });

  for (const [id, resource] of Object.entries(resources)) {
    const support = isManaged(resource.type) ? IMPORT_SUPPORT[resource.type] : undefined;
    const owner = input.owners?.get(id);
    const asked = options.exclude?.get(id);
    if (asked) exclude(id, 'excluded-by-caller', asked);
    else if (resource.physicalId === undefined)
      exclude(
        id,
        'not-created',
        'declared without a physical id: AWS has not created it yet, and there is nothing to import (run reclaim apply, then reclaim import)',
      );
    else if (!support) exclude(id, 'not-importable', `reclaim has no import mapping for ${resource.type}`);
    else if (!support.importable) exclude(id, 'not-importable', support.reason);
    else if (owner)
      exclude(
        id,
        'owned-by-stack',
        `owned by the CloudFormation stack ${owner}: a resource belongs to one stack at a time, and CloudFormation refuses to import it into another; it stays in ${owner}`,
      );
  }

  const blueGreen = blueGreenServices(resources);
  const codeDeployControlled = new Set(blueGreen.map((entry) => entry.serviceId));

  // Leaving a resource out turns references to it into literals; one the export cannot write leaves the referrer out too.
  const declare = (kept: ReadonlySet<string>) => {
    const declared: Record<string, TemplateResource> = {};
    const leftOut: LeftOutProperty[] = [];
    const unresolved = new Map<string, UnresolvedReference[]>();
    for (const id of kept) {
      const resource = resources[id]!;
      const shaped = templateProperties(id, resource, { codeDeployControlled: codeDeployControlled.has(id) });
      for (const name of NEVER_DECLARED[resource.type] ?? []) delete shaped.properties[name];
      const problems: UnresolvedReference[] = [];
      const properties = templateReferences(
        shaped.properties,
        { resources, kept, ...(input.liveAttributes ? { liveAttributes: input.liveAttributes } : {}) },
        problems,
      ) as Record<string, unknown>;
      if (problems.length > 0) unresolved.set(id, problems);
      leftOut.push(...shaped.leftOut);
      declared[id] = {
        Type: resource.type,
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: properties,
      };
    }
    return { declared, leftOut, unresolved };
  };
  const keptIds = () => new Set(Object.keys(resources).filter((id) => !excluded.some((entry) => entry.id === id)));
  let pass = declare(keptIds());
  while (pass.unresolved.size > 0) {
    for (const [id, problems] of pass.unresolved) {
      const names = problems.map(
        (problem) => `${problem.path} → ${problem.target}${problem.attribute ? `.${problem.attribute}` : ''}`,
      );
      exclude(
        id,
        'unresolved-reference',
        `references what the template leaves out, and the export cannot write it as a literal: ${names.join(', ')}`,
      );
    }
    pass = declare(keptIds());
  }
  const { declared, leftOut } = pass;

  const fillIns: FillIn[] = [];
  const resourcesToImport: ResourceToImport[] = Object.entries(declared).map(([id, entry]) => {
    const support = IMPORT_SUPPORT[entry.Type as ManagedType];
    if (!support.importable) throw new Error(`unreachable: ${entry.Type} is not importable`);
    const physicalId = substitutePseudo(input.livePhysicalIds?.get(id) ?? resources[id]!.physicalId!, placement);
    const identifier = support.identifier(physicalId, resources[id]!.properties);
    if (entry.Type === 'AWS::ECS::TaskDefinition' && !/:task-definition\/[^:]+:\d+$/.test(physicalId)) {
      // The desired state names a task definition by family; import needs the live revision's ARN.
      const token = `LIVE-REVISION-OF:${physicalId}`;
      identifier.TaskDefinitionArn = token;
      fillIns.push({
        token,
        command: `aws ecs describe-task-definition --region ${desired.region} --task-definition ${physicalId} --query taskDefinition.taskDefinitionArn --output text`,
        why: `the desired state names the task definition ${id} by its family; CloudFormation imports one revision, the live one`,
      });
    }
    return { ResourceType: entry.Type, LogicalResourceId: id, ResourceIdentifier: identifier };
  });

  return {
    stackName: options.stackName ?? desired.stack,
    account: desired.account,
    region: desired.region,
    source: input.source,
    template: {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `${desired.stack}: handed over from reclaim (reclaim export from ${input.source}); every resource imported, retained on delete.`,
      Resources: declared,
    },
    resourcesToImport,
    excluded,
    leftOut,
    notes: handOverNotes(input, blueGreen, declared),
    fillIns,
    warnings: ownershipWarnings(input),
  };
}

function handOverNotes(
  input: ExportInput,
  blueGreen: ReturnType<typeof blueGreenServices>,
  declared: Readonly<Record<string, TemplateResource>>,
): HandOverNote[] {
  const resources = input.desired.resources;
  const notes: HandOverNote[] = [];
  const where = (id: string) => (declared[id] ? 'in the template' : 'left out of the template (see EXCLUDED.md)');
  for (const entry of blueGreen) {
    const service = resources[entry.serviceId]!;
    const pair = entry.targetGroupIds.join(' and ') || 'its target groups';
    notes.push({
      id: entry.serviceId,
      type: service.type,
      note: `DeploymentController CODE_DEPLOY: CodeDeploy${entry.deploymentGroupId ? ` (deployment group ${entry.deploymentGroupId})` : ''} keeps deploying it. The template leaves out TaskDefinition (${CODE_DEPLOY_OWNED.TaskDefinition}) and LoadBalancers (CodeDeploy moves it between ${pair}), so the first stack update does not fight the last deployment. Change the task definition, network configuration or platform version with a CodeDeploy deployment (the pipeline), not a stack update. CloudFormation's own blue/green shape (the AWS::CodeDeploy::BlueGreen hook) needs the EXTERNAL controller, a replacement of the service, so the export keeps the service as it runs.`,
    });
    for (const listener of entry.listenerIds) {
      notes.push({
        id: listener,
        type: resources[listener]!.type,
        note: `the production listener of ${entry.serviceId}'s blue/green pair, ${where(listener)}: DefaultActions forwards to the target group that was live at export; CodeDeploy moves it to the other one of ${pair} at each deployment. Leave DefaultActions alone in the template: CloudFormation only writes what a stack update changes, and changing it would send traffic back to a stale target group.`,
      });
    }
    for (const taskDefinition of referencedTaskDefinitions(service)) {
      if (!resources[taskDefinition]) continue;
      notes.push({
        id: taskDefinition,
        type: resources[taskDefinition]!.type,
        note: `the revision live at export is imported, ${where(taskDefinition)}; each CodeDeploy deployment registers a newer revision that the stack does not own. A stack update that changes this task definition registers a revision the service does not run until a deployment uses it.`,
      });
    }
  }
  return notes;
}

function referencedTaskDefinitions(service: { properties: Readonly<Record<string, unknown>> }): string[] {
  const value = service.properties.TaskDefinition;
  return value && typeof value === 'object' && 'Ref' in value && typeof value.Ref === 'string' ? [value.Ref] : [];
}

function ownershipWarnings(input: ExportInput): string[] {
  if (input.owners) return [];
  const stacks = Object.values(input.desired.resources)
    .filter((resource) => isResourceType(resource.type) && resource.type === 'AWS::CloudFormation::Stack')
    .map((resource) => resource.physicalId);
  if (stacks.length === 0) return [];
  return [
    `The desired state declares the CloudFormation stacks ${stacks.join(', ')} but not what they own, and an import of a resource another stack owns fails. Export with --stack (a live read) or --snapshot to leave those resources out, or check with: aws cloudformation describe-stack-resources --stack-name NAME`,
  ];
}
