/**
 * Whether a resource of a type reclaim does not model still exists, asked of
 * the Cloud Control API, which reads any type that has a resource handler by
 * its primary identifier (for most types the CloudFormation physical id, `Ref`).
 * https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_GetResource.html
 */
import { GetResourceCommand } from '@aws-sdk/client-cloudcontrol';
import type { AwsClients } from '../aws/clients.js';
import type { Limiter } from '../util/limiter.js';
import { errorCode } from './aws-errors.js';

/**
 * `found`, `not-found`, or the error code of an answer that settles nothing
 * (access denied, a type Cloud Control cannot read, throttled past retries).
 * Only `not-found` means gone: everything else counts as live.
 */
export type CloudControlPresence = 'found' | 'not-found' | `unknown: ${string}`;

export async function cloudControlPresence(
  clients: AwsClients,
  limit: Limiter,
  typeName: string,
  identifier: string,
): Promise<CloudControlPresence> {
  try {
    await limit(() =>
      clients.cloudcontrol.send(new GetResourceCommand({ TypeName: typeName, Identifier: identifier })),
    );
    return 'found';
  } catch (error) {
    // Exactly this code: TypeNotFoundException (and other *NotFound*) say nothing about the resource.
    const code = errorCode(error);
    return code === 'ResourceNotFoundException' ? 'not-found' : `unknown: ${code}`;
  }
}
