import { randomUUID } from 'node:crypto';
import type { AwsClients } from '../../../src/aws/clients.js';
import { createDeadCodeDeploy, createDebrisTargetGroups } from './debris.js';
import { createBuildProject, createCodeDeploy, createPipeline } from './delivery.js';
import { callerAccount, defaultNetwork, importOriginCertificate, type DefaultNetwork } from './environment.js';
import { createArtifactBucket, createLogGroups, createRepositories, createRoles, createSecret } from './foundation.js';
import { createConsoleStack, physicalIdOf } from './helpers.js';
import { consoleNames } from './naming.js';
import { createNativeParts, createNativeService } from './native.js';
import { createBalancing, createService, registerTaskDefinitions } from './runtime.js';
import { clusterTemplate } from './templates.js';
import {
  DEFAULT_SECRET_VALUES,
  type ExpectedResource,
  type ScenarioConnection,
  type ScenarioFacts,
  type ScenarioOptions,
} from './types.js';

/**
 * Builds, in the emulator, the guide's `bash-dog` deployment (under any name)
 * exactly as the AWS console leaves it: console-named roles and stacks, the
 * ECS service created beside its stack, a CodeDeploy app and group named by
 * the console, a CodeStar-sourced pipeline. With `withDebris` (the default)
 * it also leaves what failed attempts leave. Expects a fresh emulator.
 */
export async function buildConsoleStack(clients: AwsClients, options: ScenarioOptions): Promise<ScenarioFacts> {
  const name = options.name;
  const withDebris = options.withDebris ?? true;
  const native = options.controller === 'ECS';
  const secretValues = options.secretValues ?? DEFAULT_SECRET_VALUES;
  const region = clients.region;
  const n = consoleNames(name, region);

  // Every step starts as soon as what it needs exists (the emulator's first EC2 call, which builds the
  // default VPC, is the slow one). All promises are made in this one tick and awaited together below, so
  // a failure anywhere rejects the build once and leaves no rejection unhandled.
  const account = callerAccount(clients);
  const network = defaultNetwork(clients);
  const certificate = importOriginCertificate(clients);
  const repos = createRepositories(clients, n);
  const secret = createSecret(clients, n.secretName, secretValues);
  const logGroups = createLogGroups(clients, n);
  const clusterStack = createConsoleStack(clients, n.clusterStack, clusterTemplate(), { ECSClusterName: n.cluster });
  const bucket = createArtifactBucket(clients, n.bucket, region);
  const connection = account.then((accountId): ScenarioConnection => ({
    arn: `arn:aws:codestar-connections:${region}:${accountId}:connection/${randomUUID()}`,
    name: n.connection,
    status: 'AVAILABLE',
    providerType: 'GitHub',
    ownerAccountId: accountId,
  }));
  const roles = Promise.all([account, secret, repos, connection, bucket]).then(
    ([accountId, secretArn, repoInfo, conn]) =>
      createRoles(clients, n, { account: accountId, region, secretArn, repos: repoInfo, connectionArn: conn.arn }),
  );
  const balancing = Promise.all([network, certificate]).then(([net, certificateArn]) =>
    createBalancing(clients, n, net, certificateArn),
  );
  const debrisTargetGroups = withDebris
    ? network.then((net) => createDebrisTargetGroups(clients, n, net.vpcId))
    : Promise.resolve(null);
  const taskDefinitionArns = Promise.all([roles, secret, repos, logGroups]).then(([roleArns, secretArn, repoInfo]) =>
    registerTaskDefinitions(clients, n, withDebris ? 3 : 1, {
      region,
      secretArn,
      secretKeys: Object.keys(secretValues),
      repos: repoInfo,
      executionRoleArn: roleArns.executionRoleArn,
      taskRoleArn: roleArns.taskRoleArn,
    }),
  );
  const nativeParts = native ? balancing.then((lb) => createNativeParts(clients, n, lb)) : Promise.resolve(undefined);
  const serviceArn = Promise.all([taskDefinitionArns, balancing, network, nativeParts, clusterStack]).then(
    ([arns, lb, net, parts]) => {
      const common = {
        taskDefinitionArn: arns[arns.length - 1]!,
        network: net,
        securityGroupIds: [lb.serviceSecurityGroupId, net.defaultSecurityGroupId],
      };
      return parts
        ? createNativeService(clients, n, {
            ...common,
            blueTargetGroupArn: lb.blueTargetGroupArn,
            greenTargetGroupArn: lb.greenTargetGroupArn,
            parts,
          })
        : createService(clients, n, { ...common, targetGroupArn: lb.blueTargetGroupArn });
    },
  );
  const codeDeploy = native
    ? Promise.resolve()
    : Promise.all([roles, balancing, serviceArn]).then(([roleArns, lb]) =>
        createCodeDeploy(clients, n, roleArns.codeDeployRoleArn, lb.listenerArn),
      );
  const buildProject = Promise.all([roles, logGroups]).then(([roleArns]) =>
    createBuildProject(clients, n, roleArns.buildRoleArn),
  );
  const deadCodeDeploy = withDebris
    ? roles.then((roleArns) => createDeadCodeDeploy(clients, n, roleArns.codeDeployRoleArn))
    : Promise.resolve();
  // The pipeline names everything else, so it comes last.
  const pipeline = Promise.all([roles, connection, bucket, buildProject, codeDeploy]).then(([roleArns, conn]) =>
    createPipeline(clients, n, roleArns.pipelineRoleArn, conn.arn, native ? 'ECS' : 'CODE_DEPLOY'),
  );

  const [
    accountId,
    net,
    certificateArn,
    repoInfo,
    secretArn,
    clusterResources,
    conn,
    roleArns,
    lb,
    debrisTgs,
    arns,
    svcArn,
    parts,
  ] = await Promise.all([
    account,
    network,
    certificate,
    repos,
    secret,
    clusterStack,
    connection,
    roles,
    balancing,
    debrisTargetGroups,
    taskDefinitionArns,
    serviceArn,
    nativeParts,
    logGroups,
    bucket,
    codeDeploy,
    buildProject,
    deadCodeDeploy,
    pipeline,
  ]);
  const clusterArn = `arn:aws:ecs:${region}:${accountId}:cluster/${physicalIdOf(clusterResources, 'ECSCluster', n.clusterStack)}`;
  const taskDefinitionArn = arns[arns.length - 1]!;

  const live: ExpectedResource[] = [
    ...Object.values(n.repositories).map((physicalId) => ({ type: 'AWS::ECR::Repository', physicalId })),
    { type: 'AWS::SecretsManager::Secret', physicalId: secretArn },
    { type: 'AWS::Logs::LogGroup', physicalId: n.taskLogGroup },
    { type: 'AWS::Logs::LogGroup', physicalId: n.buildLogGroup },
    ...[n.executionRole, n.taskRole, n.codeDeployRole, n.pipelineRole, n.buildRole].map((physicalId) => ({
      type: 'AWS::IAM::Role',
      physicalId,
    })),
    { type: 'AWS::ECS::TaskDefinition', physicalId: taskDefinitionArn },
    { type: 'AWS::EC2::SecurityGroup', physicalId: lb.albSecurityGroupId },
    { type: 'AWS::EC2::SecurityGroup', physicalId: lb.serviceSecurityGroupId },
    { type: 'AWS::CertificateManager::Certificate', physicalId: certificateArn },
    { type: 'AWS::ECS::Cluster', physicalId: n.cluster },
    { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', physicalId: lb.loadBalancerArn },
    { type: 'AWS::ElasticLoadBalancingV2::Listener', physicalId: lb.listenerArn },
    { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: lb.blueTargetGroupArn },
    { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: lb.greenTargetGroupArn },
    { type: 'AWS::ECS::Service', physicalId: svcArn },
    ...(parts
      ? [
          { type: 'AWS::IAM::Role', physicalId: parts.infrastructureRole },
          { type: 'AWS::ElasticLoadBalancingV2::ListenerRule', physicalId: parts.productionRuleArn },
          { type: 'AWS::ElasticLoadBalancingV2::ListenerRule', physicalId: parts.testRuleArn },
        ]
      : [
          { type: 'AWS::CodeDeploy::Application', physicalId: n.codeDeployApp },
          { type: 'AWS::CodeDeploy::DeploymentGroup', physicalId: `${n.codeDeployApp}/${n.deploymentGroup}` },
        ]),
    { type: 'AWS::S3::Bucket', physicalId: n.bucket },
    { type: 'AWS::CodeBuild::Project', physicalId: n.buildProject },
    { type: 'AWS::CodeStarConnections::Connection', physicalId: conn.arn },
    { type: 'AWS::CodePipeline::Pipeline', physicalId: n.pipeline },
    { type: 'AWS::CloudFormation::Stack', physicalId: n.clusterStack },
    { type: 'AWS::CloudFormation::Stack', physicalId: n.serviceStack },
  ];
  const debris: ExpectedResource[] = debrisTgs
    ? [
        { type: 'AWS::CloudFormation::Stack', physicalId: n.debris.stack },
        { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: debrisTgs.stackTargetGroupArn },
        { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: debrisTgs.staleTargetGroupArn },
        { type: 'AWS::CodeDeploy::Application', physicalId: n.debris.codeDeployApp },
        {
          type: 'AWS::CodeDeploy::DeploymentGroup',
          physicalId: `${n.debris.codeDeployApp}/${n.debris.deploymentGroup}`,
        },
        ...arns.slice(0, -1).map((physicalId) => ({ type: 'AWS::ECS::TaskDefinition', physicalId })),
      ]
    : [];

  return {
    live,
    debris,
    external: externalResources(net),
    secret: { arn: secretArn, keys: Object.keys(secretValues) },
    connection: conn,
    names: {
      stack: name,
      account: accountId,
      region,
      cluster: n.cluster,
      clusterArn,
      service: n.service,
      serviceArn: svcArn,
      taskDefinitionFamily: n.family,
      taskDefinitionArn: taskDefinitionArn,
      containers: n.containers,
      repositories: n.repositories,
      repositoryUris: { api: repoInfo.api.uri, sidecar: repoInfo.sidecar.uri, nginx: repoInfo.nginx.uri },
      secretName: n.secretName,
      secretArn,
      taskLogGroup: n.taskLogGroup,
      buildLogGroup: n.buildLogGroup,
      executionRole: n.executionRole,
      executionRoleArn: roleArns.executionRoleArn,
      taskRole: n.taskRole,
      taskRoleArn: roleArns.taskRoleArn,
      codeDeployRole: n.codeDeployRole,
      codeDeployRoleArn: roleArns.codeDeployRoleArn,
      pipelineRole: n.pipelineRole,
      pipelineRoleArn: roleArns.pipelineRoleArn,
      buildRole: n.buildRole,
      buildRoleArn: roleArns.buildRoleArn,
      buildPolicyName: n.buildPolicy,
      pipeline: n.pipeline,
      buildProject: n.buildProject,
      codeDeployApp: n.codeDeployApp,
      deploymentGroup: n.deploymentGroup,
      loadBalancerName: n.loadBalancer,
      loadBalancerArn: lb.loadBalancerArn,
      listenerArn: lb.listenerArn,
      blueTargetGroupName: n.blueTargetGroup,
      blueTargetGroupArn: lb.blueTargetGroupArn,
      greenTargetGroupName: n.greenTargetGroup,
      greenTargetGroupArn: lb.greenTargetGroupArn,
      certificateArn,
      connectionArn: conn.arn,
      connectionName: conn.name,
      bucket: n.bucket,
      serviceStack: n.serviceStack,
      clusterStack: n.clusterStack,
      debrisStack: withDebris ? n.debris.stack : '',
      vpcId: net.vpcId,
      subnetIds: net.subnetIds,
      serviceSecurityGroupId: lb.serviceSecurityGroupId,
      albSecurityGroupId: lb.albSecurityGroupId,
      defaultSecurityGroupId: net.defaultSecurityGroupId,
      ...(parts ? { native: parts } : {}),
    },
  };
}

export function externalResources(network: DefaultNetwork): ExpectedResource[] {
  return [
    { type: 'AWS::EC2::VPC', physicalId: network.vpcId },
    ...network.subnetIds.map((physicalId) => ({ type: 'AWS::EC2::Subnet', physicalId })),
    { type: 'AWS::EC2::SecurityGroup', physicalId: network.defaultSecurityGroupId },
  ];
}
