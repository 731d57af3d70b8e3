// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { S3Client } from '@aws-sdk/client-s3';
