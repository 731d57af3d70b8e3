/** Repositories, secret, log groups, artifact bucket and IAM roles: what the guide makes before any runtime. */
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../../../src/aws/clients.js';
import { policyDocument, trustPolicy } from './environment.js';
import { createRepositoryWithImage, createRole } from './helpers.js';
import type { ConsoleNames } from './naming.js';

export const EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const CODEDEPLOY_ECS_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS';

export type Repos = Record<'api' | 'sidecar' | 'nginx', { uri: string; arn: string }>;

export async function createRepositories(clients: AwsClients, n: ConsoleNames): Promise<Repos> {
  const [api, sidecar, nginx] = await Promise.all([
    createRepositoryWithImage(clients, n.repositories.api),
    createRepositoryWithImage(clients, n.repositories.sidecar),
    createRepositoryWithImage(clients, n.repositories.nginx),
  ]);
  return { api, sidecar, nginx };
}

/** "Other type of secret" with key/value pairs, as the guide stores the envars. */
export async function createSecret(clients: AwsClients, name: string, values: Record<string, string>): Promise<string> {
  const created = await clients.secretsManager.send(
    new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(values) }),
  );
  if (!created.ARN) throw new Error(`CreateSecret ${name} returned no ARN`);
  return created.ARN;
}

export async function createLogGroups(clients: AwsClients, n: ConsoleNames): Promise<void> {
  await Promise.all([
    clients.logs
      .send(new CreateLogGroupCommand({ logGroupName: n.taskLogGroup }))
      .then(() =>
        clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: n.taskLogGroup, retentionInDays: 30 })),
      ),
    clients.logs.send(new CreateLogGroupCommand({ logGroupName: n.buildLogGroup })),
  ]);
}

export async function createArtifactBucket(clients: AwsClients, bucket: string, region: string): Promise<void> {
  await clients.s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
    }),
  );
}

interface RoleContext {
  readonly account: string;
  readonly region: string;
  readonly secretArn: string;
  readonly repos: Repos;
  readonly connectionArn: string;
}

export async function createRoles(clients: AwsClients, n: ConsoleNames, context: RoleContext) {
  const { account, region } = context;
  const bucketArn = `arn:aws:s3:::${n.bucket}`;
  const projectArn = `arn:aws:codebuild:${region}:${account}:project/${n.buildProject}`;
  const buildLogGroupArn = `arn:aws:logs:${region}:${account}:log-group:${n.buildLogGroup}`;
  const repoArns = Object.values(context.repos).map((repo) => repo.arn);
  const [executionRoleArn, taskRoleArn, codeDeployRoleArn, pipelineRoleArn, buildRoleArn] = await Promise.all([
    createRole(clients, {
      name: n.executionRole,
      trust: trustPolicy('ecs-tasks.amazonaws.com', '2008-10-17'),
      managedPolicyArns: [EXECUTION_POLICY_ARN],
      inlinePolicies: {
        [n.executionPolicy]: policyDocument([
          {
            Sid: 'ReadEcsEnvars',
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue'],
            Resource: [context.secretArn],
          },
        ]),
      },
    }),
    createRole(clients, {
      name: n.taskRole,
      trust: trustPolicy('ecs-tasks.amazonaws.com'),
      description: 'Allows ECS tasks to call AWS services on your behalf.',
    }),
    createRole(clients, {
      name: n.codeDeployRole,
      trust: trustPolicy('codedeploy.amazonaws.com'),
      managedPolicyArns: [CODEDEPLOY_ECS_POLICY_ARN],
      description:
        'Allows CodeDeploy to read S3 objects, invoke Lambda functions, publish to SNS topics, and update ECS services on your behalf.',
    }),
    createRole(clients, {
      name: n.pipelineRole,
      path: '/service-role/',
      trust: trustPolicy('codepipeline.amazonaws.com'),
      inlinePolicies: {
        [n.pipelinePolicy]: policyDocument([
          {
            Effect: 'Allow',
            Action: ['iam:PassRole'],
            Resource: '*',
            Condition: { StringEqualsIfExists: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } },
          },
          { Effect: 'Allow', Action: ['codestar-connections:UseConnection'], Resource: [context.connectionArn] },
          { Effect: 'Allow', Action: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'], Resource: [projectArn] },
          {
            Effect: 'Allow',
            Action: [
              'codedeploy:CreateDeployment',
              'codedeploy:GetApplication',
              'codedeploy:GetApplicationRevision',
              'codedeploy:GetDeployment',
              'codedeploy:GetDeploymentConfig',
              'codedeploy:RegisterApplicationRevision',
            ],
            Resource: '*',
          },
          { Effect: 'Allow', Action: ['ecs:RegisterTaskDefinition'], Resource: '*' },
          {
            Effect: 'Allow',
            Action: [
              's3:GetObject',
              's3:GetObjectVersion',
              's3:GetBucketVersioning',
              's3:PutObject',
              's3:PutObjectAcl',
            ],
            Resource: [bucketArn, `${bucketArn}/*`],
          },
        ]),
      },
    }),
    createRole(clients, {
      name: n.buildRole,
      path: '/service-role/',
      trust: trustPolicy('codebuild.amazonaws.com'),
      inlinePolicies: {
        [n.buildPolicy]: policyDocument([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: [buildLogGroupArn, `${buildLogGroupArn}:*`],
          },
          {
            Effect: 'Allow',
            Action: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion', 's3:GetBucketAcl', 's3:GetBucketLocation'],
            Resource: [bucketArn, `${bucketArn}/*`],
          },
          {
            Effect: 'Allow',
            Action: [
              'codebuild:CreateReportGroup',
              'codebuild:CreateReport',
              'codebuild:UpdateReport',
              'codebuild:BatchPutTestCases',
              'codebuild:BatchPutCodeCoverages',
            ],
            Resource: [`arn:aws:codebuild:${region}:${account}:report-group/${n.buildProject}-*`],
          },
          { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
          {
            Effect: 'Allow',
            Action: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:GetDownloadUrlForLayer',
              'ecr:BatchGetImage',
              'ecr:InitiateLayerUpload',
              'ecr:UploadLayerPart',
              'ecr:CompleteLayerUpload',
              'ecr:PutImage',
            ],
            Resource: repoArns,
          },
        ]),
      },
    }),
  ]);
  return { executionRoleArn, taskRoleArn, codeDeployRoleArn, pipelineRoleArn, buildRoleArn };
}
