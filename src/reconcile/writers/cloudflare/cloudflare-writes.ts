import type { CloudflareApi } from '../../../cloudflare/client.js';
import type { WriterContext } from '../../kind-writer.js';

/**
 * The run's Cloudflare client, with its read memo dropped: writers read fresh
 * (kind-writer.ts), and what they write must be what the next read sees.
 */
export function freshCloudflare(ctx: WriterContext): CloudflareApi {
  const api = ctx.clients.cloudflare;
  if (!api) throw new Error('CLOUDFLARE_API_TOKEN is not set');
  api.forget();
  return api;
}

/** `ZONE/ID…` → its parts; throws naming the id when it has fewer. */
export function idParts(physicalId: string, count: number): string[] {
  const parts = physicalId.split('/');
  if (parts.length !== count || parts.some((part) => part === ''))
    throw new Error(`${physicalId} is not a Cloudflare id of ${count} parts`);
  return parts;
}

export const isGone = (error: unknown): boolean => (error as { status?: number })?.status === 404;
