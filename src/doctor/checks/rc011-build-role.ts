import { collect, type Check } from '../check.js';
import { allowStatement, gapsIn, policiesOf, type Permission } from '../live/iam-policy.js';
import { LiveStack } from '../live/live-stack.js';
import { ECR_PULL, ECR_PUSH } from '../live/managed-policies.js';
import { buildProjectsOf, pipelinesOf, taskDefinitionsOf } from '../live/stack-parts.js';
import { asDict, asList, asString } from '../util/values.js';

/**
 * Guide, step 6: the build role may log in to ECR, pull and push the stack's
 * repositories (the buildspec pulls `latest` as a cache, then pushes), and
 * read and write the pipeline's artifact bucket.
 */
export const buildRole: Check = {
  code: 'RC011',
  id: 'build-role-permissions',
  title: 'The build role may log in to ECR, push and pull, and use the artifact bucket',
  description:
    "CodeBuild's service role needs ecr:GetAuthorizationToken, pull and push on each of the stack's ECR repositories, and s3:GetObject/PutObject on the pipeline's artifact bucket.",
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const projects = buildProjectsOf(live);
    if (projects.length === 0) return out.skip('no build project');
    const repositories = [
      ...new Set(taskDefinitionsOf(live).flatMap((td) => live.targets(td, /^ContainerDefinitions\.\d+\.Image$/))),
    ];
    const buckets = pipelinesOf(live).flatMap((pipeline) =>
      [
        ...new Set([
          asString(asDict(pipeline.properties.ArtifactStore)?.Location),
          ...asList(pipeline.properties.ArtifactStores).map((s) =>
            asString(asDict(asDict(s)?.ArtifactStore)?.Location),
          ),
        ]),
      ]
        .filter((bucket): bucket is string => bucket !== undefined)
        .map((bucket) => ({ bucket, pipeline: pipeline.physicalId })),
    );

    for (const project of projects) {
      const role = live.target(project, 'ServiceRole');
      const roleId = asString(project.properties.ServiceRole) ?? '';
      if (!role) {
        if (live.unreadable('AWS::IAM::Role', roleId)) out.unknown(live.unknownReason('AWS::IAM::Role', roleId));
        else {
          out.error({
            location: LiveStack.locate(project, 'ServiceRole'),
            what: `Build project ${project.physicalId} runs as ${roleId || 'no role'}, which does not exist.`,
            why: 'CodeBuild cannot start a build without its service role.',
            fix: { text: 'Recreate the project\'s service role (let the console create "New service role").' },
          });
        }
        continue;
      }
      if (role.status === 'unknown') {
        out.unknown(live.unknownReason(role.type, role.physicalId));
        continue;
      }
      const arn = (name: string) => `arn:aws:ecr:${live.region}:${live.account}:repository/${name}`;
      const needed: Permission[] = [
        { action: 'ecr:GetAuthorizationToken', resource: '*' },
        ...repositories.flatMap((repo) =>
          [...ECR_PULL, ...ECR_PUSH].map((action) => ({ action, resource: arn(repo.physicalId) })),
        ),
        ...buckets.flatMap(({ bucket, pipeline }) =>
          ['s3:GetObject', 's3:PutObject'].map((action) => ({
            action,
            resource: `arn:aws:s3:::${bucket}/${pipeline}/BuildArtif/object`,
          })),
        ),
      ];
      const policies = policiesOf(role, live.facts);
      const gaps = gapsIn(policies, needed);
      if (gaps.missing.length === 0 && gaps.denied.length === 0) continue;
      if (gaps.denied.length === 0 && gaps.undecided.length > 0) {
        out.unknown(`the documents of ${gaps.undecided.join(', ')} (attached to ${role.physicalId}) could not be read`);
        continue;
      }
      const lacking = [...gaps.missing, ...gaps.denied];
      const s3 = lacking.filter((p) => p.action.startsWith('s3:'));
      const statements = [
        ...(lacking.some((p) => p.action === 'ecr:GetAuthorizationToken')
          ? [allowStatement('EcrLogin', [{ action: 'ecr:GetAuthorizationToken', resource: '*' }])]
          : []),
        ...(lacking.some((p) => p.action.startsWith('ecr:') && p.resource !== '*')
          ? [
              allowStatement(
                'EcrPushPull',
                lacking.filter((p) => p.action.startsWith('ecr:') && p.resource !== '*'),
              ),
            ]
          : []),
        ...(s3.length
          ? [
              allowStatement(
                'ArtifactBucket',
                s3.map((p) => ({ ...p, resource: p.resource.replace(/\/[^/]+\/BuildArtif\/object$/, '/*') })),
              ),
            ]
          : []),
      ];
      const policies0 = asList(role.properties.Policies);
      const first = asDict(policies0[0]);
      const statementList = asList(asDict(first?.PolicyDocument)?.Statement);
      out.error({
        location: LiveStack.locate(role, 'Policies'),
        what: `Build role ${role.physicalId} ${gaps.denied.length ? 'is denied' : 'lacks'} ${summarize(lacking)}.`,
        why: 'The build logs in to ECR, pulls the cache image, pushes the new images and writes the build artifact; each gap fails the build.',
        fix: {
          text: `Add ${statements.length === 1 ? 'this statement' : 'these statements'} to the role's ${asString(first?.PolicyName) ?? 'inline'} policy${gaps.denied.length ? ', and remove the Deny' : ''}.`,
          value: statements,
          reclaim: first
            ? {
                resource: role.id,
                type: role.type,
                path: `Policies.0.PolicyDocument.Statement`,
                value: [...statementList, ...statements],
              }
            : {
                resource: role.id,
                type: role.type,
                path: 'Policies.0',
                value: { PolicyName: 'BuildAccess', PolicyDocument: { Version: '2012-10-17', Statement: statements } },
              },
        },
      });
    }
    return out.done();
  },
};

function summarize(permissions: readonly Permission[]): string {
  const parts: string[] = [];
  if (permissions.some((p) => p.action === 'ecr:GetAuthorizationToken')) parts.push('ECR login');
  const repos = [
    ...new Set(
      permissions
        .filter((p) => p.action.startsWith('ecr:') && p.resource !== '*')
        .map((p) => p.resource.split('/').pop()),
    ),
  ];
  if (repos.length) parts.push(`push/pull on ${repos.join(', ')}`);
  const s3 = [...new Set(permissions.filter((p) => p.action.startsWith('s3:')).map((p) => p.action))];
  if (s3.length) parts.push(`${s3.join('/')} on the artifact bucket`);
  return parts.join(', ');
}
