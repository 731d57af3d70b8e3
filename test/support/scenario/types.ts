/**
 * What a scenario builder made in the emulator, so tests can assert that
 * discovery found exactly it. Physical ids follow what CloudFormation `Ref`
 * returns for each type (see `ExpectedResource`).
 */

/**
 * One resource a test expects discovery to report.
 *
 * `physicalId` is what CloudFormation `Ref` returns: the name for Pipeline,
 * CodeBuild Project, CodeDeploy Application, ECS Cluster, ECR Repository, IAM
 * Role, Logs LogGroup, S3 Bucket and CloudFormation Stack (the stack name);
 * the ARN for ECS Service, ECS TaskDefinition (with revision), LoadBalancer,
 * Listener, TargetGroup, Certificate, Secret and CodeStarConnections
 * Connection; the group id for SecurityGroup; the vpc / subnet id for VPC and
 * Subnet. Exception: a CodeDeploy DeploymentGroup is
 * `"<applicationName>/<deploymentGroupName>"`.
 */
export interface ExpectedResource {
  readonly type: string;
  readonly physicalId: string;
}

export interface ScenarioOptions {
  /** The stack name every resource name is derived from, e.g. `bash-dog`. */
  readonly name: string;
  /** Leave the debris of failed console attempts (old stack, stale target groups, dead CodeDeploy app, old revisions). Default true. */
  readonly withDebris?: boolean;
  /** The JSON keys and values of the `<name>/ecs-envars` secret. Default: `DB_PASSWORD` = `KNOWN_SECRET_VALUE`, `API_TOKEN`. */
  readonly secretValues?: Record<string, string>;
  /**
   * `CODE_DEPLOY` (the default): the guide's stack, CodeDeploy app and group. `ECS`: ECS-native
   * blue/green instead (BLUE_GREEN strategy, listener rules, infrastructure role, no CodeDeploy);
   * the clients must go through `startEcsNativeProxy`, which keeps the fields moto drops.
   */
  readonly controller?: 'CODE_DEPLOY' | 'ECS';
}

/** The CodeStar connection the pipeline uses; the emulator lacks the service, so tests install `recordCodeStarConnections` with this. */
export interface ScenarioConnection {
  readonly arn: string;
  readonly name: string;
  readonly status: 'AVAILABLE' | 'PENDING';
  readonly providerType: 'GitHub';
  readonly ownerAccountId: string;
}

/** Names and ARNs of the console-built stack, for assertions and for wiring recordings. */
export interface ScenarioNames {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  readonly cluster: string;
  readonly clusterArn: string;
  readonly service: string;
  readonly serviceArn: string;
  readonly taskDefinitionFamily: string;
  /** The live revision (3 with debris, else 1). */
  readonly taskDefinitionArn: string;
  readonly containers: { readonly nginx: string; readonly api: string; readonly sidecar: string };
  readonly repositories: { readonly api: string; readonly sidecar: string; readonly nginx: string };
  readonly repositoryUris: { readonly api: string; readonly sidecar: string; readonly nginx: string };
  readonly secretName: string;
  readonly secretArn: string;
  readonly taskLogGroup: string;
  readonly buildLogGroup: string;
  readonly executionRole: string;
  readonly executionRoleArn: string;
  readonly taskRole: string;
  readonly taskRoleArn: string;
  readonly codeDeployRole: string;
  readonly codeDeployRoleArn: string;
  readonly pipelineRole: string;
  readonly pipelineRoleArn: string;
  readonly buildRole: string;
  readonly buildRoleArn: string;
  readonly buildPolicyName: string;
  readonly pipeline: string;
  readonly buildProject: string;
  readonly codeDeployApp: string;
  readonly deploymentGroup: string;
  readonly loadBalancerName: string;
  readonly loadBalancerArn: string;
  readonly listenerArn: string;
  readonly blueTargetGroupName: string;
  readonly blueTargetGroupArn: string;
  readonly greenTargetGroupName: string;
  readonly greenTargetGroupArn: string;
  readonly certificateArn: string;
  readonly connectionArn: string;
  readonly connectionName: string;
  readonly bucket: string;
  readonly serviceStack: string;
  readonly clusterStack: string;
  /** Only with debris; '' otherwise. */
  readonly debrisStack: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly serviceSecurityGroupId: string;
  readonly albSecurityGroupId: string;
  readonly defaultSecurityGroupId: string;
  /** Only with the ECS controller. */
  readonly native?: {
    readonly infrastructureRole: string;
    readonly infrastructureRoleArn: string;
    readonly productionRuleArn: string;
    readonly testRuleArn: string;
  };
}

/** Names and ARNs of the small unrelated stack that discovery must leave out. */
export interface DecoyNames {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  readonly cluster: string;
  readonly clusterArn: string;
  readonly service: string;
  readonly serviceArn: string;
  readonly taskDefinitionArn: string;
  readonly executionRole: string;
  readonly repository: string;
  readonly secretArn: string;
  readonly loadBalancerArn: string;
  readonly listenerArn: string;
  readonly targetGroupArn: string;
  readonly serviceStack: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly defaultSecurityGroupId: string;
}

export interface ScenarioFacts<Names = ScenarioNames> {
  /** Managed resources of the stack that are in use. */
  readonly live: ExpectedResource[];
  /** Leftovers of failed attempts, for cleanup (empty without debris). */
  readonly debris: ExpectedResource[];
  /** Referenced, never managed: default VPC, its subnets, the default security group. */
  readonly external: ExpectedResource[];
  /** The secret's ARN and its JSON keys (never the values). */
  readonly secret: { readonly arn: string; readonly keys: string[] };
  /** The CodeStar connection to record (null for the decoy, which has no pipeline). */
  readonly connection: ScenarioConnection | null;
  readonly names: Names;
}

/** A distinctive secret value: tests grep every output for it to prove no value leaks. */
export const KNOWN_SECRET_VALUE = 'sup3r-s3cret-value-do-not-print';

export const DEFAULT_SECRET_VALUES: Readonly<Record<string, string>> = {
  DB_PASSWORD: KNOWN_SECRET_VALUE,
  API_TOKEN: 'tok-9f8e7d6c5b4a-not-for-output',
};
