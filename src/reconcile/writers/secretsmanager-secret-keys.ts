import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { errorCode } from '../../discover/aws-errors.js';
import type { WriterContext } from '../kind-writer.js';

/**
 * The one place reclaim handles a secret's value: to change which keys a
 * JSON secret has. The value is read, changed and written inside
 * `writeSecretKeys` and never leaves it: only key names come out, and every
 * error raised here is made afresh, without the AWS error object and never
 * with a JSON.parse message (V8's quote their input).
 */

/** An error that says what failed without any part of the value. */
function valueFreeError(code: string, message: string): Error {
  const error = new Error(message);
  error.name = code;
  return error;
}

const notAJsonObject = (): Error =>
  valueFreeError(
    'SecretNotJson',
    "the secret's value is not a JSON object, so it has no keys to change; reclaim leaves it as it is",
  );

/** AWS's first message line, unless it quotes any of `values` (then only the code is told). */
function awsFailure(operation: string, error: unknown, values: readonly string[]): Error {
  const code = errorCode(error);
  const message = String((error as { message?: unknown })?.message ?? '').split('\n')[0]!;
  const quotes = values.some((value) => value.length > 0 && message.includes(value));
  return valueFreeError(code, quotes || !message ? `${operation} failed` : `${operation} failed: ${message}`);
}

function declaredKeys(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((key) => typeof key !== 'string')) {
    throw new Error('SecretKeys must be a list of key names');
  }
  return [...new Set(value as string[])];
}

/** The current value as a JSON object; `{}` when the secret has no current version yet. */
async function currentObject(ctx: WriterContext, secretId: string): Promise<Record<string, unknown>> {
  let output;
  try {
    output = await ctx.clients.secretsManager.send(new GetSecretValueCommand({ SecretId: secretId }));
  } catch (error) {
    // A secret created without a value has no AWSCURRENT version: GetSecretValue says ResourceNotFound.
    if (errorCode(error) === 'ResourceNotFoundException') return {};
    throw awsFailure('GetSecretValue', error, []);
  }
  if (output.SecretString === undefined) {
    if (output.SecretBinary !== undefined) throw notAJsonObject();
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.SecretString);
  } catch {
    throw notAJsonObject();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw notAJsonObject();
  return parsed as Record<string, unknown>;
}

/**
 * Makes the secret's JSON keys exactly `declared`: adds the missing ones
 * with an empty string, removes the others, keeps every kept key's value.
 * Writes nothing when the keys already match. Returns key names only.
 */
export async function writeSecretKeys(
  ctx: WriterContext,
  secretId: string,
  declared: unknown,
): Promise<{ added: string[]; removed: string[] }> {
  const wanted = declaredKeys(declared);
  const current = await currentObject(ctx, secretId);
  const removed = Object.keys(current).filter((key) => !wanted.includes(key));
  const added = wanted.filter((key) => !Object.hasOwn(current, key));
  if (added.length === 0 && removed.length === 0) return { added, removed };
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(current)) if (wanted.includes(key)) next[key] = value;
  for (const key of added) next[key] = '';
  try {
    await ctx.clients.secretsManager.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(next) }),
    );
  } catch (error) {
    const values = Object.values(current).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    throw awsFailure('PutSecretValue', error, values);
  }
  return { added: added.sort(), removed: removed.sort() };
}
