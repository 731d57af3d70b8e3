import {
  DeleteDeploymentGroupCommand,
  GetDeploymentGroupCommand,
  UpdateDeploymentGroupCommand,
  type UpdateDeploymentGroupCommandInput,
} from '@aws-sdk/client-codedeploy';
import { isNotFound } from '../../discover/aws-errors.js';
import { deploymentGroupIdFrom } from '../../discover/kinds/codedeploy-deployment-group.js';
import type { KindWriter } from '../kind-writer.js';
import { mergedMembers, refuseUnsupported, sameApiValue } from './api-shape.js';

/** reclaim's physical id for a group is `<application>/<group>` (see the discovery handler). */
function splitGroupId(id: string): { applicationName: string; deploymentGroupName: string } {
  const canonical = deploymentGroupIdFrom(id);
  const slash = canonical.indexOf('/');
  if (slash <= 0 || slash === canonical.length - 1) throw new Error(`expected <application>/<group>, got "${id}"`);
  return { applicationName: canonical.slice(0, slash), deploymentGroupName: canonical.slice(slash + 1) };
}

/** What UpdateDeploymentGroup changes. Application and group name identify the group (a rename is a new one). */
const UPDATABLE = new Set([
  'ServiceRoleArn',
  'DeploymentConfigName',
  'DeploymentStyle',
  'BlueGreenDeploymentConfiguration',
  'LoadBalancerInfo',
  'AutoRollbackConfiguration',
  'AlarmConfiguration',
  'ECSServices',
  'TriggerConfigurations',
  'OutdatedInstancesStrategy',
  'TerminationHookEnabled',
]);

export const codedeployDeploymentGroupWriter: KindWriter = {
  type: 'AWS::CodeDeploy::DeploymentGroup',

  /**
   * UpdateDeploymentGroup with each declared setting merged over the group's
   * current one (GetDeploymentGroup): a structure sent replaces the group's,
   * so the blue/green configuration keeps, say, its ready option when only
   * the termination wait is declared. Settings that already match are not
   * sent; when none differs there is no call.
   * https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_UpdateDeploymentGroup.html
   */
  async update(ctx, change) {
    refuseUnsupported(change, UPDATABLE);
    const { applicationName, deploymentGroupName } = splitGroupId(change.physicalId);
    const output = await ctx.clients.codedeploy.send(
      new GetDeploymentGroupCommand({ applicationName, deploymentGroupName }),
    );
    const live = (output.deploymentGroupInfo ?? {}) as Record<string, unknown>;
    const merged = mergedMembers(change.properties, live, UPDATABLE);
    const input: Record<string, unknown> = {};
    for (const [member, value] of Object.entries(merged)) {
      if (!sameApiValue(value, live[member])) input[member] = value;
    }
    if (Object.keys(input).length === 0) return;
    await ctx.clients.codedeploy.send(
      new UpdateDeploymentGroupCommand({
        ...input,
        applicationName,
        currentDeploymentGroupName: deploymentGroupName,
      } as UpdateDeploymentGroupCommandInput),
    );
  },

  /**
   * DeleteDeploymentGroup succeeds for a group that does not exist, so
   * GetDeploymentGroup asks first (a missing application answers
   * ApplicationDoesNotExistException: gone too). The service, target groups
   * and listeners the group names stay.
   */
  async delete(ctx, change) {
    const input = splitGroupId(change.physicalId);
    try {
      await ctx.clients.codedeploy.send(new GetDeploymentGroupCommand(input));
      await ctx.clients.codedeploy.send(new DeleteDeploymentGroupCommand(input));
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
