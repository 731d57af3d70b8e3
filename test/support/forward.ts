import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** Sends a request the loopback proxies in test/support do not answer themselves on to `upstream`, as it came. */
export function forwardTo(upstream: URL, request: IncomingMessage, body: Buffer, response: ServerResponse): void {
  const forward = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, host: upstream.host },
    },
    (reply) => {
      response.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(response);
    },
  );
  forward.on('error', (error) => {
    response.writeHead(502);
    response.end(String(error));
  });
  forward.end(body);
}
