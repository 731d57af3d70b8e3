import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { isNotFound } from '../../discover/aws-errors.js';
import { secretIdFrom, secretsManagerSecretHandler } from '../../discover/kinds/secretsmanager-secret.js';
import { UserError } from '../../errors.js';
import type { Change } from '../../model/plan.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { defined, optionalString, planUpdate, topLevelProperty } from './converge.js';
import { writeSecretKeys } from './secretsmanager-secret-keys.js';
import { tagChanges, tagList } from './tags.js';

/** Secrets Manager's default and reclaim's choice: a week to change one's mind (`RestoreSecret`). */
export const RECOVERY_WINDOW_DAYS = 7;

/**
 * What `update` changes in place. Name is a CloudFormation replacement;
 * `SecretKeys` (reclaim's own: the keys of a JSON secret, never the values)
 * only with `--allow-secret-writes`.
 */
const UPDATABLE = new Set(['Description', 'KmsKeyId', 'SecretKeys', 'Tags']);

/** Secrets Manager's own key, which a secret uses when no KMS key is named. */
const DEFAULT_KMS_KEY = 'alias/aws/secretsmanager';

const SECRET_WRITES_REFUSED =
  "changing the secret's keys (SecretKeys) writes a new version of its value, and the run does not allow secret writes: run again with --allow-secret-writes (declared keys that are missing are added with an empty value, keys the file does not declare are removed)";

const changesKeys = (change: Change): boolean =>
  change.action === 'update' && change.changes.some((entry) => topLevelProperty(entry.path) === 'SecretKeys');

async function syncTags(ctx: WriterContext, secretId: string, declared: unknown, live: Record<string, string>) {
  const { set, remove } = tagChanges(declared, live);
  if (Object.keys(set).length > 0) {
    await ctx.clients.secretsManager.send(new TagResourceCommand({ SecretId: secretId, Tags: tagList(set) }));
  }
  if (remove.length > 0) {
    await ctx.clients.secretsManager.send(new UntagResourceCommand({ SecretId: secretId, TagKeys: remove }));
  }
}

export const secretsManagerSecretWriter: KindWriter = {
  type: 'AWS::SecretsManager::Secret',

  /** A change of keys without `--allow-secret-writes`: refused before the plan's first change runs. */
  refuses(change, options) {
    return changesKeys(change) && !options.allowSecretWrites ? SECRET_WRITES_REFUSED : undefined;
  },

  /**
   * Description and KMS key (UpdateSecret), tags, and, only when the run
   * allows secret writes, the secret's keys: declared keys that are missing
   * are added with an empty value, undeclared ones removed, the values of
   * the others kept as they are, in one PutSecretValue (the old value stays
   * readable as AWSPREVIOUS). No value is ever logged, returned or put in an
   * error. Without the permission a plan that changes keys fails before any
   * call (`refuses`; checked here again for callers that skip the executor).
   */
  async update(ctx, change) {
    const refusal = secretsManagerSecretWriter.refuses!(change, ctx.options);
    if (refusal) throw new UserError('SECRET_WRITES_NOT_ALLOWED', refusal);
    const { live, todo } = await planUpdate(ctx, change, secretsManagerSecretHandler, UPDATABLE);
    const secretId = secretIdFrom(change.physicalId);
    const declared = change.properties;
    if (todo.has('Description') || todo.has('KmsKeyId')) {
      await ctx.clients.secretsManager.send(
        new UpdateSecretCommand(
          defined({
            SecretId: secretId,
            Description: todo.has('Description') ? (optionalString(declared.Description) ?? '') : undefined,
            KmsKeyId: todo.has('KmsKeyId') ? (optionalString(declared.KmsKeyId) ?? DEFAULT_KMS_KEY) : undefined,
          }),
        ),
      );
    }
    if (todo.has('SecretKeys')) {
      const { added, removed } = await writeSecretKeys(ctx, secretId, declared.SecretKeys);
      ctx.note(
        `secret keys: added ${added.join(', ') || 'none'} (empty values); removed ${removed.join(', ') || 'none'}`,
      );
    }
    if (todo.has('Tags')) await syncTags(ctx, secretId, declared.Tags, { ...live.tags });
  },

  /**
   * Schedules the secret for deletion after a recovery window, or deletes it
   * at once with `forceDeleteSecrets` (which also frees the name). A secret
   * already scheduled for deletion is gone as far as the stack is concerned.
   * Only the secret's metadata is read, never its value.
   */
  async delete(ctx, change) {
    const secretId = secretIdFrom(change.physicalId);
    try {
      const described = await ctx.clients.secretsManager.send(new DescribeSecretCommand({ SecretId: secretId }));
      if (described.DeletedDate) return 'already-gone';
      await ctx.clients.secretsManager.send(
        new DeleteSecretCommand(
          ctx.options.forceDeleteSecrets
            ? { SecretId: secretId, ForceDeleteWithoutRecovery: true }
            : { SecretId: secretId, RecoveryWindowInDays: RECOVERY_WINDOW_DAYS },
        ),
      );
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
