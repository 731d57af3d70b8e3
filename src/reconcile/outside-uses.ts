import { DescribeSecurityGroupsCommand, type SecurityGroup } from '@aws-sdk/client-ec2';
import { ListInstanceProfilesForRoleCommand } from '@aws-sdk/client-iam';
import { GetPipelineCommand, ListPipelinesCommand, type PipelineDeclaration } from '@aws-sdk/client-codepipeline';
import type { AwsClients } from '../aws/clients.js';
import { isNotFound, readIssue } from '../discover/aws-errors.js';
import type { Resource } from '../model/resource.js';
import type { ReadIssue, Snapshot } from '../model/snapshot.js';
import { createLimiter, type Limiter } from '../util/limiter.js';
import type { OutsideUse } from './teardown.js';

export interface OutsideUses {
  readonly uses: readonly OutsideUse[];
  /** Checks that could not be made: teardown refuses to act on a partial picture. */
  readonly issues: readonly ReadIssue[];
}

interface Scope {
  readonly clients: AwsClients;
  readonly limit: Limiter;
  readonly resources: readonly Resource[];
  readonly issues: ReadIssue[];
}

const ofType = (scope: Scope, type: Resource['type']) =>
  scope.resources.filter((resource) => resource.type === type && !resource.external);

/**
 * Security groups outside the graph whose rules name one of the stack's
 * groups. EC2 refuses to delete a group another group refers to (the
 * emulator does not), and deleting the reference would change someone
 * else's group.
 */
async function securityGroupReferences(scope: Scope): Promise<OutsideUse[]> {
  const groups = ofType(scope, 'AWS::EC2::SecurityGroup');
  if (groups.length === 0) return [];
  const ours = new Map(groups.map((group) => [group.physicalId as string, group]));
  const found = new Map<string, SecurityGroup>();
  for (const filter of ['ip-permission.group-id', 'egress.ip-permission.group-id']) {
    try {
      let nextToken: string | undefined;
      do {
        const page = await scope.limit(() =>
          scope.clients.ec2.send(
            new DescribeSecurityGroupsCommand({
              Filters: [{ Name: filter, Values: [...ours.keys()] }],
              NextToken: nextToken,
            }),
          ),
        );
        for (const group of page.SecurityGroups ?? []) found.set(group.GroupId!, group);
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      scope.issues.push(readIssue('ec2:DescribeSecurityGroups', error, { type: 'AWS::EC2::SecurityGroup' }));
    }
  }
  return [...found.values()]
    .filter((other) => !ours.has(other.GroupId!))
    .flatMap((other) => {
      const named = new Set(
        [...(other.IpPermissions ?? []), ...(other.IpPermissionsEgress ?? [])].flatMap((permission) =>
          (permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId!),
        ),
      );
      return [...named]
        .filter((id) => ours.has(id))
        .map((id) => ({
          id: ours.get(id)!.id,
          by: `security group ${other.GroupId} (${other.GroupName ?? ''}) refers to it in its rules`,
        }));
    });
}

/** A role in an instance profile is an EC2 instance's role too; reclaim has no instance profiles. */
async function instanceProfiles(scope: Scope): Promise<OutsideUse[]> {
  const uses = await Promise.all(
    ofType(scope, 'AWS::IAM::Role').map(async (role): Promise<OutsideUse[]> => {
      try {
        const output = await scope.limit(() =>
          scope.clients.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: role.physicalId })),
        );
        return (output.InstanceProfiles ?? []).map((profile) => ({
          id: role.id,
          by: `instance profile ${profile.InstanceProfileName}`,
        }));
      } catch (error) {
        if (isNotFound(error)) return [];
        scope.issues.push(
          readIssue('iam:ListInstanceProfilesForRole', error, {
            type: 'AWS::IAM::Role',
            physicalIds: [role.physicalId],
          }),
        );
        return [];
      }
    }),
  );
  return uses.flat();
}

/** Everything a pipeline declaration names that a stack could own: roles, artifact buckets, connections. */
function pipelineNames(pipeline: PipelineDeclaration): string[] {
  const names = [pipeline.roleArn, pipeline.artifactStore?.location];
  for (const store of Object.values(pipeline.artifactStores ?? {})) names.push(store.location);
  for (const stage of pipeline.stages ?? []) {
    for (const action of stage.actions ?? []) names.push(action.roleArn, action.configuration?.ConnectionArn);
  }
  return names.filter((name): name is string => !!name);
}

/**
 * Other pipelines that use the stack's role, artifact bucket or connection.
 * The console makes one artifact bucket per region and gives it to every
 * pipeline, and one GitHub connection usually serves many: the stack's
 * pipeline reaching them does not make them the stack's alone.
 */
async function otherPipelines(scope: Scope): Promise<OutsideUse[]> {
  const shared = [
    ...ofType(scope, 'AWS::IAM::Role').map((role) => [String(role.attributes.Arn ?? role.physicalId), role] as const),
    ...ofType(scope, 'AWS::S3::Bucket').map((bucket) => [bucket.physicalId as string, bucket] as const),
    ...ofType(scope, 'AWS::CodeStarConnections::Connection').map((c) => [c.physicalId as string, c] as const),
  ];
  if (shared.length === 0) return [];
  const byName = new Map(shared);
  const ours = new Set(ofType(scope, 'AWS::CodePipeline::Pipeline').map((pipeline) => pipeline.physicalId as string));
  const names: string[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await scope.limit(() => scope.clients.codepipeline.send(new ListPipelinesCommand({ nextToken })));
      names.push(...(page.pipelines ?? []).map((pipeline) => pipeline.name!).filter((name) => !ours.has(name)));
      nextToken = page.nextToken || undefined;
    } while (nextToken);
  } catch (error) {
    scope.issues.push(readIssue('codepipeline:ListPipelines', error, { type: 'AWS::CodePipeline::Pipeline' }));
    return [];
  }
  const uses = await Promise.all(
    names.map(async (name): Promise<OutsideUse[]> => {
      try {
        const output = await scope.limit(() => scope.clients.codepipeline.send(new GetPipelineCommand({ name })));
        const used = new Set(output.pipeline ? pipelineNames(output.pipeline) : []);
        return [...used].flatMap((value) => {
          const resource = byName.get(value);
          return resource ? [{ id: resource.id, by: `pipeline ${name}` }] : [];
        });
      } catch (error) {
        if (isNotFound(error)) return [];
        scope.issues.push(
          readIssue('codepipeline:GetPipeline', error, { type: 'AWS::CodePipeline::Pipeline', physicalIds: [name] }),
        );
        return [];
      }
    }),
  );
  return uses.flat();
}

/**
 * Looks outside the stack's graph for what still uses its resources, the
 * uses that can be found without reading the whole account: security group
 * rules, instance profiles, other pipelines. (Certificates and target groups
 * say who holds them in the snapshot itself; `planTeardown` reads those.)
 * Read-only.
 */
export async function findOutsideUses(
  clients: AwsClients,
  snapshot: Snapshot,
  options: { concurrency?: number } = {},
): Promise<OutsideUses> {
  const scope: Scope = {
    clients,
    limit: createLimiter(options.concurrency ?? 10),
    resources: snapshot.resources,
    issues: [],
  };
  const found = await Promise.all([securityGroupReferences(scope), instanceProfiles(scope), otherPipelines(scope)]);
  return { uses: found.flat(), issues: scope.issues };
}
