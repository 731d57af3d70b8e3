/**
 * The statements that matter to doctor of the AWS-managed policies the guide's
 * roles use or commonly carry, by policy name. Used only when the live
 * document could not be read (a saved snapshot checked offline): a live run
 * reads each attached policy's default version instead. Only what these
 * policies allow for ECR, S3, Secrets Manager and logs is kept; an unlisted
 * policy is unknown, never assumed empty.
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 */

const allow = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Allow', Action, Resource });
const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });

const ECR_PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
const ECR_PUSH = ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'];

export const KNOWN_MANAGED_POLICIES: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  [
    'AmazonECSTaskExecutionRolePolicy',
    policy(allow(['ecr:GetAuthorizationToken', ...ECR_PULL, 'logs:CreateLogStream', 'logs:PutLogEvents'])),
  ],
  ['AmazonEC2ContainerRegistryReadOnly', policy(allow(['ecr:GetAuthorizationToken', ...ECR_PULL, 'ecr:Describe*']))],
  [
    'AmazonEC2ContainerRegistryPowerUser',
    policy(allow(['ecr:GetAuthorizationToken', ...ECR_PULL, ...ECR_PUSH, 'ecr:Describe*', 'ecr:List*'])),
  ],
  ['AmazonEC2ContainerRegistryFullAccess', policy(allow('ecr:*'))],
  ['AmazonS3FullAccess', policy(allow(['s3:*', 's3-object-lambda:*']))],
  ['SecretsManagerReadWrite', policy(allow('secretsmanager:*'))],
  ['AdministratorAccess', policy(allow('*'))],
  ['PowerUserAccess', policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' })],
  // Attached by presence (RC013 checks the ARN); its ECS and ELB statements are not needed here.
  ['AWSCodeDeployRoleForECS', policy(allow(['ecs:*', 'elasticloadbalancing:*', 'iam:PassRole', 's3:GetObject*']))],
  ['CloudWatchLogsFullAccess', policy(allow('logs:*'))],
]);

export const ECS_TASK_EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
export const CODEDEPLOY_FOR_ECS_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS';
export { ECR_PULL, ECR_PUSH };
