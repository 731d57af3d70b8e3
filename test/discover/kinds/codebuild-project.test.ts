import { CreateProjectCommand, type CreateProjectCommandInput } from '@aws-sdk/client-codebuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebuildProjectHandler } from '../../../src/discover/kinds/codebuild-project.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

// No reset between tests: each test uses its own names, and a reset reloads IAM's managed policies (~1 s).
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});

const roleArn = `arn:aws:iam::${TEST_ACCOUNT}:role/service-role/codebuild-bash-dog-service-role`;
const arnOf = (name: string) => `arn:aws:codebuild:${TEST_REGION}:${TEST_ACCOUNT}:project/${name}`;

/** A pipeline-driven project; moto insists on non-empty source and artifact locations even for CODEPIPELINE. */
const projectInput = (name: string, extra: Partial<CreateProjectCommandInput> = {}): CreateProjectCommandInput => ({
  name,
  serviceRole: roleArn,
  source: { type: 'CODEPIPELINE', location: 'pipeline', buildspec: 'buildspec.yml' },
  artifacts: { type: 'CODEPIPELINE', location: 'pipeline' },
  environment: {
    type: 'LINUX_CONTAINER',
    image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
    computeType: 'BUILD_GENERAL1_SMALL',
  },
  ...extra,
});

describe('AWS::CodeBuild::Project', () => {
  it('canonicalizes an ARN to the project name', () => {
    const where = { account: TEST_ACCOUNT, region: TEST_REGION };
    expect(codebuildProjectHandler.canonicalId!(arnOf('bash-dog-build'), where)).toBe('bash-dog-build');
    expect(codebuildProjectHandler.canonicalId!('bash-dog-build', where)).toBe('bash-dog-build');
  });

  it('reads projects with environment, logs and tags in one batch; a missing name is absent', async () => {
    // Given a docker-building project with named logs, and one that logs to the default group
    const ctx = discoveryContext(moto.clients());
    await ctx.clients.codebuild.send(
      new CreateProjectCommand(
        projectInput('bash-dog-build', {
          description: 'Builds the bash-dog images',
          environment: {
            type: 'LINUX_CONTAINER',
            image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
            computeType: 'BUILD_GENERAL1_SMALL',
            privilegedMode: true,
            imagePullCredentialsType: 'CODEBUILD',
            environmentVariables: [{ name: 'REPOSITORY', value: 'bash-dog-api', type: 'PLAINTEXT' }],
          },
          timeoutInMinutes: 60,
          queuedTimeoutInMinutes: 480,
          logsConfig: { cloudWatchLogs: { status: 'ENABLED', groupName: 'bash-dog', streamName: 'codebuild' } },
          tags: [{ key: 'app', value: 'bash-dog' }],
        }),
      ),
    );
    await ctx.clients.codebuild.send(new CreateProjectCommand(projectInput('plain')));

    // When they are read with a name that never existed
    const result = await codebuildProjectHandler.read(ctx, ['bash-dog-build', 'plain', 'never-was']);

    // Then both come back in CloudFormation shape, from one call
    expect(result.issues).toEqual([]);
    expect(ctx.clients.counter.snapshot().callsByOperation['codebuild:BatchGetProjects']).toBe(1);
    const byName = Object.fromEntries(result.resources.map((r) => [r.physicalId, r]));
    expect(Object.keys(byName).sort()).toEqual(['bash-dog-build', 'plain']);
    expect(byName['bash-dog-build']).toEqual({
      type: 'AWS::CodeBuild::Project',
      physicalId: 'bash-dog-build',
      name: 'bash-dog-build',
      properties: {
        Name: 'bash-dog-build',
        Description: 'Builds the bash-dog images',
        ServiceRole: roleArn,
        Source: { Type: 'CODEPIPELINE', Location: 'pipeline', BuildSpec: 'buildspec.yml' },
        Artifacts: { Type: 'CODEPIPELINE', Location: 'pipeline' },
        Environment: {
          Type: 'LINUX_CONTAINER',
          Image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
          ComputeType: 'BUILD_GENERAL1_SMALL',
          PrivilegedMode: true,
          ImagePullCredentialsType: 'CODEBUILD',
          EnvironmentVariables: [{ Name: 'REPOSITORY', Value: 'bash-dog-api', Type: 'PLAINTEXT' }],
        },
        TimeoutInMinutes: 60,
        QueuedTimeoutInMinutes: 480,
        LogsConfig: { CloudWatchLogs: { Status: 'ENABLED', GroupName: 'bash-dog', StreamName: 'codebuild' } },
      },
      attributes: { Arn: arnOf('bash-dog-build') },
      tags: { app: 'bash-dog' },
      references: [
        { type: 'AWS::IAM::Role', id: roleArn, via: 'ServiceRole', kind: 'reference' },
        { type: 'AWS::Logs::LogGroup', id: 'bash-dog', via: 'LogsConfig.CloudWatchLogs.GroupName', kind: 'reference' },
      ],
    });
    // Logging is on by default, into /aws/codebuild/<project>
    expect(byName['plain']!.references).toContainEqual({
      type: 'AWS::Logs::LogGroup',
      id: '/aws/codebuild/plain',
      via: 'LogsConfig.CloudWatchLogs.GroupName',
      kind: 'reference',
    });
    expect(byName['plain']!.properties).not.toHaveProperty('LogsConfig');
    expect(byName['plain']!.properties).not.toHaveProperty('Description');
  });

  it('references no log group when CloudWatch logging is disabled', async () => {
    const ctx = discoveryContext(moto.clients());
    await ctx.clients.codebuild.send(
      new CreateProjectCommand(
        projectInput('quiet', {
          logsConfig: { cloudWatchLogs: { status: 'DISABLED' }, s3Logs: { status: 'DISABLED' } },
        }),
      ),
    );
    const [project] = (await codebuildProjectHandler.read(ctx, ['quiet'])).resources;
    expect(project!.properties.LogsConfig).toEqual({
      CloudWatchLogs: { Status: 'DISABLED' },
      S3Logs: { Status: 'DISABLED' },
    });
    expect(project!.references.map((r) => r.type)).toEqual(['AWS::IAM::Role']);
  });

  it('references its build image in this account’s ECR and the secrets its variables name by ARN', async () => {
    // Given a project that builds in our own image and reads a secret (and a parameter, and a public image elsewhere)
    const ctx = discoveryContext(moto.clients());
    const secretArn = `arn:aws:secretsmanager:${TEST_REGION}:${TEST_ACCOUNT}:secret:bash-dog/build-AbCdEf`;
    await ctx.clients.codebuild.send(
      new CreateProjectCommand(
        projectInput('bash-dog-own-image', {
          environment: {
            type: 'LINUX_CONTAINER',
            image: `${TEST_ACCOUNT}.dkr.ecr.${TEST_REGION}.amazonaws.com/bash-dog-builder:latest`,
            computeType: 'BUILD_GENERAL1_SMALL',
            environmentVariables: [
              { name: 'TOKEN', value: `${secretArn}:TOKEN::`, type: 'SECRETS_MANAGER' },
              { name: 'PARAM', value: '/bash-dog/param', type: 'PARAMETER_STORE' },
            ],
          },
        }),
      ),
    );

    const [project] = (await codebuildProjectHandler.read(ctx, ['bash-dog-own-image'])).resources;

    const environment = project!.references.filter((r) => r.via.startsWith('Environment.'));
    expect(environment).toEqual([
      { type: 'AWS::ECR::Repository', id: 'bash-dog-builder', via: 'Environment.Image', kind: 'reference' },
      {
        type: 'AWS::SecretsManager::Secret',
        id: secretArn,
        via: 'Environment.EnvironmentVariables.0.Value',
        kind: 'reference',
      },
    ]);
  });

  it('reads in batches of 100 and lists names', async () => {
    const ctx = discoveryContext(moto.clients());
    const names = Array.from({ length: 101 }, (_, i) => `p${i}`);
    await Promise.all(names.map((name) => ctx.clients.codebuild.send(new CreateProjectCommand(projectInput(name)))));

    const result = await codebuildProjectHandler.read(ctx, names);

    expect(result.resources.map((r) => r.physicalId).sort()).toEqual([...names].sort());
    expect(ctx.clients.counter.snapshot().callsByOperation['codebuild:BatchGetProjects']).toBe(2);
    const listed = await codebuildProjectHandler.list!(ctx);
    expect(listed).toEqual(expect.arrayContaining(names.map((name) => ({ physicalId: name, name }))));
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }));
    const result = await codebuildProjectHandler.read(ctx, ['bash-dog-build']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'codebuild:BatchGetProjects',
        type: 'AWS::CodeBuild::Project',
        physicalIds: ['bash-dog-build'],
      }),
    ]);
  });
});
