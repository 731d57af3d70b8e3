// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { OrganizationsClient } from '@aws-sdk/client-organizations';
