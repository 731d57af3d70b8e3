import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardTo } from './forward.js';

/**
 * A loopback HTTP proxy in front of the emulator that adds what real accounts
 * do and moto does not: per-request latency, throttling in bursts, and 5xx.
 * Faults are drawn from a seeded generator, so a run is reproducible.
 */
export interface FaultOptions {
  /** Delay added before each request is forwarded. */
  readonly latencyMs?: number;
  /** Share of requests answered with a throttling error (HTTP 429, body in the protocol's shape). */
  readonly throttleRate?: number;
  /** Share of requests answered with HTTP 503. */
  readonly serverErrorRate?: number;
  /** Requests whose `x-amz-target` or `Action` matches are refused with AccessDenied. */
  readonly denyOperations?: readonly RegExp[];
  /** Requests whose URL-decoded body matches are refused with AccessDenied: one role of several, say. */
  readonly denyBodies?: readonly RegExp[];
  readonly seed?: number;
}

export interface FaultProxy {
  readonly endpoint: string;
  readonly counts: { forwarded: number; throttled: number; serverErrors: number; denied: number };
  stop(): Promise<void>;
}

/** Mulberry32: small, fast and good enough to spread faults evenly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function operationOf(request: IncomingMessage, body: Buffer): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target;
  const action = /(?:^|&)Action=([^&]+)/.exec(body.toString('utf8'));
  return action ? action[1]! : `${request.method} ${request.url}`;
}

function decodeBody(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function sendError(
  response: ServerResponse,
  request: IncomingMessage,
  status: number,
  code: string,
  message: string,
): void {
  if (request.headers['x-amz-target']) {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code });
    response.end(JSON.stringify({ __type: code, message }));
    return;
  }
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-errortype': code });
  response.end(
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
  );
}

export async function startFaultProxy(target: string, options: FaultOptions): Promise<FaultProxy> {
  const upstream = new URL(target);
  const random = seededRandom(options.seed ?? 42);
  const counts = { forwarded: 0, throttled: 0, serverErrors: 0, denied: 0 };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const handle = () => {
        const isControl = request.url?.startsWith('/moto-api') ?? false;
        const operation = operationOf(request, body);
        const denied =
          options.denyOperations?.some((pattern) => pattern.test(operation)) ||
          options.denyBodies?.some((pattern) => pattern.test(decodeBody(body)));
        if (!isControl && denied) {
          counts.denied += 1;
          return sendError(response, request, 403, 'AccessDeniedException', `not authorized to perform ${operation}`);
        }
        if (!isControl) {
          const draw = random();
          if (draw < (options.throttleRate ?? 0)) {
            counts.throttled += 1;
            return sendError(response, request, 429, 'ThrottlingException', 'Rate exceeded');
          }
          if (draw < (options.throttleRate ?? 0) + (options.serverErrorRate ?? 0)) {
            counts.serverErrors += 1;
            return sendError(response, request, 503, 'ServiceUnavailable', 'Service unavailable');
          }
        }
        counts.forwarded += 1;
        forwardTo(upstream, request, body, response);
      };
      if (options.latencyMs) setTimeout(handle, options.latencyMs);
      else handle();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
