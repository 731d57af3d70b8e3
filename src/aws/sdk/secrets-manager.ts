// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
