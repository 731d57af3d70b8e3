import { randomBytes } from 'node:crypto';

/** `bash-dog` → `bashDog`: how the guide spells the stack in IAM role names. */
export function camelCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
  return words
    .map((word, index) =>
      index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join('');
}

/** 8 lower-case hex digits, as the ECS console suffixes its CloudFormation stacks. */
export function consoleSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** 12 decimal digits, as the CodePipeline console suffixes its artifact bucket. */
export function twelveDigits(): string {
  const bytes = randomBytes(12);
  let digits = String(1 + (bytes[0]! % 9));
  for (let index = 1; index < 12; index += 1) digits += String(bytes[index]! % 10);
  return digits;
}

/** Every name of the console-built stack, derived from the stack name alone. */
export function consoleNames(name: string, region: string) {
  const camel = camelCase(name);
  const serviceSuffix = consoleSuffix();
  let debrisSuffix = consoleSuffix();
  while (debrisSuffix === serviceSuffix) debrisSuffix = consoleSuffix();
  return {
    cluster: name,
    service: name,
    family: name,
    repositories: { api: `${name}-api`, sidecar: `${name}-sidecar`, nginx: `${name}-nginx` },
    containers: { nginx: `${name}-nginx`, api: `${name}-api`, sidecar: `${name}-sidecar` },
    secretName: `${name}/ecs-envars`,
    taskLogGroup: `/ecs/${name}`,
    buildLogGroup: `/aws/codebuild/${name}`,
    executionRole: `${camel}ExecutionRoleForECS`,
    executionPolicy: `${camel}EcsEnvarsSecretAccess`,
    taskRole: `${camel}ServiceRoleForECS`,
    codeDeployRole: `${camel}CodeDeployRole`,
    pipelineRole: `${name}-pipeline-role`,
    pipelinePolicy: `AWSCodePipelineServiceRole-${region}-${name}-pipeline`,
    buildRole: `codebuild-${name}-build-project-service-role`,
    buildPolicy: `CodeBuildBasePolicy-${name}-build-project-${region}`,
    pipeline: `${name}-pipeline`,
    buildProject: `${name}-build-project`,
    codeDeployApp: `AppECS-${name}-${name}`,
    deploymentGroup: `DgpECS-${name}-${name}`,
    loadBalancer: name,
    blueTargetGroup: `${name}-main`,
    greenTargetGroup: `${name}-secondary`,
    albSecurityGroup: `${name}-alb-sg`,
    serviceSecurityGroup: `${name}-service-sg`,
    connection: `${name}-github`,
    repositoryId: `acme/${name}`,
    clusterStack: `Infra-ECS-Cluster-${name}-${consoleSuffix()}`,
    serviceStack: `ECS-Console-V2-Service-${name}-${name}-${serviceSuffix}`,
    bucket: `codepipeline-${region}-${twelveDigits()}`,
    debris: {
      stack: `ECS-Console-V2-Service-${name}-${name}-${debrisSuffix}`,
      stackTargetGroup: `${name}-old-main`,
      staleTargetGroup: `${name}-tg-stale`,
      codeDeployApp: `AppECS-${name}-${name}-v1`,
      deploymentGroup: `DgpECS-${name}-${name}-v1`,
      service: `${name}-v1`,
    },
  };
}

export type ConsoleNames = ReturnType<typeof consoleNames>;
