import type { AwsClients } from '../../src/aws/clients.js';
import type { DiscoveryContext } from '../../src/discover/kind-handler.js';
import { createLimiter } from '../../src/util/limiter.js';
import { TEST_ACCOUNT, TEST_REGION } from './moto.js';

/** A discovery context for the test account and region, with a fresh limiter of its own. */
export function discoveryContext(clients: AwsClients, concurrency = 8): DiscoveryContext {
  return { clients, account: TEST_ACCOUNT, region: TEST_REGION, limit: createLimiter(concurrency) };
}
