/**
 * Cloudflare::DNS::Zone — a Cloudflare zone and the three settings the guide's
 * front door depends on (`ssl`, `always_use_https`, `min_tls_version`), shaped
 * after Terraform's `cloudflare_zone` (name) and `cloudflare_zone_setting`
 * (one setting each). Writer: reconcile/writers/cloudflare/dns-zone.ts.
 *
 * A zone is reached from a load balancer: the load balancer handler asks for
 * `target:<its DNS name>`, and this handler answers with each zone holding a
 * record that points there, containing those records.
 */
import type { DiscoveredResource, DiscoveryContext, KindHandler, ReadResult, Reference } from '../../kind-handler.js';
import type { ReadIssue } from '../../../model/snapshot.js';
import { cloudflareIssue, listRecords, listZones, normalHost, zoneSetting, type CfZone } from './cloudflare-reads.js';

const TYPE = 'Cloudflare::DNS::Zone' as const;

/** Zone setting id → property name (https://developers.cloudflare.com/api/resources/zones/subresources/settings/). */
export const ZONE_SETTINGS = {
  ssl: 'Ssl',
  always_use_https: 'AlwaysUseHttps',
  min_tls_version: 'MinTlsVersion',
} as const;

/** How the zone handler is asked for the zones with records pointing at a host name (a load balancer's DNS name). */
export const targetId = (dnsName: string): string => `target:${normalHost(dnsName)}`;

async function readZone(
  ctx: DiscoveryContext,
  zone: CfZone,
  targets: readonly string[],
  issues: ReadIssue[],
): Promise<DiscoveredResource> {
  let unknown = false;
  const properties: Record<string, unknown> = { Name: zone.name };
  await Promise.all(
    Object.entries(ZONE_SETTINGS).map(async ([setting, property]) => {
      try {
        properties[property] = await zoneSetting(ctx, zone.id, setting);
      } catch (error) {
        unknown = true;
        issues.push(cloudflareIssue(`cloudflare:GetZoneSetting`, error, { type: TYPE, physicalIds: [zone.id] }));
      }
    }),
  );
  const references: Reference[] = [];
  if (targets.length > 0) {
    try {
      for (const record of await listRecords(ctx, zone.id)) {
        if (targets.includes(normalHost(record.content)))
          references.push({
            type: 'Cloudflare::DNS::Record',
            id: `${zone.id}/${record.id}`,
            via: 'Records',
            kind: 'contains',
          });
      }
    } catch (error) {
      unknown = true;
      issues.push(cloudflareIssue('cloudflare:ListDnsRecords', error, { type: TYPE, physicalIds: [zone.id] }));
    }
  }
  return {
    type: TYPE,
    physicalId: zone.id,
    name: zone.name,
    aliases: [zone.name, ...targets.map((target) => `target:${target}`)],
    properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b))),
    attributes: { ...(zone.status ? { Status: zone.status } : {}) },
    tags: {},
    references,
    ...(unknown ? { unknown: true } : {}),
  };
}

export const cloudflareZoneHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const wanted = [...new Set(physicalIds)];
    const targets = wanted.filter((id) => id.startsWith('target:')).map((id) => id.slice('target:'.length));
    const direct = wanted.filter((id) => !id.startsWith('target:'));
    let zones: CfZone[];
    try {
      zones = await listZones(ctx);
    } catch (error) {
      return {
        resources: [],
        issues: [cloudflareIssue('cloudflare:ListZones', error, { type: TYPE, physicalIds: wanted })],
      };
    }
    // Which zones hold a record pointing at each target; a zone whose records cannot be read may, so it is read (as unknown).
    const pointing = new Map<string, string[]>();
    const unreadable: string[] = [];
    await Promise.all(
      zones.map(async (zone) => {
        if (targets.length === 0) return;
        try {
          const hits = (await listRecords(ctx, zone.id)).map((record) => normalHost(record.content));
          const matched = targets.filter((target) => hits.includes(target));
          if (matched.length > 0) pointing.set(zone.id, matched);
        } catch (error) {
          unreadable.push(zone.id);
          issues.push(
            cloudflareIssue('cloudflare:ListDnsRecords', error, {
              type: TYPE,
              physicalIds: [zone.id, ...targets.map((target) => `target:${target}`)],
            }),
          );
        }
      }),
    );
    const chosen = zones.filter(
      (zone) =>
        pointing.has(zone.id) || direct.includes(zone.id) || direct.includes(zone.name) || unreadable.includes(zone.id),
    );
    const resources = await Promise.all(
      chosen.map(async (zone) => {
        const read = await readZone(ctx, zone, pointing.get(zone.id) ?? [], issues);
        return unreadable.includes(zone.id) ? { ...read, unknown: true } : read;
      }),
    );
    return { resources, issues };
  },
};
