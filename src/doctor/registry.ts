import type { Check } from './check.js';
import { magicFileNames } from './checks/rc001-magic-file-names.js';
import { pipelineDeploy } from './checks/rc002-pipeline-deploy.js';
import { taskdefMatchesLive } from './checks/rc003-taskdef-matches-live.js';
import { appspecLoadBalancer } from './checks/rc004-appspec-load-balancer.js';
import { dockerfileStages } from './checks/rc005-dockerfile-stages.js';
import { containerPorts } from './checks/rc006-container-ports.js';
import { localhostNotNames } from './checks/rc007-localhost.js';
import { secretReferences } from './checks/rc008-secret-references.js';
import { ecrRepositories } from './checks/rc009-ecr-repositories.js';
import { codebuildEnvironment } from './checks/rc010-codebuild-environment.js';
import { buildRole } from './checks/rc011-build-role.js';
import { taskRoles } from './checks/rc012-task-roles.js';
import { deployRoles } from './checks/rc013-deploy-roles.js';
import { sourceConnection } from './checks/rc014-source-connection.js';
import { serviceNetwork } from './checks/rc015-service-network.js';
import { listenerTargetGroups } from './checks/rc016-listener-target-groups.js';
import { terminationWait } from './checks/rc017-termination-wait.js';
import { deploymentGroups } from './checks/rc018-deployment-groups.js';
import { lingeringStacks } from './checks/rc019-lingering-stacks.js';
import { securityGroupPath } from './checks/rc020-security-group-path.js';
import { certificateCoverage } from './checks/rc021-certificate.js';
import { cloudflareRecord } from './checks/rc022-cloudflare-record.js';
import { cloudflareSslMode } from './checks/rc023-cloudflare-ssl-mode.js';
import { cloudflareOriginCertificate } from './checks/rc024-cloudflare-origin-certificate.js';
import { cloudflareIngress } from './checks/rc025-cloudflare-ingress.js';
import { nativeListenerRules } from './checks/rc026-native-listener-rules.js';
import { infrastructureRole } from './checks/rc027-infrastructure-role.js';
import { lifecycleHooks } from './checks/rc028-lifecycle-hooks.js';
import { bakeTime } from './checks/rc029-bake-time.js';
import { leftoverCodeDeploy } from './checks/rc030-leftover-codedeploy.js';

/** Every check, in code order. Adding a check is one file under `checks/` and one line here. */
export const CHECKS: readonly Check[] = [
  magicFileNames,
  pipelineDeploy,
  taskdefMatchesLive,
  appspecLoadBalancer,
  dockerfileStages,
  containerPorts,
  localhostNotNames,
  secretReferences,
  ecrRepositories,
  codebuildEnvironment,
  buildRole,
  taskRoles,
  deployRoles,
  sourceConnection,
  serviceNetwork,
  listenerTargetGroups,
  terminationWait,
  deploymentGroups,
  lingeringStacks,
  securityGroupPath,
  certificateCoverage,
  cloudflareRecord,
  cloudflareSslMode,
  cloudflareOriginCertificate,
  cloudflareIngress,
  nativeListenerRules,
  infrastructureRole,
  lifecycleHooks,
  bakeTime,
  leftoverCodeDeploy,
];
