import { CreatePipelineCommand, type StageDeclaration } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { codepipelinePipelineHandler } from '../../../src/discover/kinds/codepipeline-pipeline.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startFaultProxy } from '../../support/fault-proxy.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

// No reset between tests: each test uses its own names, and a reset reloads IAM's managed policies (~1 s).
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});

const roleArn = `arn:aws:iam::${TEST_ACCOUNT}:role/service-role/bash-dog-pipeline-role`;
const pipelineArn = `arn:aws:codepipeline:${TEST_REGION}:${TEST_ACCOUNT}:bash-dog-pipeline`;
const connectionArn = `arn:aws:codestar-connections:${TEST_REGION}:${TEST_ACCOUNT}:connection/0b1c2d3e`;

const stages: StageDeclaration[] = [
  {
    name: 'Source',
    actions: [
      {
        name: 'Source',
        actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
        configuration: { ConnectionArn: connectionArn, FullRepositoryId: 'acme/bash-dog', BranchName: 'main' },
        outputArtifacts: [{ name: 'SourceArtifact' }],
        namespace: 'SourceVariables',
      },
    ],
  },
  {
    name: 'Build',
    actions: [
      {
        name: 'Build',
        actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
        configuration: { ProjectName: 'bash-dog-build' },
        inputArtifacts: [{ name: 'SourceArtifact' }],
        outputArtifacts: [{ name: 'BuildArtifact' }],
      },
    ],
  },
  {
    name: 'Deploy',
    actions: [
      {
        name: 'Deploy',
        actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' },
        configuration: {
          ApplicationName: 'AsFbaw-bash-dog',
          DeploymentGroupName: 'AsFbaw-bash-dog-bash-dog',
          AppSpecTemplateArtifact: 'BuildArtifact',
        },
        inputArtifacts: [{ name: 'BuildArtifact' }],
      },
    ],
  },
];

async function givenPipeline(ctx: DiscoveryContext, name: string): Promise<void> {
  await ctx.clients.codepipeline.send(
    new CreatePipelineCommand({
      pipeline: { name, roleArn, artifactStore: { type: 'S3', location: 'bash-dog-artifacts' }, stages },
      tags: [{ key: 'app', value: 'bash-dog' }],
    }),
  );
}

// moto checks that a pipeline's role exists and that its trust policy names CodePipeline as a plain string.
beforeAll(async () => {
  await moto.clients().iam.send(
    new CreateRoleCommand({
      RoleName: 'bash-dog-pipeline-role',
      Path: '/service-role/',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'codepipeline.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    }),
  );
});

describe('AWS::CodePipeline::Pipeline', () => {
  it('canonicalizes an ARN to the pipeline name', () => {
    const where = { account: TEST_ACCOUNT, region: TEST_REGION };
    expect(codepipelinePipelineHandler.canonicalId!(pipelineArn, where)).toBe('bash-dog-pipeline');
    expect(codepipelinePipelineHandler.canonicalId!('bash-dog-pipeline', where)).toBe('bash-dog-pipeline');
  });

  it('reads a pipeline with its stages, tags and references; a missing name is absent', async () => {
    // Given a source → build → blue/green deploy pipeline
    const ctx = discoveryContext(moto.clients());
    await givenPipeline(ctx, 'bash-dog-pipeline');
    const before = ctx.clients.counter.snapshot().callsByOperation;

    // When it is read with a name that never existed
    const result = await codepipelinePipelineHandler.read(ctx, ['bash-dog-pipeline', 'never-was']);

    // Then the pipeline comes back in CloudFormation shape, and each call was made once a name
    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const [pipeline] = result.resources;
    expect(pipeline).toMatchObject({
      type: 'AWS::CodePipeline::Pipeline',
      physicalId: 'bash-dog-pipeline',
      name: 'bash-dog-pipeline',
      aliases: [pipelineArn],
      attributes: { Arn: pipelineArn, Version: 1 },
      tags: { app: 'bash-dog' },
    });
    expect(pipeline!.unknown).toBeUndefined();
    expect(pipeline!.properties).toEqual({
      Name: 'bash-dog-pipeline',
      RoleArn: roleArn,
      ArtifactStore: { Type: 'S3', Location: 'bash-dog-artifacts' },
      Stages: [
        {
          Name: 'Source',
          Actions: [
            {
              Name: 'Source',
              ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection', Version: '1' },
              Configuration: { ConnectionArn: connectionArn, FullRepositoryId: 'acme/bash-dog', BranchName: 'main' },
              OutputArtifacts: [{ Name: 'SourceArtifact' }],
              RunOrder: 1,
              Namespace: 'SourceVariables',
            },
          ],
        },
        {
          Name: 'Build',
          Actions: [
            {
              Name: 'Build',
              ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
              Configuration: { ProjectName: 'bash-dog-build' },
              InputArtifacts: [{ Name: 'SourceArtifact' }],
              OutputArtifacts: [{ Name: 'BuildArtifact' }],
              RunOrder: 1,
            },
          ],
        },
        {
          Name: 'Deploy',
          Actions: [
            {
              Name: 'Deploy',
              ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CodeDeployToECS', Version: '1' },
              Configuration: {
                ApplicationName: 'AsFbaw-bash-dog',
                DeploymentGroupName: 'AsFbaw-bash-dog-bash-dog',
                AppSpecTemplateArtifact: 'BuildArtifact',
              },
              InputArtifacts: [{ Name: 'BuildArtifact' }],
              RunOrder: 1,
            },
          ],
        },
      ],
    });
    expect(pipeline!.references).toEqual([
      { type: 'AWS::IAM::Role', id: roleArn, via: 'RoleArn', kind: 'reference' },
      { type: 'AWS::S3::Bucket', id: 'bash-dog-artifacts', via: 'ArtifactStore.Location', kind: 'reference' },
      {
        type: 'AWS::CodeStarConnections::Connection',
        id: connectionArn,
        via: 'Stages.0.Actions.0.Configuration.ConnectionArn',
        kind: 'reference',
      },
      {
        type: 'AWS::CodeBuild::Project',
        id: 'bash-dog-build',
        via: 'Stages.1.Actions.0.Configuration.ProjectName',
        kind: 'reference',
      },
      {
        type: 'AWS::CodeDeploy::Application',
        id: 'AsFbaw-bash-dog',
        via: 'Stages.2.Actions.0.Configuration.ApplicationName',
        kind: 'reference',
      },
      {
        type: 'AWS::CodeDeploy::DeploymentGroup',
        id: 'AsFbaw-bash-dog/AsFbaw-bash-dog-bash-dog',
        via: 'Stages.2.Actions.0.Configuration.DeploymentGroupName',
        kind: 'reference',
      },
    ]);
    const after = ctx.clients.counter.snapshot().callsByOperation;
    expect((after['codepipeline:GetPipeline'] ?? 0) - (before['codepipeline:GetPipeline'] ?? 0)).toBe(2);
    // Tags are read beside GetPipeline (one round trip, not two), so the missing name costs a tag read too
    expect((after['codepipeline:ListTagsForResource'] ?? 0) - (before['codepipeline:ListTagsForResource'] ?? 0)).toBe(
      2,
    );

    // And the sweep lists it by name
    expect(await codepipelinePipelineHandler.list!(ctx)).toContainEqual({
      physicalId: 'bash-dog-pipeline',
      name: 'bash-dog-pipeline',
    });
  });

  it('marks the pipeline unknown when its tags cannot be read', async () => {
    // Given a pipeline, and an account that denies ListTagsForResource
    await givenPipeline(discoveryContext(moto.clients()), 'guarded-pipeline');
    const proxy = await startFaultProxy(moto.endpoint, { denyOperations: [/ListTagsForResource/] });
    try {
      const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: proxy.endpoint }));

      // When it is read
      const result = await codepipelinePipelineHandler.read(ctx, ['guarded-pipeline']);

      // Then it comes back, flagged unknown, with the issue alongside
      expect(result.resources).toHaveLength(1);
      expect(result.resources[0]).toMatchObject({ physicalId: 'guarded-pipeline', unknown: true, tags: {} });
      expect(result.issues).toEqual([
        expect.objectContaining({
          operation: 'codepipeline:ListTagsForResource',
          code: 'AccessDeniedException',
          physicalIds: ['guarded-pipeline'],
        }),
      ]);
    } finally {
      await proxy.stop();
    }
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }));
    const result = await codepipelinePipelineHandler.read(ctx, ['bash-dog-pipeline']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'codepipeline:GetPipeline',
        type: 'AWS::CodePipeline::Pipeline',
        physicalIds: ['bash-dog-pipeline'],
      }),
    ]);
  });
});
