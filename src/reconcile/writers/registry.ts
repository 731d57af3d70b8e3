import type { ResourceType } from '../../model/resource-type.js';
import type { KindWriter } from '../kind-writer.js';
import { acmCertificateWriter } from './acm-certificate.js';
import { cloudformationStackWriter } from './cloudformation-stack.js';
import { cloudflareConfigRuleWriter } from './cloudflare/config-rule.js';
import { cloudflareRecordWriter } from './cloudflare/dns-record.js';
import { cloudflareZoneWriter } from './cloudflare/dns-zone.js';
import { cloudflareOriginCertificateWriter } from './cloudflare/origin-ca-certificate.js';
import { codebuildProjectWriter } from './codebuild-project.js';
import { codedeployApplicationWriter } from './codedeploy-application.js';
import { codedeployDeploymentGroupWriter } from './codedeploy-deployment-group.js';
import { codepipelinePipelineWriter } from './codepipeline-pipeline.js';
import { codestarConnectionWriter } from './codestar-connection.js';
import { ec2SecurityGroupWriter } from './ec2-security-group.js';
import { ecrRepositoryWriter } from './ecr-repository.js';
import { ecsClusterWriter } from './ecs-cluster.js';
import { ecsServiceWriter } from './ecs-service.js';
import { ecsTaskDefinitionWriter } from './ecs-task-definition.js';
import { elbv2ListenerWriter } from './elbv2-listener.js';
import { elbv2ListenerRuleWriter } from './elbv2-listener-rule.js';
import { elbv2LoadBalancerWriter } from './elbv2-load-balancer.js';
import { elbv2TargetGroupWriter } from './elbv2-target-group.js';
import { iamRoleWriter } from './iam-role.js';
import { logsLogGroupWriter } from './logs-log-group.js';
import { s3BucketWriter } from './s3-bucket.js';
import { secretsManagerSecretWriter } from './secretsmanager-secret.js';

/**
 * Every type reclaim can change, and how. VPCs and subnets have no writer:
 * they are external, referenced and never changed. Adding a type is one file
 * here and one line below.
 */
const ALL: readonly KindWriter[] = [
  codepipelinePipelineWriter,
  codebuildProjectWriter,
  codedeployApplicationWriter,
  codedeployDeploymentGroupWriter,
  codestarConnectionWriter,
  ecsClusterWriter,
  ecsServiceWriter,
  ecsTaskDefinitionWriter,
  elbv2LoadBalancerWriter,
  elbv2ListenerWriter,
  elbv2ListenerRuleWriter,
  elbv2TargetGroupWriter,
  acmCertificateWriter,
  ecrRepositoryWriter,
  secretsManagerSecretWriter,
  iamRoleWriter,
  ec2SecurityGroupWriter,
  logsLogGroupWriter,
  s3BucketWriter,
  cloudformationStackWriter,
  cloudflareZoneWriter,
  cloudflareRecordWriter,
  cloudflareConfigRuleWriter,
  cloudflareOriginCertificateWriter,
];

export type WriterRegistry = ReadonlyMap<ResourceType, KindWriter>;

export const WRITERS: WriterRegistry = new Map(ALL.map((writer) => [writer.type, writer]));
