// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
