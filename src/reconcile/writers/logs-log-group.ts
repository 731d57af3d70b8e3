import {
  AssociateKmsKeyCommand,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DisassociateKmsKeyCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { isNotFound } from '../../discover/aws-errors.js';
import { logGroupNameFrom, logsLogGroupHandler } from '../../discover/kinds/logs-log-group.js';
import type { KindWriter, WriterContext } from '../kind-writer.js';
import { assertCreatable, defined, optionalNumber, optionalString, planUpdate, requiredString } from './converge.js';
import { declaredTags, tagChanges } from './tags.js';

const TYPE = 'AWS::Logs::LogGroup' as const;

/** What `update` changes in place. LogGroupName is a CloudFormation replacement. */
const UPDATABLE = new Set(['RetentionInDays', 'KmsKeyId', 'Tags']);

/** What `create` writes. */
const CREATABLE = new Set(['LogGroupName', ...UPDATABLE]);

/** Sets the retention, or removes it (never expire) when declared `null`. */
async function putRetention(ctx: WriterContext, logGroupName: string, declared: unknown): Promise<void> {
  const days = optionalNumber(declared);
  if (days === undefined) await ctx.clients.logs.send(new DeleteRetentionPolicyCommand({ logGroupName }));
  else await ctx.clients.logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: days }));
}

export const logsLogGroupWriter: KindWriter = {
  type: TYPE,

  /** CreateLogGroup (with its KMS key and tags), then the retention; a failed retention deletes the group again. */
  async create(ctx, change) {
    const properties = change.properties;
    assertCreatable(properties, CREATABLE);
    const logGroupName = requiredString(properties, 'LogGroupName');
    const tags = declaredTags(properties.Tags);
    await ctx.clients.logs.send(
      new CreateLogGroupCommand(
        defined({
          logGroupName,
          kmsKeyId: optionalString(properties.KmsKeyId),
          tags: Object.keys(tags).length > 0 ? tags : undefined,
        }),
      ),
    );
    if (optionalNumber(properties.RetentionInDays) !== undefined) {
      try {
        await putRetention(ctx, logGroupName, properties.RetentionInDays);
      } catch (error) {
        await ctx.clients.logs
          .send(new DeleteLogGroupCommand({ logGroupName }))
          .catch(() => ctx.note(`log group ${logGroupName} could not be deleted again; delete it by hand`));
        throw error;
      }
    }
    return { physicalId: logGroupName };
  },

  /**
   * Retention (PutRetentionPolicy, or DeleteRetentionPolicy when declared
   * `null`), the KMS key (AssociateKmsKey / DisassociateKmsKey: new events
   * only, AWS keeps old ones under the key they were written with) and tags.
   */
  async update(ctx, change) {
    const { live, todo } = await planUpdate(ctx, change, logsLogGroupHandler, UPDATABLE);
    const logGroupName = logGroupNameFrom(change.physicalId);
    const declared = change.properties;
    if (todo.has('RetentionInDays')) await putRetention(ctx, logGroupName, declared.RetentionInDays);
    if (todo.has('KmsKeyId')) {
      const kmsKeyId = optionalString(declared.KmsKeyId);
      if (kmsKeyId) await ctx.clients.logs.send(new AssociateKmsKeyCommand({ logGroupName, kmsKeyId }));
      else await ctx.clients.logs.send(new DisassociateKmsKeyCommand({ logGroupName }));
    }
    if (todo.has('Tags')) {
      const resourceArn = String(live.attributes?.Arn);
      const { set, remove } = tagChanges(declared.Tags, { ...live.tags });
      if (Object.keys(set).length > 0) await ctx.clients.logs.send(new TagResourceCommand({ resourceArn, tags: set }));
      if (remove.length > 0) await ctx.clients.logs.send(new UntagResourceCommand({ resourceArn, tagKeys: remove }));
    }
  },

  /** The group's streams and events go with it. */
  async delete(ctx, change) {
    try {
      await ctx.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: logGroupNameFrom(change.physicalId) }));
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
