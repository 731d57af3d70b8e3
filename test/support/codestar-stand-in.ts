import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardTo } from './forward.js';
import { CODESTAR_TARGET_PREFIX, codeStarAnswers, parseBody, type RecordedConnection } from './codestar-recorded.js';

/**
 * A loopback stand-in for CodeStar Connections, which the emulator lacks, in
 * front of it: for tests that run `bin/run.js` in a process of its own, which
 * the in-process recording (./codestar-recorded.ts, nock) cannot reach. It
 * answers the same reads with the same answers (shapes from the CodeStar
 * Connections API reference, JSON 1.0: GetConnection, ListConnections,
 * ListTagsForResource) and forwards every other request to the emulator
 * untouched. Without it, a spawned CLI waits out its retries of calls the
 * emulator cannot answer.
 */
export interface CodeStarStandIn {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startCodeStarStandIn(
  target: string,
  connections: readonly RecordedConnection[],
): Promise<CodeStarStandIn> {
  const upstream = new URL(target);
  const answer = codeStarAnswers(connections);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = request.headers['x-amz-target'];
      const operation =
        typeof header === 'string' && header.startsWith(CODESTAR_TARGET_PREFIX)
          ? header.slice(CODESTAR_TARGET_PREFIX.length)
          : undefined;
      const reply = operation === undefined ? undefined : answer(operation, parseBody(body.toString('utf8')));
      if (reply) {
        const [status, json, headers] = reply;
        response.writeHead(status, headers);
        response.end(JSON.stringify(json));
        return;
      }
      forwardTo(upstream, request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
