// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
