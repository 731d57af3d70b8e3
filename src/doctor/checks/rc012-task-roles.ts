import type { Resource } from '../../model/resource.js';
import { collect, type Check, type Collector } from '../check.js';
import { allowStatement, gapsIn, policiesOf, trustedServices, trusts } from '../live/iam-policy.js';
import { LiveStack } from '../live/live-stack.js';
import { ECS_TASK_EXECUTION_POLICY_ARN } from '../live/managed-policies.js';
import { containersOf, taskDefinitionsOf } from '../live/stack-parts.js';
import { asDict, asList, asString, stringList } from '../util/values.js';
import { parseSecretReference } from './rc008-secret-references.js';

const ECS_TASKS = 'ecs-tasks.amazonaws.com';
const isExecutionPolicy = (arn: string) => arn.endsWith(':policy/service-role/AmazonECSTaskExecutionRolePolicy');

/** The role a task definition names under `property`, or a finding/unknown when it names one that cannot be found. */
function roleOf(out: Collector, live: LiveStack, td: Resource, property: string): Resource | undefined {
  const id = asString(td.properties[property]);
  if (!id) return undefined;
  const role = live.target(td, property);
  if (role?.status === 'unknown' || (!role && live.unreadable('AWS::IAM::Role', id))) {
    out.unknown(live.unknownReason('AWS::IAM::Role', role?.physicalId ?? id));
    return undefined;
  }
  if (!role) {
    out.error({
      location: LiveStack.locate(td, property),
      what: `Task definition ${td.physicalId} names ${property} ${id}, which does not exist.`,
      why: 'ECS cannot start tasks with a role that does not exist.',
      fix: { text: `Create the role (trusting ${ECS_TASKS}) or point ${property} at an existing one in taskdef.json.` },
    });
  }
  return role;
}

function checkTrust(out: Collector, role: Resource, what: string): void {
  if (trusts(role.properties.AssumeRolePolicyDocument, ECS_TASKS)) return;
  const trusted = trustedServices(role.properties.AssumeRolePolicyDocument);
  const document = {
    Version: '2012-10-17',
    Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: ECS_TASKS }, Action: 'sts:AssumeRole' }],
  };
  out.error({
    location: LiveStack.locate(role, 'AssumeRolePolicyDocument'),
    what: `The ${what} ${role.physicalId} trusts ${trusted.length ? trusted.join(', ') : 'no service'}, not ${ECS_TASKS}.`,
    why: 'ECS tasks can assume only a role whose trust policy names ecs-tasks.amazonaws.com.',
    fix: {
      text: `Set the trust relationship to allow ${ECS_TASKS} to sts:AssumeRole.`,
      value: document,
      reclaim: { resource: role.id, type: role.type, path: 'AssumeRolePolicyDocument', value: document },
    },
  });
}

/**
 * Guide, step 9: the execution role has AmazonECSTaskExecutionRolePolicy and
 * may read every secret the task definition names
 * (`secretsmanager:GetSecretValue`); it and the task role trust
 * `ecs-tasks.amazonaws.com`.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
 */
export const taskRoles: Check = {
  code: 'RC012',
  id: 'task-roles',
  title: 'Execution role: task execution policy and the secrets; both roles trust ecs-tasks',
  description:
    'The execution role needs AmazonECSTaskExecutionRolePolicy and secretsmanager:GetSecretValue on every secret the task definition names; it and the task role must trust ecs-tasks.amazonaws.com.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    for (const td of taskDefinitionsOf(live)) {
      if (td.status === 'unknown') out.unknown(live.unknownReason(td.type, td.physicalId));
      const execution = roleOf(out, live, td, 'ExecutionRoleArn');
      const task = roleOf(out, live, td, 'TaskRoleArn');
      if (task) checkTrust(out, task, 'task role');
      const secretArns = [
        ...new Set(
          containersOf(td).flatMap((c) =>
            asList(c.definition.Secrets)
              .map((s) => parseSecretReference(asString(asDict(s)?.ValueFrom) ?? ''))
              .filter((ref) => ref?.isArn === true)
              .map((ref) => ref!.secretId),
          ),
        ),
      ];
      if (!asString(td.properties.ExecutionRoleArn)) {
        if (secretArns.length > 0) {
          out.error({
            location: LiveStack.locate(td, 'ExecutionRoleArn'),
            what: `Task definition ${td.physicalId} names secrets but no execution role.`,
            why: 'ECS reads secrets (and pulls ECR images) as the execution role: without one the tasks do not start.',
            fix: { text: "Set executionRoleArn in taskdef.json to the guide's execution role." },
          });
        }
        continue;
      }
      if (!execution) continue;
      checkTrust(out, execution, 'execution role');
      const managed = stringList(execution.properties.ManagedPolicyArns);
      if (!managed.some(isExecutionPolicy)) {
        out.error({
          location: LiveStack.locate(execution, 'ManagedPolicyArns'),
          what: `Execution role ${execution.physicalId} lacks AmazonECSTaskExecutionRolePolicy.`,
          why: "Without it ECS cannot pull the images from ECR or send the containers' logs.",
          fix: {
            text: `Attach ${ECS_TASK_EXECUTION_POLICY_ARN}.`,
            value: ECS_TASK_EXECUTION_POLICY_ARN,
            reclaim: {
              resource: execution.id,
              type: execution.type,
              path: `ManagedPolicyArns.${managed.length}`,
              value: ECS_TASK_EXECUTION_POLICY_ARN,
            },
            command: `aws iam attach-role-policy --role-name ${execution.physicalId} --policy-arn ${ECS_TASK_EXECUTION_POLICY_ARN}`,
          },
        });
      }
      const needed = secretArns.map((arn) => ({ action: 'secretsmanager:GetSecretValue', resource: arn }));
      const gaps = gapsIn(policiesOf(execution, live.facts), needed);
      if (gaps.missing.length === 0 && gaps.denied.length === 0) continue;
      if (gaps.denied.length === 0 && gaps.undecided.length > 0) {
        out.unknown(
          `the documents of ${gaps.undecided.join(', ')} (attached to ${execution.physicalId}) could not be read`,
        );
        continue;
      }
      const lacking = [...gaps.missing, ...gaps.denied];
      const statement = allowStatement('ReadTaskSecrets', lacking);
      const inline = asList(execution.properties.Policies);
      out.error({
        location: LiveStack.locate(execution, 'Policies'),
        what: `Execution role ${execution.physicalId} may not read ${lacking.map((p) => p.resource).join(', ')} (secretsmanager:GetSecretValue).`,
        why: 'Tasks fail to start (ResourceInitializationError) when ECS cannot read a secret they name.',
        fix: {
          text: `Add an inline policy allowing secretsmanager:GetSecretValue on ${lacking.map((p) => p.resource).join(', ')}.`,
          value: statement,
          reclaim: {
            resource: execution.id,
            type: execution.type,
            path: `Policies.${inline.length}`,
            value: { PolicyName: 'ReadTaskSecrets', PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
          },
        },
      });
    }
    return out.done();
  },
};
