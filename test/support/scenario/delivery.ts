/** Continuous delivery: CodeDeploy application and group, CodeBuild project, CodePipeline. */
import { CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import type { AwsClients } from '../../../src/aws/clients.js';
import type { ConsoleNames } from './naming.js';

const BUILD_IMAGE = 'aws/codebuild/amazonlinux2-x86_64-standard:4.0';

/** The application and group the ECS console makes for a blue/green service. */
export async function createCodeDeploy(
  clients: AwsClients,
  n: ConsoleNames,
  serviceRoleArn: string,
  listenerArn: string,
): Promise<void> {
  await clients.codedeploy.send(
    new CreateApplicationCommand({ applicationName: n.codeDeployApp, computePlatform: 'ECS' }),
  );
  await clients.codedeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: n.codeDeployApp,
      deploymentGroupName: n.deploymentGroup,
      serviceRoleArn,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      blueGreenDeploymentConfiguration: {
        terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 5 },
        deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
      },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
      ecsServices: [{ clusterName: n.cluster, serviceName: n.service }],
      loadBalancerInfo: {
        targetGroupPairInfoList: [
          {
            targetGroups: [{ name: n.blueTargetGroup }, { name: n.greenTargetGroup }],
            prodTrafficRoute: { listenerArns: [listenerArn] },
          },
        ],
      },
    }),
  );
}

export async function createBuildProject(clients: AwsClients, n: ConsoleNames, serviceRole: string): Promise<void> {
  await clients.codebuild.send(
    new CreateProjectCommand({
      name: n.buildProject,
      // The emulator insists on a location even for CODEPIPELINE (AWS leaves it empty).
      source: { type: 'CODEPIPELINE', location: n.pipeline, insecureSsl: false },
      artifacts: { type: 'CODEPIPELINE', location: n.pipeline, name: n.buildProject, packaging: 'NONE' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: BUILD_IMAGE,
        computeType: 'BUILD_GENERAL1_SMALL',
        privilegedMode: true,
        imagePullCredentialsType: 'CODEBUILD',
        environmentVariables: [],
      },
      serviceRole,
      timeoutInMinutes: 10,
      queuedTimeoutInMinutes: 480,
      concurrentBuildLimit: 1,
      logsConfig: {
        cloudWatchLogs: { status: 'ENABLED', groupName: n.buildLogGroup, streamName: 'codebuild' },
        s3Logs: { status: 'DISABLED', encryptionDisabled: false },
      },
    }),
  );
}

export async function createPipeline(
  clients: AwsClients,
  n: ConsoleNames,
  roleArn: string,
  connectionArn: string,
  controller: 'CODE_DEPLOY' | 'ECS' = 'CODE_DEPLOY',
): Promise<void> {
  await clients.codepipeline.send(
    new CreatePipelineCommand({
      pipeline: {
        name: n.pipeline,
        roleArn,
        artifactStore: { type: 'S3', location: n.bucket },
        stages: [
          {
            name: 'Source',
            actions: [
              {
                name: 'Source',
                actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
                runOrder: 1,
                configuration: {
                  ConnectionArn: connectionArn,
                  FullRepositoryId: n.repositoryId,
                  BranchName: 'main',
                  OutputArtifactFormat: 'CODE_ZIP',
                },
                outputArtifacts: [{ name: 'SourceArtifact' }],
                inputArtifacts: [],
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
                runOrder: 1,
                configuration: { ProjectName: n.buildProject },
                inputArtifacts: [{ name: 'SourceArtifact' }],
                outputArtifacts: [{ name: 'BuildArtifact' }],
                namespace: 'BuildVariables',
              },
            ],
          },
          {
            name: 'Deploy',
            actions: [
              controller === 'ECS'
                ? {
                    // "Amazon ECS": the standard action deploys the image definitions file; ECS runs the blue/green.
                    name: 'Deploy',
                    actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'ECS', version: '1' },
                    runOrder: 1,
                    configuration: {
                      ClusterName: n.cluster,
                      ServiceName: n.service,
                      FileName: 'imagedefinitions.json',
                    },
                    inputArtifacts: [{ name: 'BuildArtifact' }],
                    outputArtifacts: [],
                    namespace: 'DeployVariables',
                  }
                : {
                    name: 'Deploy',
                    actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeDeployToECS', version: '1' },
                    runOrder: 1,
                    configuration: {
                      ApplicationName: n.codeDeployApp,
                      DeploymentGroupName: n.deploymentGroup,
                      TaskDefinitionTemplateArtifact: 'BuildArtifact',
                      TaskDefinitionTemplatePath: 'taskdef.json',
                      AppSpecTemplateArtifact: 'BuildArtifact',
                      AppSpecTemplatePath: 'appspec.yaml',
                    },
                    inputArtifacts: [{ name: 'BuildArtifact' }],
                    outputArtifacts: [],
                    namespace: 'DeployVariables',
                  },
            ],
          },
        ],
        version: 1,
        pipelineType: 'V2',
        executionMode: 'QUEUED',
      },
    }),
  );
}
