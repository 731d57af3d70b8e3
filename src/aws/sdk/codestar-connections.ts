// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { CodeStarConnectionsClient } from '@aws-sdk/client-codestar-connections';
