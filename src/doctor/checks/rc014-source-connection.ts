import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { actionsOf, isSourceAction, pipelinesOf } from '../live/stack-parts.js';
import { asString } from '../util/values.js';

const DEFAULT_BRANCHES = ['main', 'master'];

/**
 * Guide, step 5: the source is a GitHub (version 2) connection, authorised
 * (AVAILABLE — a PENDING connection was never completed in the console and the
 * pipeline never starts), watching the main branch.
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html
 */
export const sourceConnection: Check = {
  code: 'RC014',
  id: 'source-connection',
  title: 'The source connection is AVAILABLE and watches the intended branch',
  description:
    "The pipeline's CodeStar (GitHub v2) connection must be AVAILABLE: a PENDING connection was never authorised and the pipeline never starts. The source action must watch the intended branch (main unless --branch says otherwise).",
  appliesTo: 'live',

  run({ live, settings }) {
    const out = collect(this);
    if (!live) return out.done();
    const pipelines = pipelinesOf(live);
    if (pipelines.length === 0) return out.skip('no pipeline');
    for (const pipeline of pipelines) {
      for (const action of actionsOf(pipeline).filter(isSourceAction)) {
        const connectionArn = asString(action.configuration.ConnectionArn);
        if (connectionArn) {
          const property = `${action.at}.Configuration.ConnectionArn`;
          const connection = live.target(pipeline, property);
          const status = asString(connection?.attributes.ConnectionStatus);
          if (!connection) {
            if (live.unreadable('AWS::CodeStarConnections::Connection', connectionArn)) {
              out.unknown(live.unknownReason('AWS::CodeStarConnections::Connection', connectionArn));
            } else {
              out.error({
                location: LiveStack.locate(pipeline, property),
                what: `The source action ${action.name} uses connection ${connectionArn}, which does not exist.`,
                why: 'Without its connection the source stage fails and the pipeline never gets code.',
                fix: {
                  text: 'Create a GitHub (Version 2) connection, complete it, and select it in the source action.',
                },
              });
            }
          } else if (!status) {
            out.unknown(live.unknownReason(connection.type, connection.physicalId));
          } else if (status !== 'AVAILABLE') {
            out.error({
              location: LiveStack.locate(connection),
              what: `Connection ${asString(connection.properties.ConnectionName) ?? connection.physicalId} is ${status}, not AVAILABLE.`,
              why: 'A PENDING connection was never authorised with GitHub: the pipeline never starts.',
              fix: {
                text: 'Open Developer Tools → Settings → Connections in the console, choose the connection and "Update pending connection" to complete the GitHub handshake.',
              },
            });
          }
        }
        const branch = asString(action.configuration.BranchName);
        const wanted = settings.branch;
        const property = `${action.at}.Configuration.BranchName`;
        if (branch === undefined) {
          if (action.provider === 'CodeStarSourceConnection' || action.provider === 'CodeCommit') {
            out.error({
              location: LiveStack.locate(pipeline, property),
              what: `The source action ${action.name} names no branch.`,
              why: 'The source stage cannot fetch without a branch.',
              fix: { text: `Set the branch to ${wanted ?? 'main'}.`, value: wanted ?? 'main' },
            });
          }
          continue;
        }
        const intended = wanted ? branch === wanted : DEFAULT_BRANCHES.includes(branch);
        if (!intended) {
          const target = wanted ?? 'main';
          out.warning({
            location: LiveStack.locate(pipeline, property),
            what: `The source action ${action.name} watches branch "${branch}", not ${wanted ? `"${wanted}"` : 'main'}.`,
            why: 'Merges to the intended branch would never deploy (pass --branch if this branch is the intended one).',
            fix: {
              text: `Set the branch to ${target}.`,
              value: target,
              reclaim: { resource: pipeline.id, type: pipeline.type, path: property, value: target },
            },
          });
        }
      }
    }
    return out.done();
  },
};
