/**
 * Connection failures are not throttling. The SDK counts a refused or
 * unresolvable connection as a transient error and retries it like a 503, so
 * with reclaim's 12 attempts an endpoint that is not there took over a minute
 * to report, and then as if the credentials were wrong. Here a connection that
 * cannot be made gets two quick attempts, and then one error that names the
 * endpoint and what to check.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { AwsError } from '../errors.js';

/** Attempts, the first included, for a request whose connection could not be made. */
export const CONNECTION_ATTEMPTS = 2;

/** Milliseconds to wait for a TCP (and TLS) connection before giving up on the attempt. */
export const CONNECTION_TIMEOUT_MS = 3000;

/** Node's codes for "no connection was made": refused, no such host, DNS unavailable, no route. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface NodeErrorShape {
  code?: string;
  syscall?: string;
  message?: string;
}

/** True when the request never reached a server: nothing AWS said, so nothing to retry for long. */
export function isConnectionFailure(error: unknown): boolean {
  const shape = (error ?? {}) as NodeErrorShape;
  if (shape.code && CONNECTION_CODES.has(shape.code)) return true;
  if (shape.code === 'ETIMEDOUT' && shape.syscall === 'connect') return true;
  // @smithy/node-http-handler's own connect timeout (requestHandler.connectionTimeout).
  return /did not establish a connection/i.test(shape.message ?? '');
}

/**
 * The SDK's retry strategy, except that a connection failure is retried only
 * until `CONNECTION_ATTEMPTS` attempts have been made. Throttling and 5xx keep
 * the inner strategy's attempts and backoff.
 */
export class QuickConnectionFailures implements RetryStrategyV2 {
  constructor(
    private readonly inner: RetryStrategyV2,
    private readonly attempts: number = CONNECTION_ATTEMPTS,
  ) {}

  acquireInitialRetryToken(retryTokenScope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(retryTokenScope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if (isConnectionFailure(errorInfo.error) && token.getRetryCount() + 1 >= this.attempts) {
      // The retry middleware rethrows the request's own error when the strategy refuses.
      return Promise.reject(new Error('connection failed: no more attempts'));
    }
    return this.inner.refreshRetryTokenForRetry(token, errorInfo);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}

/** Where the request was going, for the message: the custom endpoint, else the host the SDK resolved. */
export interface ConnectionTarget {
  readonly endpoint: string;
  /** True when the endpoint is the user's (`--endpoint-url`, `AWS_ENDPOINT_URL`), not AWS's own. */
  readonly custom: boolean;
  readonly region: string;
  /** `sts:GetCallerIdentity`, say. */
  readonly operation: string;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved (DNS unavailable)',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
};

/** One clear error for a connection that could not be made, naming the endpoint and what to check. */
export function unreachableEndpoint(error: unknown, target: ConnectionTarget): AwsError {
  const code = (error as NodeErrorShape).code;
  const reason = code && REASONS[code] ? `${REASONS[code]} (${code})` : 'no connection within the time allowed';
  const suggestions = target.custom
    ? [
        `Check the endpoint given with --endpoint-url or AWS_ENDPOINT_URL (${target.endpoint}): is the service running there?`,
        'Unset AWS_ENDPOINT_URL to talk to AWS itself.',
      ]
    : [
        `Check --region (${target.region}): is it a region your account uses? \`aws account list-regions\` lists them.`,
        'Check the network, proxy and DNS settings of this machine.',
      ];
  return new AwsError(
    'ENDPOINT_UNREACHABLE',
    `${target.operation} in ${target.region}: cannot reach ${target.endpoint}: ${reason}, after ${CONNECTION_ATTEMPTS} attempts.`,
    suggestions,
    { cause: error },
  );
}

type Handler = (args: unknown) => Promise<unknown>;
interface MiddlewareStackLike {
  add(
    middleware: (next: Handler, context: { commandName?: string; endpointV2?: { url?: URL } }) => Handler,
    options: { step: string; name: string; priority: 'high' | 'low' },
  ): void;
}

/**
 * Turns a connection failure of any call of `client` (after its quick retries)
 * into `unreachableEndpoint`, so that every caller, whatever it was reading,
 * reports the endpoint rather than a bare `connect ECONNREFUSED`.
 */
export function reportUnreachableEndpoint(
  client: { middlewareStack: unknown },
  service: string,
  options: { region: string; endpointUrl?: string },
): void {
  const stack = client.middlewareStack as MiddlewareStackLike;
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        const resolved = context.endpointV2?.url;
        throw unreachableEndpoint(error, {
          endpoint:
            options.endpointUrl ?? (resolved ? `${resolved.protocol}//${resolved.host}` : `${service} endpoint`),
          custom: options.endpointUrl !== undefined,
          region: options.region,
          operation: `${service}:${String(context.commandName ?? 'Unknown').replace(/Command$/, '')}`,
        });
      }
    },
    { step: 'initialize', name: 'reclaimUnreachableEndpoint', priority: 'high' },
  );
}
