// The client class alone, imported on first use by ../clients.ts (see CLIENT_CLASSES there).
export { CodeBuildClient } from '@aws-sdk/client-codebuild';
