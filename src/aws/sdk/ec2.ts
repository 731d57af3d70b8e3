// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { EC2Client } from '@aws-sdk/client-ec2';
