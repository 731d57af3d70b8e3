import nock from 'nock';

/**
 * Recorded HTTP for CodeStar Connections. The emulator (moto_server) does not
 * implement the service at all, so tests answer its few read operations here,
 * in the service's JSON 1.0 wire format, on the emulator's own endpoint. Every
 * other request still reaches moto (`allowUnmocked`).
 *
 * Answered operations (by `x-amz-target`):
 * - `CodeStar_connections_20191201.GetConnection`: the recorded connection for
 *   `ConnectionArn`, or 400 `ResourceNotFoundException` for an unknown ARN.
 * - `CodeStar_connections_20191201.ListTagsForResource`: the connection's tags
 *   (none unless recorded), or 400 `ResourceNotFoundException`.
 * - `CodeStar_connections_20191201.ListConnections`: all recorded connections
 *   (filtered by `ProviderTypeFilter` when given), one page.
 */

const TARGET_PREFIX = 'CodeStar_connections_20191201';
const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.0' };

export interface RecordedConnection {
  readonly arn: string;
  readonly name: string;
  readonly status?: 'AVAILABLE' | 'PENDING' | 'ERROR';
  readonly providerType?: string;
  readonly ownerAccountId?: string;
  readonly tags?: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
}

type Reply = [number, object, Record<string, string>];

export function parseBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body || '{}');
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

function notFound(arn: unknown): Reply {
  return [
    400,
    { __type: 'ResourceNotFoundException', message: `Connection ${String(arn)} does not exist` },
    { ...JSON_HEADERS, 'x-amzn-errortype': 'ResourceNotFoundException' },
  ];
}

function describe(connection: RecordedConnection) {
  return {
    ConnectionName: connection.name,
    ConnectionArn: connection.arn,
    ProviderType: connection.providerType ?? 'GitHub',
    OwnerAccountId: connection.ownerAccountId ?? accountOf(connection.arn),
    ConnectionStatus: connection.status ?? 'AVAILABLE',
  };
}

/**
 * The answers to the CodeStar Connections reads for `connections`: by
 * operation name (the `x-amz-target` after the prefix), a reply for a parsed
 * request body; undefined for an operation not answered here. Shared by the
 * in-process recording below and the loopback stand-in for child processes
 * (./codestar-stand-in.ts).
 */
export function codeStarAnswers(
  connections: readonly RecordedConnection[],
): (operation: string, body: Record<string, unknown>) => Reply | undefined {
  const byArn = new Map(connections.map((connection) => [connection.arn, connection]));
  const operations: Record<string, (body: Record<string, unknown>) => Reply> = {
    GetConnection: (body) => {
      const connection = byArn.get(String(body.ConnectionArn));
      return connection ? [200, { Connection: describe(connection) }, JSON_HEADERS] : notFound(body.ConnectionArn);
    },
    ListTagsForResource: (body) => {
      const connection = byArn.get(String(body.ResourceArn));
      return connection ? [200, { Tags: connection.tags ?? [] }, JSON_HEADERS] : notFound(body.ResourceArn);
    },
    ListConnections: (body) => {
      const provider = typeof body.ProviderTypeFilter === 'string' ? body.ProviderTypeFilter : undefined;
      const listed = connections.filter((c) => !provider || (c.providerType ?? 'GitHub') === provider);
      return [200, { Connections: listed.map(describe) }, JSON_HEADERS];
    },
  };
  return (operation, body) => operations[operation]?.(body);
}

export const CODESTAR_OPERATIONS = ['GetConnection', 'ListTagsForResource', 'ListConnections'] as const;
export const CODESTAR_TARGET_PREFIX = `${TARGET_PREFIX}.`;
export type CodeStarReply = Reply;

/**
 * Installs persistent interceptors on `endpoint` (the emulator's URL, e.g.
 * `moto.endpoint`) that answer CodeStar Connections reads for `connections`.
 * Returns a function that removes them again.
 */
export function recordCodeStarConnections(endpoint: string, connections: readonly RecordedConnection[]): () => void {
  const answer = codeStarAnswers(connections);
  const scope = nock(endpoint, { allowUnmocked: true }).persist();
  const interceptors = CODESTAR_OPERATIONS.map((operation) => {
    const interceptor = scope.post('/').matchHeader('x-amz-target', `${TARGET_PREFIX}.${operation}`);
    interceptor.reply((_uri, requestBody) => answer(operation, parseBody(requestBody))!);
    return interceptor;
  });

  return () => {
    for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
  };
}
