/**
 * Cloudflare::SSL::OriginCACertificate — a certificate Cloudflare's Origin CA
 * issued, shaped after Terraform's `cloudflare_origin_ca_certificate`
 * (hostnames, request_type, requested_validity). Read and checked, never
 * written: the writer (reconcile/writers/cloudflare/origin-ca-certificate.ts)
 * refuses every change.
 *
 * The ACM certificate the guide imports references it by serial
 * (`serial:HEX`), and it is also known by its public key (`spki:SHA256`):
 * a certificate is matched by what it is, never by a name. The API never
 * returns the private key, and nothing here would keep it.
 */
import type { DiscoveredResource, KindHandler, ReadResult } from '../../kind-handler.js';
import type { ReadIssue } from '../../../model/snapshot.js';
import {
  certificateIdentity,
  cloudflareIssue,
  listOriginCertificates,
  listZones,
  type CfCertificate,
  type CfZone,
} from './cloudflare-reads.js';

const TYPE = 'Cloudflare::SSL::OriginCACertificate' as const;

export const serialId = (serial: string): string => `serial:${serial}`;
export const publicKeyId = (sha256: string): string => `spki:${sha256}`;

function toResource(certificate: CfCertificate): DiscoveredResource {
  const identity = certificateIdentity(certificate.certificate);
  return {
    type: TYPE,
    physicalId: certificate.id,
    name: certificate.hostnames[0] ?? certificate.id,
    aliases: identity ? [serialId(identity.serial), publicKeyId(identity.publicKeySha256)] : [],
    properties: {
      Hostnames: [...certificate.hostnames].sort(),
      ...(certificate.request_type ? { RequestType: certificate.request_type } : {}),
      ...(certificate.requested_validity ? { RequestedValidity: certificate.requested_validity } : {}),
    },
    attributes: {
      ...(identity ? { SerialNumber: identity.serial, PublicKeySha256: identity.publicKeySha256 } : {}),
      ...(certificate.expires_on ? { ExpiresOn: certificate.expires_on } : {}),
    },
    tags: {},
    references: [],
  };
}

export const cloudflareOriginCertificateHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const wanted = new Set(physicalIds);
    let zones: CfZone[];
    try {
      zones = await listZones(ctx);
    } catch (error) {
      return {
        resources: [],
        issues: [cloudflareIssue('cloudflare:ListZones', error, { type: TYPE, physicalIds: [...wanted] })],
      };
    }
    const found = new Map<string, DiscoveredResource>();
    await Promise.all(
      zones.map(async (zone) => {
        try {
          for (const certificate of await listOriginCertificates(ctx, zone.id)) {
            const resource = toResource(certificate);
            if ([resource.physicalId, ...(resource.aliases ?? [])].some((id) => wanted.has(id)))
              found.set(resource.physicalId, resource);
          }
        } catch (error) {
          // The certificate may be in this zone: what was asked for cannot be told absent.
          issues.push(
            cloudflareIssue('cloudflare:ListOriginCACertificates', error, { type: TYPE, physicalIds: [...wanted] }),
          );
        }
      }),
    );
    return { resources: [...found.values()], issues };
  },
};
