import { createHash } from 'node:crypto';
import type { Change } from './plan.js';
import type { Snapshot } from './snapshot.js';

/** JSON with object keys sorted, so equal data always serializes alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : item,
  );
}

/**
 * A fingerprint of what live looks like: every resource's type, physical id,
 * properties and tags. Capture time and call statistics are left out, so two
 * reads of an unchanged account give the same fingerprint.
 */
export function liveFingerprint(snapshot: Pick<Snapshot, 'account' | 'region' | 'resources'>): string {
  const content = snapshot.resources
    .map((resource) => ({
      type: resource.type,
      physicalId: resource.physicalId,
      properties: resource.properties,
      tags: resource.tags,
      status: resource.status,
    }))
    .sort((a, b) => `${a.type}|${a.physicalId}`.localeCompare(`${b.type}|${b.physicalId}`));
  const hash = createHash('sha256').update(
    canonicalJson({ account: snapshot.account, region: snapshot.region, content }),
  );
  return `sha256:${hash.digest('hex')}`;
}

const sha256 = (data: string | Uint8Array): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** The digest a plan carries of its own changes: any edit to them, however small, changes it. */
export function changesDigest(changes: readonly Change[]): string {
  return sha256(canonicalJson(changes));
}

/** The digest of a file's bytes, as a plan records its desired file's. */
export const bytesDigest = (bytes: Uint8Array): string => sha256(bytes);
