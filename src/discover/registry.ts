import type { ResourceType } from '../model/resource-type.js';
import type { KindHandler } from './kind-handler.js';
import { isCloudflareType } from '../model/resource-type.js';
import { acmCertificateHandler } from './kinds/acm-certificate.js';
import { cloudflareConfigRuleHandler } from './kinds/cloudflare/config-rule.js';
import { cloudflareRecordHandler } from './kinds/cloudflare/dns-record.js';
import { cloudflareZoneHandler } from './kinds/cloudflare/dns-zone.js';
import { cloudflareOriginCertificateHandler } from './kinds/cloudflare/origin-ca-certificate.js';
import { cloudformationStackHandler } from './kinds/cloudformation-stack.js';
import { codebuildProjectHandler } from './kinds/codebuild-project.js';
import { codedeployApplicationHandler } from './kinds/codedeploy-application.js';
import { codedeployDeploymentGroupHandler } from './kinds/codedeploy-deployment-group.js';
import { codepipelinePipelineHandler } from './kinds/codepipeline-pipeline.js';
import { codestarConnectionHandler } from './kinds/codestar-connection.js';
import { ec2SecurityGroupHandler } from './kinds/ec2-security-group.js';
import { ec2SubnetHandler } from './kinds/ec2-subnet.js';
import { ec2VpcHandler } from './kinds/ec2-vpc.js';
import { ecrRepositoryHandler } from './kinds/ecr-repository.js';
import { ecsClusterHandler } from './kinds/ecs-cluster.js';
import { ecsServiceHandler } from './kinds/ecs-service.js';
import { ecsTaskDefinitionHandler } from './kinds/ecs-task-definition.js';
import { elbv2ListenerHandler } from './kinds/elbv2-listener.js';
import { elbv2ListenerRuleHandler } from './kinds/elbv2-listener-rule.js';
import { elbv2LoadBalancerHandler } from './kinds/elbv2-load-balancer.js';
import { elbv2TargetGroupHandler } from './kinds/elbv2-target-group.js';
import { iamRoleHandler } from './kinds/iam-role.js';
import { logsLogGroupHandler } from './kinds/logs-log-group.js';
import { s3BucketHandler } from './kinds/s3-bucket.js';
import { secretsManagerSecretHandler } from './kinds/secretsmanager-secret.js';

/** Every type reclaim can discover. Adding a type is one file under `kinds/` and one line here. */
const ALL: readonly KindHandler[] = [
  codepipelinePipelineHandler,
  codebuildProjectHandler,
  codedeployApplicationHandler,
  codedeployDeploymentGroupHandler,
  codestarConnectionHandler,
  ecsClusterHandler,
  ecsServiceHandler,
  ecsTaskDefinitionHandler,
  elbv2LoadBalancerHandler,
  elbv2ListenerHandler,
  elbv2ListenerRuleHandler,
  elbv2TargetGroupHandler,
  acmCertificateHandler,
  ecrRepositoryHandler,
  secretsManagerSecretHandler,
  iamRoleHandler,
  ec2SecurityGroupHandler,
  ec2VpcHandler,
  ec2SubnetHandler,
  logsLogGroupHandler,
  s3BucketHandler,
  cloudformationStackHandler,
  cloudflareZoneHandler,
  cloudflareRecordHandler,
  cloudflareConfigRuleHandler,
  cloudflareOriginCertificateHandler,
];

export const HANDLERS: ReadonlyMap<ResourceType, KindHandler> = new Map(ALL.map((handler) => [handler.type, handler]));

/**
 * The handlers one run can use: without a Cloudflare token the Cloudflare kinds
 * are left out, so references to them are not followed (and nothing of them is
 * reported missing); discovery says so once.
 */
export function handlersFor(clients: { readonly cloudflare?: unknown }): ReadonlyMap<ResourceType, KindHandler> {
  if (clients.cloudflare) return HANDLERS;
  return new Map([...HANDLERS].filter(([type]) => !isCloudflareType(type)));
}
