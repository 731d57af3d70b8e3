/**
 * Cloudflare::DNS::Record — a DNS record of a Cloudflare zone that points at a
 * load balancer of the stack (the guide's proxied CNAME), shaped after
 * Terraform's `cloudflare_dns_record` (zone_id, name, type, content, proxied,
 * ttl). Writer: reconcile/writers/cloudflare/dns-record.ts.
 *
 * Physical id `ZONE_ID/RECORD_ID`. References: the zone (`ZoneId`) and the load
 * balancer by its DNS name (`Content`), the edge record → LoadBalancer; it
 * contains the configuration rules whose expression names its host, each of
 * which references it back (rule → record).
 */
import type { DiscoveredResource, KindHandler, ReadResult, Reference } from '../../kind-handler.js';
import type { ReadIssue } from '../../../model/snapshot.js';
import {
  cloudflareIssue,
  configEntrypoint,
  hostsOf,
  isElbDnsName,
  listRecords,
  normalHost,
  type CfRecord,
  type CfRuleset,
} from './cloudflare-reads.js';

const TYPE = 'Cloudflare::DNS::Record' as const;

/** Record types a host name is served by, and so the ones a rule on that host is about. */
const HOST_TYPES = new Set(['CNAME', 'A', 'AAAA']);

/** The id a rule uses for the record of a host: `ZONE_ID/name:HOST` (tied to the record by an alias). */
export const recordByHostId = (zoneId: string, host: string): string => `${zoneId}/name:${normalHost(host)}`;

function toResource(zoneId: string, record: CfRecord, ruleset: CfRuleset | undefined): DiscoveredResource {
  const host = normalHost(record.name);
  const references: Reference[] = [{ type: 'Cloudflare::DNS::Zone', id: zoneId, via: 'ZoneId', kind: 'reference' }];
  if (record.type === 'CNAME' && isElbDnsName(record.content)) {
    references.push({
      type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      id: normalHost(record.content),
      via: 'Content',
      kind: 'reference',
    });
  }
  for (const rule of ruleset?.rules ?? []) {
    if (HOST_TYPES.has(record.type) && hostsOf(rule.expression ?? '').includes(host))
      references.push({
        type: 'Cloudflare::Rulesets::ConfigRule',
        id: `${zoneId}/${ruleset!.id}/${rule.id}`,
        via: 'Rules',
        kind: 'contains',
      });
  }
  return {
    type: TYPE,
    physicalId: `${zoneId}/${record.id}`,
    name: host,
    aliases: HOST_TYPES.has(record.type) ? [recordByHostId(zoneId, host)] : [],
    properties: {
      ZoneId: zoneId,
      Name: host,
      Type: record.type,
      Content: record.type === 'CNAME' ? normalHost(record.content) : record.content,
      Proxied: record.proxied ?? false,
      Ttl: record.ttl ?? 1,
    },
    attributes: {},
    tags: {},
    references,
  };
}

export const cloudflareRecordHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const byZone = new Map<string, string[]>();
    for (const id of new Set(physicalIds)) {
      const slash = id.indexOf('/');
      if (slash <= 0) continue; // not a record id: nothing has that name
      const zoneId = id.slice(0, slash);
      byZone.set(zoneId, [...(byZone.get(zoneId) ?? []), id]);
    }
    const resources: DiscoveredResource[] = [];
    await Promise.all(
      [...byZone].map(async ([zoneId, ids]) => {
        let records: CfRecord[];
        try {
          records = await listRecords(ctx, zoneId);
        } catch (error) {
          // A zone that is gone took its records with it; anything else leaves them unknown.
          if ((error as { status?: number }).status === 404) return;
          issues.push(cloudflareIssue('cloudflare:ListDnsRecords', error, { type: TYPE, physicalIds: ids }));
          return;
        }
        let ruleset: CfRuleset | undefined;
        let rulesUnknown = false;
        try {
          ruleset = await configEntrypoint(ctx, zoneId);
        } catch (error) {
          rulesUnknown = true;
          issues.push(cloudflareIssue('cloudflare:GetRulesetEntrypoint', error, { type: TYPE, physicalIds: ids }));
        }
        for (const id of ids) {
          const rest = id.slice(zoneId.length + 1);
          const record = rest.startsWith('name:')
            ? records.find((r) => HOST_TYPES.has(r.type) && normalHost(r.name) === rest.slice('name:'.length))
            : records.find((r) => r.id === rest);
          if (!record) continue;
          const resource = toResource(zoneId, record, ruleset);
          resources.push(rulesUnknown ? { ...resource, unknown: true } : resource);
        }
      }),
    );
    return { resources, issues };
  },
};
