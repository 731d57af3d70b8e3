import {
  AttachRolePolicyCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { canonicalText, isPolicyDocument, normalizePolicyDocument } from '../diff/normalize.js';
import type { WriterContext } from '../kind-writer.js';

/** A role's inline policy, as CloudFormation's `Policies` lists it. */
export interface InlinePolicy {
  readonly PolicyName: string;
  readonly PolicyDocument: unknown;
}

export async function attachedPolicyArns(ctx: WriterContext, roleName: string): Promise<string[]> {
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const page = await ctx.clients.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }),
    );
    arns.push(...(page.AttachedPolicies ?? []).map((policy) => policy.PolicyArn!));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return arns;
}

export async function inlinePolicyNames(ctx: WriterContext, roleName: string): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await ctx.clients.iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
    names.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return names;
}

/** A policy document as IAM takes it: JSON text. A file may declare it as an object or as the text itself. */
export const policyText = (document: unknown): string =>
  typeof document === 'string' ? document : JSON.stringify(document);

/** The document in the canonical form drift compares (statement order, string-or-list, …), as text. */
function canonicalPolicy(document: unknown): string {
  let value = document;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return value as string;
    }
  }
  return canonicalText(isPolicyDocument(value) ? normalizePolicyDocument(value) : value);
}

export const samePolicy = (a: unknown, b: unknown): boolean => canonicalPolicy(a) === canonicalPolicy(b);

/** The declared `Policies`, checked: each needs a name and a document. */
export function declaredPolicies(value: unknown): InlinePolicy[] {
  if (!Array.isArray(value)) throw new Error('Policies must be a list of {PolicyName, PolicyDocument}');
  return value.map((policy: Partial<InlinePolicy> | null, index) => {
    if (typeof policy?.PolicyName !== 'string' || policy.PolicyDocument === undefined) {
      throw new Error(`Policies.${index} needs a PolicyName and a PolicyDocument`);
    }
    return { PolicyName: policy.PolicyName, PolicyDocument: policy.PolicyDocument };
  });
}

export function declaredArns(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((arn) => typeof arn !== 'string')) {
    throw new Error('ManagedPolicyArns must be a list of policy ARNs');
  }
  return value as string[];
}

/**
 * Puts every declared inline policy that live lacks or holds with another
 * document, and deletes the live ones the file does not declare (the file
 * declares `Policies`, so it declares all of them).
 */
export async function syncInlinePolicies(
  ctx: WriterContext,
  roleName: string,
  declared: readonly InlinePolicy[],
  live: readonly InlinePolicy[],
): Promise<void> {
  const liveByName = new Map(live.map((policy) => [policy.PolicyName, policy.PolicyDocument]));
  const declaredNames = new Set(declared.map((policy) => policy.PolicyName));
  const puts = declared.filter(
    (policy) =>
      !liveByName.has(policy.PolicyName) || !samePolicy(policy.PolicyDocument, liveByName.get(policy.PolicyName)),
  );
  const deletes = live.filter((policy) => !declaredNames.has(policy.PolicyName));
  await Promise.all([
    ...puts.map((policy) =>
      ctx.clients.iam.send(
        new PutRolePolicyCommand({
          RoleName: roleName,
          PolicyName: policy.PolicyName,
          PolicyDocument: policyText(policy.PolicyDocument),
        }),
      ),
    ),
    ...deletes.map((policy) =>
      ctx.clients.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policy.PolicyName })),
    ),
  ]);
}

/** Attaches the declared managed policies live lacks and detaches the ones the file does not declare. */
export async function syncManagedPolicies(
  ctx: WriterContext,
  roleName: string,
  declared: readonly string[],
  live: readonly string[],
): Promise<void> {
  const attach = declared.filter((arn) => !live.includes(arn));
  const detach = live.filter((arn) => !declared.includes(arn));
  await Promise.all([
    ...[...new Set(attach)].map((PolicyArn) =>
      ctx.clients.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn })),
    ),
    ...detach.map((PolicyArn) => ctx.clients.iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn }))),
  ]);
}
