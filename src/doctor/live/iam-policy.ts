import type { Resource } from '../../model/resource.js';
import { asDict, asList, asString, isDict, stringList, type Dict } from '../util/values.js';
import type { LiveFacts } from './live-facts.js';
import { KNOWN_MANAGED_POLICIES } from './managed-policies.js';

/**
 * A small evaluator of identity policies, enough to tell whether a role may do
 * what the guide's stack needs. It honours Allow and Deny, Action/NotAction,
 * Resource/NotResource and `*`/`?` wildcards. Conditions are not evaluated: a
 * statement with a condition counts as applying (a missing permission is
 * reported only when no statement could grant it, so false alarms stay out).
 * Permission boundaries, SCPs and resource policies are out of its reach.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

export type Decision = 'allow' | 'deny' | 'none';

function wildcard(pattern: string, caseInsensitive: boolean): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'i' : '');
}

const matchesAny = (patterns: readonly string[], value: string, caseInsensitive: boolean) =>
  patterns.some((pattern) => wildcard(pattern, caseInsensitive).test(value));

function statementsOf(document: unknown): Dict[] {
  const statement = asDict(document)?.Statement;
  return (Array.isArray(statement) ? statement : [statement]).filter(isDict);
}

function applies(statement: Dict, action: string, resource: string): boolean {
  const actionOk =
    statement.Action !== undefined
      ? matchesAny(stringList(statement.Action), action, true)
      : statement.NotAction !== undefined && !matchesAny(stringList(statement.NotAction), action, true);
  if (!actionOk) return false;
  if (statement.Resource !== undefined) return matchesAny(stringList(statement.Resource), resource, false);
  if (statement.NotResource !== undefined) return !matchesAny(stringList(statement.NotResource), resource, false);
  return false;
}

/** What a set of policy documents decides for one action on one resource ARN. */
export function decide(documents: readonly unknown[], action: string, resource: string): Decision {
  let allowed = false;
  for (const document of documents) {
    for (const statement of statementsOf(document)) {
      if (!applies(statement, action, resource)) continue;
      if (statement.Effect === 'Deny') return 'deny';
      if (statement.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allow' : 'none';
}

/** True when the trust policy lets `service` (e.g. `ecs-tasks.amazonaws.com`) assume the role. */
export function trusts(trustPolicy: unknown, service: string): boolean {
  return statementsOf(trustPolicy).some(
    (statement) =>
      statement.Effect === 'Allow' &&
      matchesAny(stringList(statement.Action), 'sts:AssumeRole', true) &&
      stringList(asDict(statement.Principal)?.Service).includes(service),
  );
}

/** The services a trust policy names, for messages. */
export function trustedServices(trustPolicy: unknown): string[] {
  return statementsOf(trustPolicy).flatMap((statement) => stringList(asDict(statement.Principal)?.Service));
}

export interface RolePolicies {
  /** Every document that could be read: inline policies, and managed ones whose document is known. */
  readonly documents: readonly unknown[];
  /** Managed policies whose document is not known (offline, or the read failed). */
  readonly unknownManaged: readonly string[];
}

/** The role's inline policies and its managed policies' documents (read live, or known AWS-managed ones). */
export function policiesOf(role: Resource, facts: LiveFacts | undefined): RolePolicies {
  const inline = asList(role.properties.Policies).map((policy) => asDict(policy)?.PolicyDocument);
  const documents: unknown[] = [...inline];
  const unknownManaged: string[] = [];
  for (const arn of stringList(role.properties.ManagedPolicyArns)) {
    const read = facts?.managedPolicies.get(arn);
    const known = read ?? KNOWN_MANAGED_POLICIES.get(managedPolicyName(arn));
    if (known !== undefined && known !== null) documents.push(known);
    else unknownManaged.push(arn);
  }
  return { documents, unknownManaged };
}

/** `arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy` → the AWS-managed name, else ''. */
function managedPolicyName(arn: string): string {
  const match = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return match ? match[1]! : '';
}

export interface Permission {
  readonly action: string;
  readonly resource: string;
}

export interface PermissionGaps {
  readonly missing: readonly Permission[];
  readonly denied: readonly Permission[];
  /** Set when the answer for `missing` depends on policy documents that are not known. */
  readonly undecided: readonly string[];
}

/** Which of `needed` the role's policies do not grant. */
export function gapsIn(policies: RolePolicies, needed: readonly Permission[]): PermissionGaps {
  const missing: Permission[] = [];
  const denied: Permission[] = [];
  for (const permission of needed) {
    const decision = decide(policies.documents, permission.action, permission.resource);
    if (decision === 'deny') denied.push(permission);
    else if (decision === 'none') missing.push(permission);
  }
  return { missing, denied, undecided: missing.length > 0 ? policies.unknownManaged : [] };
}

/** An Allow statement granting `permissions`, grouped by resource: the exact value a fix adds. */
export function allowStatement(sid: string, permissions: readonly Permission[]): Dict {
  const actions = [...new Set(permissions.map((p) => p.action))].sort();
  const resources = [...new Set(permissions.map((p) => p.resource))].sort();
  return {
    Sid: sid,
    Effect: 'Allow',
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: resources.length === 1 ? resources[0] : resources,
  };
}

export const roleArnOf = (role: Resource): string => asString(role.attributes.Arn) ?? role.physicalId;
