import {
  GetConnectionCommand,
  ListTagsForResourceCommand,
  type Connection,
} from '@aws-sdk/client-codestar-connections';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ReadResult } from '../kind-handler.js';
import type { ReadIssue } from '../../model/snapshot.js';

const TYPE = 'AWS::CodeStarConnections::Connection' as const;

/**
 * The physical id is the connection ARN (what CloudFormation's `Ref` returns),
 * and every reference to a connection (a pipeline source action's
 * `ConnectionArn`) already uses it, so there is no `canonicalId`.
 *
 * Connections made since 2024 may carry `arn:aws:codeconnections:` ARNs; the
 * CodeStar Connections API reads both forms, so they are passed through as is.
 */
function toResource(connection: Connection, tags: Record<string, string>): DiscoveredResource {
  const arn = connection.ConnectionArn!;
  return {
    type: TYPE,
    physicalId: arn,
    name: connection.ConnectionName ?? arn,
    properties: {
      ...(connection.ConnectionName ? { ConnectionName: connection.ConnectionName } : {}),
      // A connection names either its provider (GitHub, Bitbucket, …) or the host of a self-managed provider.
      ...(connection.HostArn
        ? { HostArn: connection.HostArn }
        : connection.ProviderType
          ? { ProviderType: connection.ProviderType }
          : {}),
    },
    attributes: {
      // PENDING until someone completes the OAuth handshake in the console: a pipeline cannot use it before then.
      ...(connection.ConnectionStatus ? { ConnectionStatus: connection.ConnectionStatus } : {}),
      ...(connection.OwnerAccountId ? { OwnerAccountId: connection.OwnerAccountId } : {}),
    },
    tags,
    references: [],
  };
}

async function readConnection(
  ctx: DiscoveryContext,
  arn: string,
  issues: ReadIssue[],
): Promise<DiscoveredResource | undefined> {
  const about = { type: TYPE, physicalIds: [arn] };
  let connection: Connection;
  try {
    const output = await ctx.limit(() =>
      ctx.clients.codestarConnections.send(new GetConnectionCommand({ ConnectionArn: arn })),
    );
    if (!output.Connection) return undefined;
    connection = output.Connection;
  } catch (error) {
    if (!isNotFound(error)) issues.push(readIssue('codestar-connections:GetConnection', error, about));
    return undefined;
  }
  try {
    const output = await ctx.limit(() =>
      ctx.clients.codestarConnections.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
    );
    return toResource(connection, Object.fromEntries((output.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])));
  } catch (error) {
    issues.push(readIssue('codestar-connections:ListTagsForResource', error, about));
    return { ...toResource(connection, {}), unknown: true };
  }
}

export const codestarConnectionHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    // No batch read exists: one GetConnection per ARN, concurrently under the limiter.
    const read = await Promise.all(physicalIds.map((arn) => readConnection(ctx, arn, issues)));
    return { resources: read.filter((resource): resource is DiscoveredResource => resource !== undefined), issues };
  },

  // No `list`: connections are found through the pipelines that use them, and the name sweep skips them.
};
