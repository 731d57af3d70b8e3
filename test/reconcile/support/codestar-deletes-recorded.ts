import nock from 'nock';
import { recordCodeStarConnections, type RecordedConnection } from '../../support/codestar-recorded.js';

/**
 * Recorded HTTP for CodeStar Connections, which the emulator lacks entirely:
 * the reads of `recordCodeStarConnections`, plus DeleteConnection, after
 * which the connection is gone for every read (ResourceNotFoundException).
 */
export function recordCodeStarWithDeletes(
  endpoint: string,
  connections: readonly RecordedConnection[],
): { readonly deleted: ReadonlySet<string>; stop(): void } {
  let live = [...connections];
  const deleted = new Set<string>();
  let stopReads = recordCodeStarConnections(endpoint, live);
  const interceptor = nock(endpoint, { allowUnmocked: true })
    .persist()
    .post('/')
    .matchHeader('x-amz-target', 'CodeStar_connections_20191201.DeleteConnection');
  interceptor.reply((_uri, body) => {
    const parsed = (typeof body === 'string' ? JSON.parse(body || '{}') : body) as { ConnectionArn?: string };
    const arn = String(parsed.ConnectionArn);
    const headers = { 'content-type': 'application/x-amz-json-1.0' };
    if (!live.some((connection) => connection.arn === arn)) {
      const type = 'ResourceNotFoundException';
      return [
        400,
        { __type: type, message: `Connection ${arn} does not exist` },
        { ...headers, 'x-amzn-errortype': type },
      ];
    }
    live = live.filter((connection) => connection.arn !== arn);
    deleted.add(arn);
    stopReads();
    stopReads = recordCodeStarConnections(endpoint, live);
    return [200, {}, headers];
  });
  return {
    deleted,
    stop: () => {
      stopReads();
      nock.removeInterceptor(interceptor);
    },
  };
}
