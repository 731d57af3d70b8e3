/**
 * Writes Cloudflare::DNS::Record (the reader is discover/kinds/cloudflare/dns-record.ts):
 * PATCH, POST and DELETE /zones/{zone_id}/dns_records, as Terraform's
 * `cloudflare_dns_record` does. Deleted only by `teardown --include-dns`.
 */
import { cloudflareRecordHandler } from '../../../discover/kinds/cloudflare/dns-record.js';
import type { KindWriter } from '../../kind-writer.js';
import { assertCreatable, assertResolved, planUpdate, requiredString } from '../converge.js';
import { freshCloudflare, idParts, isGone } from './cloudflare-writes.js';

const TYPE = 'Cloudflare::DNS::Record' as const;
const UPDATABLE = new Set(['Name', 'Content', 'Proxied', 'Ttl']);
const CREATABLE = new Set(['ZoneId', 'Type', ...UPDATABLE]);

const FIELDS: Readonly<Record<string, string>> = {
  Name: 'name',
  Content: 'content',
  Proxied: 'proxied',
  Ttl: 'ttl',
  Type: 'type',
};

export const cloudflareRecordWriter: KindWriter = {
  type: TYPE,

  async create(ctx, change) {
    assertCreatable(change.properties, CREATABLE);
    assertResolved(change.properties);
    const zoneId = requiredString(change.properties, 'ZoneId');
    const api = freshCloudflare(ctx);
    const body = Object.fromEntries(
      Object.entries(change.properties).flatMap(([name, value]) => (FIELDS[name] ? [[FIELDS[name], value]] : [])),
    );
    const created = (await (await api.sdk()).dns.records.create({ zone_id: zoneId, ...body } as never)) as {
      id: string;
    };
    api.forget();
    return { physicalId: `${zoneId}/${created.id}` };
  },

  /** One PATCH with the properties that differ live: the record's target and its proxied flag, mostly. */
  async update(ctx, change) {
    const [zoneId, recordId] = idParts(change.physicalId, 2) as [string, string];
    const api = freshCloudflare(ctx);
    const { todo } = await planUpdate(ctx, change, cloudflareRecordHandler, UPDATABLE);
    if (todo.size === 0) return;
    const body = Object.fromEntries([...todo].map((name) => [FIELDS[name]!, change.properties[name]]));
    await (await api.sdk()).dns.records.edit(recordId, { zone_id: zoneId, ...body } as never);
    api.forget();
  },

  async delete(ctx, change) {
    const [zoneId, recordId] = idParts(change.physicalId, 2) as [string, string];
    const api = freshCloudflare(ctx);
    try {
      await (await api.sdk()).dns.records.delete(recordId, { zone_id: zoneId });
    } catch (error) {
      if (isGone(error)) return 'already-gone';
      throw error;
    } finally {
      api.forget();
    }
    return 'deleted';
  },
};
