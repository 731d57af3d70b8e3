import type { Resource } from '../../model/resource.js';
import { collect, type Check, type Collector } from '../check.js';
import { trustedServices, trusts } from '../live/iam-policy.js';
import { LiveStack } from '../live/live-stack.js';
import { CODEDEPLOY_FOR_ECS_POLICY_ARN } from '../live/managed-policies.js';
import { deployingGroupsOf, pipelinesOf } from '../live/stack-parts.js';
import { asString, stringList } from '../util/values.js';

function roleThrough(out: Collector, live: LiveStack, from: Resource, property: string): Resource | undefined {
  const id = asString(from.properties[property]);
  if (!id) return undefined;
  const role = live.target(from, property);
  if (role?.status === 'unknown' || (!role && live.unreadable('AWS::IAM::Role', id))) {
    out.unknown(live.unknownReason('AWS::IAM::Role', role?.physicalId ?? id));
    return undefined;
  }
  if (!role) {
    out.error({
      location: LiveStack.locate(from, property),
      what: `${from.type} ${from.physicalId} uses role ${id}, which does not exist.`,
      why: 'The service cannot act without its role.',
      fix: { text: 'Recreate the role, or point the resource at an existing one.' },
    });
  }
  return role;
}

function requireTrust(out: Collector, role: Resource, service: string, what: string): void {
  const document = role.properties.AssumeRolePolicyDocument;
  if (trusts(document, service)) return;
  const trusted = trustedServices(document);
  const wanted = {
    Version: '2012-10-17',
    Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  };
  out.error({
    location: LiveStack.locate(role, 'AssumeRolePolicyDocument'),
    what: `The ${what} ${role.physicalId} trusts ${trusted.length ? trusted.join(', ') : 'no service'}, not ${service}.`,
    why: `${service.split('.')[0]} can assume only a role whose trust policy names ${service}.`,
    fix: {
      text: `Set the trust relationship to allow ${service} to sts:AssumeRole.`,
      value: wanted,
      reclaim: { resource: role.id, type: role.type, path: 'AssumeRolePolicyDocument', value: wanted },
    },
  });
}

/**
 * Guide, steps 5 and 9: the CodeDeploy role has AWSCodeDeployRoleForECS and
 * trusts `codedeploy.amazonaws.com`; the pipeline role (the one the console
 * made) trusts `codepipeline.amazonaws.com`.
 */
export const deployRoles: Check = {
  code: 'RC013',
  id: 'deploy-roles',
  title: 'CodeDeploy role: AWSCodeDeployRoleForECS, trusts codedeploy; pipeline role trusts codepipeline',
  description:
    "The deployment group's role needs the AWSCodeDeployRoleForECS managed policy and must trust codedeploy.amazonaws.com; the pipeline's role must trust codepipeline.amazonaws.com.",
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    for (const group of deployingGroupsOf(live)) {
      const role = roleThrough(out, live, group, 'ServiceRoleArn');
      if (!role) continue;
      requireTrust(out, role, 'codedeploy.amazonaws.com', 'CodeDeploy role');
      const managed = stringList(role.properties.ManagedPolicyArns);
      if (!managed.some((arn) => arn.endsWith(':policy/AWSCodeDeployRoleForECS'))) {
        out.error({
          location: LiveStack.locate(role, 'ManagedPolicyArns'),
          what: `CodeDeploy role ${role.physicalId} lacks AWSCodeDeployRoleForECS.`,
          why: 'CodeDeploy then cannot create task sets or shift the listener between target groups: every deployment fails.',
          fix: {
            text: `Attach ${CODEDEPLOY_FOR_ECS_POLICY_ARN}.`,
            value: CODEDEPLOY_FOR_ECS_POLICY_ARN,
            reclaim: {
              resource: role.id,
              type: role.type,
              path: `ManagedPolicyArns.${managed.length}`,
              value: CODEDEPLOY_FOR_ECS_POLICY_ARN,
            },
            command: `aws iam attach-role-policy --role-name ${role.physicalId} --policy-arn ${CODEDEPLOY_FOR_ECS_POLICY_ARN}`,
          },
        });
      }
    }
    for (const pipeline of pipelinesOf(live)) {
      const role = roleThrough(out, live, pipeline, 'RoleArn');
      if (role) requireTrust(out, role, 'codepipeline.amazonaws.com', 'pipeline role');
    }
    return out.done();
  },
};
