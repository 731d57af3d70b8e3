import { DeleteConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { isNotFound } from '../../discover/aws-errors.js';
import type { KindWriter } from '../kind-writer.js';

export const codestarConnectionWriter: KindWriter = {
  type: 'AWS::CodeStarConnections::Connection',

  /**
   * Deletes the connection reclaim's graph reached through the stack's pipeline.
   * Other pipelines using it are found before planning (outside uses), so a
   * shared connection is never planned for deletion.
   */
  async delete(ctx, change) {
    try {
      await ctx.clients.codestarConnections.send(new DeleteConnectionCommand({ ConnectionArn: change.physicalId }));
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
