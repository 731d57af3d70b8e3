/**
 * Writes Cloudflare::DNS::Zone (the reader is discover/kinds/cloudflare/dns-zone.ts):
 * its settings only, PATCH /zones/{zone_id}/settings/{setting_id} each, as
 * Terraform's `cloudflare_zone_setting`. The zone itself is the domain's:
 * never created or deleted by reclaim.
 */
import { cloudflareZoneHandler, ZONE_SETTINGS } from '../../../discover/kinds/cloudflare/dns-zone.js';
import type { KindWriter } from '../../kind-writer.js';
import { planUpdate } from '../converge.js';
import { freshCloudflare } from './cloudflare-writes.js';

const TYPE = 'Cloudflare::DNS::Zone' as const;
const SETTING_OF = Object.fromEntries(Object.entries(ZONE_SETTINGS).map(([setting, property]) => [property, setting]));
const UPDATABLE = new Set(Object.keys(SETTING_OF));

export const cloudflareZoneWriter: KindWriter = {
  type: TYPE,

  refuses(change) {
    if (change.action === 'create' || change.action === 'delete' || change.action === 'replace')
      return 'reclaim changes a Cloudflare zone’s settings only; add or remove the zone in the Cloudflare dashboard';
    return undefined;
  },

  async update(ctx, change) {
    const api = freshCloudflare(ctx);
    const { todo } = await planUpdate(ctx, change, cloudflareZoneHandler, UPDATABLE);
    for (const property of todo) {
      await (
        await api.sdk()
      ).zones.settings.edit(SETTING_OF[property]!, {
        zone_id: change.physicalId,
        value: change.properties[property],
      } as never);
    }
    api.forget();
  },
};
