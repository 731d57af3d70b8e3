// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
