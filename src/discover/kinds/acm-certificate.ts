import { DescribeCertificateCommand, ListTagsForCertificateCommand, type CertificateDetail } from '@aws-sdk/client-acm';
import { isNotFound, readIssue } from '../aws-errors.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler, ReadResult } from '../kind-handler.js';
import type { ReadIssue } from '../../model/snapshot.js';
import { canonicalSerial } from './cloudflare/cloudflare-reads.js';
import { serialId } from './cloudflare/origin-ca-certificate.js';

const TYPE = 'AWS::CertificateManager::Certificate' as const;

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

function toResource(certificate: CertificateDetail, tags: Record<string, string>): DiscoveredResource {
  // Only requested (AMAZON_ISSUED) certificates are validated, and the API reports the method per domain,
  // not per certificate. An imported certificate (the guide's CloudFlare origin cert) has none.
  const validationMethod =
    certificate.Type === 'IMPORTED' ? undefined : certificate.DomainValidationOptions?.[0]?.ValidationMethod;
  const attributes: Record<string, unknown> = {
    Type: certificate.Type,
    Status: certificate.Status,
    NotBefore: iso(certificate.NotBefore),
    NotAfter: iso(certificate.NotAfter),
    InUseBy: [...(certificate.InUseBy ?? [])].sort(),
    KeyAlgorithm: certificate.KeyAlgorithm,
  };
  return {
    type: TYPE,
    physicalId: certificate.CertificateArn!,
    name: certificate.DomainName ?? certificate.CertificateArn!,
    properties: {
      DomainName: certificate.DomainName,
      // As ACM reports them, the domain name included: ACM de-duplicates it on request, so the list round-trips.
      SubjectAlternativeNames: [...(certificate.SubjectAlternativeNames ?? [])].sort(),
      ...(validationMethod ? { ValidationMethod: validationMethod } : {}),
    },
    attributes: Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined)),
    tags,
    // An imported certificate may be a Cloudflare origin certificate: the same certificate has the same serial.
    references:
      certificate.Type === 'IMPORTED' && certificate.Serial
        ? [
            {
              type: 'Cloudflare::SSL::OriginCACertificate',
              id: serialId(canonicalSerial(certificate.Serial)),
              via: 'Serial',
              kind: 'reference',
            },
          ]
        : [],
  };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; notFound: boolean };

async function attempt<T>(
  ctx: DiscoveryContext,
  operation: string,
  arn: string,
  issues: ReadIssue[],
  call: () => Promise<T>,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await ctx.limit(call) };
  } catch (error) {
    if (isNotFound(error)) return { ok: false, notFound: true };
    issues.push(readIssue(operation, error, { type: TYPE, physicalIds: [arn] }));
    return { ok: false, notFound: false };
  }
}

/**
 * ACM has no batch describe: one DescribeCertificate and one ListTagsForCertificate
 * per ARN, sent together. Certificates are found through listeners, so there is no `list`.
 */
export const acmCertificateHandler: KindHandler = {
  type: TYPE,

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const read = await Promise.all(
      [...new Set(physicalIds)].map(async (arn): Promise<DiscoveredResource | undefined> => {
        const [described, tagged] = await Promise.all([
          attempt(ctx, 'acm:DescribeCertificate', arn, issues, () =>
            ctx.clients.acm.send(new DescribeCertificateCommand({ CertificateArn: arn })),
          ),
          attempt(ctx, 'acm:ListTagsForCertificate', arn, issues, () =>
            ctx.clients.acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn })),
          ),
        ]);
        if (!described.ok || !described.value.Certificate) return undefined;
        // Deleted between the two calls: gone, like any not-found.
        if (!tagged.ok && tagged.notFound) return undefined;
        const tags = tagged.ok
          ? Object.fromEntries((tagged.value.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? '']))
          : {};
        const resource = toResource(described.value.Certificate, tags);
        return tagged.ok ? resource : { ...resource, unknown: true };
      }),
    );
    return { resources: read.filter((resource): resource is DiscoveredResource => resource !== undefined), issues };
  },
};
