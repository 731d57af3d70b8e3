/**
 * Cloudflare::SSL::OriginCACertificate (the reader is
 * discover/kinds/cloudflare/origin-ca-certificate.ts) is read and checked,
 * never written: a new origin certificate means a new private key, which must
 * be pasted into ACM by hand (the guide's step 8), and revoking one takes the
 * site down. The writer refuses every change, before the plan starts.
 */
import type { KindWriter } from '../../kind-writer.js';

export const cloudflareOriginCertificateWriter: KindWriter = {
  type: 'Cloudflare::SSL::OriginCACertificate',
  refuses: () =>
    'origin certificates are read and checked, never written: create or revoke them in the Cloudflare dashboard (SSL/TLS → Origin Server)',
};
