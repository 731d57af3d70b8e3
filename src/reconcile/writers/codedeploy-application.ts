import { DeleteApplicationCommand, GetApplicationCommand } from '@aws-sdk/client-codedeploy';
import { isNotFound } from '../../discover/aws-errors.js';
import { applicationNameFrom } from '../../discover/kinds/codedeploy-application.js';
import type { KindWriter } from '../kind-writer.js';

export const codedeployApplicationWriter: KindWriter = {
  type: 'AWS::CodeDeploy::Application',

  /**
   * DeleteApplication succeeds for an application that does not exist, so
   * GetApplication asks first. Deleting an application deletes its deployment
   * groups and revisions' records too; plans delete the groups first anyway,
   * so that each has an outcome of its own.
   */
  async delete(ctx, change) {
    const applicationName = applicationNameFrom(change.physicalId);
    try {
      await ctx.clients.codedeploy.send(new GetApplicationCommand({ applicationName }));
      await ctx.clients.codedeploy.send(new DeleteApplicationCommand({ applicationName }));
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
