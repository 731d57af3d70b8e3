import type Cloudflare from 'cloudflare';
import type { CallCounter } from '../aws/call-stats.js';

/** How to reach Cloudflare: the API token (`CLOUDFLARE_API_TOKEN`) and, for tests, another API base. */
export interface CloudflareOptions {
  readonly apiToken: string;
  /** The API base; the SDK's default is https://api.cloudflare.com/client/v4 (`CLOUDFLARE_BASE_URL`). */
  readonly baseUrl?: string;
  /** Retries of 429 and 5xx answers (the SDK backs off by itself). */
  readonly maxRetries?: number;
}

/** `GET /zones/0a1b…/dns_records/9f8e…` → `GET /zones/{id}/dns_records/{id}`: one operation name per endpoint. */
export function operationName(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/^.*?\/client\/v4/, '');
  return `cloudflare:${method.toUpperCase()} ${path.replace(/\/(?:[0-9a-f]{32}|\d+)(?=\/|$)/g, '/{id}')}`;
}

/**
 * The Cloudflare side of a run: the official SDK, with every request counted in
 * the run's call stats, and a per-run memo so that discovery never sends the
 * same read twice (a zone's records serve the zone, its records and its rules).
 * Writers call `forget()` after writing, so what is read next is fresh.
 * The token is handed to the SDK and nowhere else: it is never logged or returned.
 */
export class CloudflareApi {
  private loaded: Promise<Cloudflare> | undefined;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly options: CloudflareOptions,
    private readonly counter: CallCounter,
  ) {}

  /**
   * The SDK, loaded on first use: its ~2.5 MB of modules would otherwise be
   * parsed at the start of every command, with a Cloudflare token or not.
   */
  sdk(): Promise<Cloudflare> {
    this.loaded ??= import('cloudflare').then(({ default: Sdk }) => {
      const counted: typeof fetch = async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        this.counter.recordCall(operationName(init?.method ?? 'GET', url));
        this.counter.recordAttempt();
        return fetch(input, init);
      };
      return new Sdk({
        apiToken: this.options.apiToken,
        // Only the options' base: the SDK would also read CLOUDFLARE_BASE_URL from the environment, which the CLI passes in.
        baseURL: this.options.baseUrl ?? 'https://api.cloudflare.com/client/v4',
        maxRetries: this.options.maxRetries ?? 4,
        fetch: counted,
      });
    });
    return this.loaded;
  }

  /** Reads once per run under `key`; a failed read is not kept, so a later caller asks again. */
  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const cached = this.memo.get(key);
    if (cached) return cached as Promise<T>;
    const started = read().catch((error: unknown) => {
      this.memo.delete(key);
      throw error;
    });
    this.memo.set(key, started);
    return started;
  }

  /** Drops every memoized read: called after a write. */
  forget(): void {
    this.memo.clear();
  }
}

/** Every item of a page-numbered list (`result_info.total_pages`), without the SDK's extra request for an empty page. */
export async function allPages<T>(
  page: (number: number) => Promise<{ result: T[]; result_info?: object }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let number = 1; ; number += 1) {
    const answer = await page(number);
    items.push(...answer.result);
    // The SDK's type leaves `total_pages` out; the API sends it (https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/#pagination).
    const total = (answer.result_info as { total_pages?: number } | undefined)?.total_pages ?? 1;
    if (number >= total || answer.result.length === 0) return items;
  }
}
