// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { CloudControlClient } from '@aws-sdk/client-cloudcontrol';
