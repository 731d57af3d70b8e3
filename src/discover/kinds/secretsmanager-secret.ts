import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type DescribeSecretResponse,
} from '@aws-sdk/client-secrets-manager';
import { errorCode, isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ListedResource, ReadResult } from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import { allPages } from '../paginate.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::SecretsManager::Secret' as const;

/**
 * The secret's id from any form a reference uses. An ECS container secret's `valueFrom` is the
 * secret ARN followed by `:JSON_KEY:VERSION_STAGE:VERSION_ID` (any of them empty, e.g.
 * `arn:aws:secretsmanager:us-east-2:123456789012:secret:bash-dog/ecs-envars-AbCdEf:API_KEY::`).
 * The ARN itself has exactly 7 colon-separated parts, so everything past the seventh is dropped.
 */
export function secretIdFrom(id: string): string {
  const arn = parseArn(id);
  if (!arn || arn.service !== 'secretsmanager') return id;
  return id.split(':').slice(0, 7).join(':');
}

/**
 * How the secret's value is shaped. Only the *shape* is kept: `json` (an object; its keys are
 * read), `plaintext` (any other string), `binary` (SecretBinary), `empty` (no AWSCURRENT version).
 */
type SecretFormat = 'json' | 'plaintext' | 'binary' | 'empty';

/**
 * The keys of the secret's current JSON value, sorted. The value is parsed inside this function
 * and goes out of scope with it: it is never returned, logged, or put into an issue. A parse
 * error is swallowed whole, because V8's JSON.parse messages quote the input.
 */
async function keysOf(ctx: DiscoveryContext, arn: string): Promise<{ format: SecretFormat; keys: string[] }> {
  const output = await ctx.limit(() => ctx.clients.secretsManager.send(new GetSecretValueCommand({ SecretId: arn })));
  if (output.SecretString === undefined) return { format: output.SecretBinary ? 'binary' : 'empty', keys: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.SecretString);
  } catch {
    return { format: 'plaintext', keys: [] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { format: 'plaintext', keys: [] };
  return { format: 'json', keys: Object.keys(parsed).sort() };
}

async function describe(
  ctx: DiscoveryContext,
  id: string,
  issues: ReadIssue[],
): Promise<DescribeSecretResponse | undefined> {
  try {
    const secret = await ctx.limit(() => ctx.clients.secretsManager.send(new DescribeSecretCommand({ SecretId: id })));
    // A secret scheduled for deletion is still describable until its recovery window ends: it is gone.
    return secret.DeletedDate ? undefined : secret;
  } catch (error) {
    if (!isNotFound(error))
      issues.push(readIssue('secretsmanager:DescribeSecret', error, { type: TYPE, physicalIds: [id] }));
    return undefined;
  }
}

async function toResource(
  ctx: DiscoveryContext,
  secret: DescribeSecretResponse,
  askedAs: ReadonlySet<string>,
  issues: ReadIssue[],
): Promise<DiscoveredResource> {
  const arn = secret.ARN!;
  const name = secret.Name!;
  const base = {
    type: TYPE,
    physicalId: arn,
    name,
    aliases: [...new Set([name, ...askedAs])].filter((alias) => alias !== arn),
    tags: Object.fromEntries((secret.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])),
    references: [],
  };
  const properties = {
    Name: name,
    ...(secret.Description ? { Description: secret.Description } : {}),
    ...(secret.KmsKeyId ? { KmsKeyId: secret.KmsKeyId } : {}),
  };

  let shape: { format: SecretFormat; keys: string[] };
  try {
    shape = await keysOf(ctx, arn);
  } catch (error) {
    // A secret created without a value has no AWSCURRENT version: GetSecretValue says ResourceNotFound.
    if (errorCode(error) === 'ResourceNotFoundException') {
      shape = { format: 'empty', keys: [] };
    } else {
      // Access denied (or KMS refusing to decrypt): the secret exists, its keys are unknown.
      issues.push(readIssue('secretsmanager:GetSecretValue', error, { type: TYPE, physicalIds: [arn] }));
      return { ...base, properties, attributes: { Arn: arn }, unknown: true };
    }
  }
  return {
    ...base,
    // SecretKeys is a reclaim extension, not a CloudFormation property: the keys the secret
    // declares (what task definitions reference as `valueFrom: ARN:KEY::`), never their values.
    properties: { ...properties, SecretKeys: shape.keys },
    attributes: { Arn: arn, Format: shape.format },
  };
}

export const secretsManagerSecretHandler: KindHandler = {
  type: TYPE,
  canonicalId: secretIdFrom,

  /** Secrets Manager has no batch describe (BatchGetSecretValue returns values): one DescribeSecret per secret. */
  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const ids = [...new Set(physicalIds.map(secretIdFrom))];
    const described = await Promise.all(ids.map((id) => describe(ctx, id, issues)));
    // The name and the ARN of one secret may both be asked for: one resource (and one
    // GetSecretValue) per ARN, every form it was asked as kept in its aliases.
    const byArn = new Map<string, { secret: DescribeSecretResponse; askedAs: Set<string> }>();
    described.forEach((secret, index) => {
      if (!secret) return;
      const entry = byArn.get(secret.ARN!) ?? { secret, askedAs: new Set<string>() };
      entry.askedAs.add(ids[index]!);
      byArn.set(secret.ARN!, entry);
    });
    const resources = await Promise.all(
      [...byArn.values()].map(({ secret, askedAs }) => toResource(ctx, secret, askedAs, issues)),
    );
    return { resources, issues };
  },

  async list(ctx): Promise<ListedResource[]> {
    const pages = await allPages(
      ctx,
      (NextToken) => ctx.clients.secretsManager.send(new ListSecretsCommand({ MaxResults: 100, NextToken })),
      (page) => page.NextToken,
    );
    return pages
      .flatMap((page) => page.SecretList ?? [])
      .map((secret) => ({ physicalId: secret.ARN!, name: secret.Name! }));
  },
};
