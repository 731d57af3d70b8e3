import { DeleteCertificateCommand } from '@aws-sdk/client-acm';
import { isNotFound } from '../../discover/aws-errors.js';
import type { KindWriter } from '../kind-writer.js';
import { retryWhile } from '../wait.js';

/** A load balancer deleted a moment ago still shows in the certificate's InUseBy for a while. */
const IN_USE = new Set(['ResourceInUseException']);

export const acmCertificateWriter: KindWriter = {
  type: 'AWS::CertificateManager::Certificate',

  /**
   * Planning keeps a certificate that anything outside the stack uses; what is
   * left is the stack's own listeners letting go of it, which ACM notices late.
   */
  async delete(ctx, change) {
    try {
      await retryWhile(
        () => ctx.clients.acm.send(new DeleteCertificateCommand({ CertificateArn: change.physicalId })),
        IN_USE,
        ctx.wait,
        () => ctx.note('the certificate is still in use; waiting for the load balancer to let go'),
      );
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
