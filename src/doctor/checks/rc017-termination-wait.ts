import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { deployingGroupsOf } from '../live/stack-parts.js';
import { asDict, asNumber, asString } from '../util/values.js';

export const GUIDE_TERMINATION_WAIT = 5;
/** Longer than this and a deploy is "complete" long after traffic moved. */
const LONGEST_SENSIBLE_WAIT = 15;
const PATH = 'BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes';

/**
 * Guide, step 14 (last bullet): set the original revision's termination wait
 * to something rational like 5 minutes; the console's 60 makes every deploy
 * take over an hour to complete (and, with a concurrency limit of one, holds
 * up the next).
 */
export const terminationWait: Check = {
  code: 'RC017',
  id: 'termination-wait',
  title: 'Original revision termination wait of 5 minutes, not 60',
  description:
    'CodeDeploy keeps the old (blue) task set for the termination wait after traffic moves; the console default of 60 minutes makes every deploy take over an hour. The guide sets 5.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const groups = deployingGroupsOf(live);
    if (groups.length === 0) return out.skip('no deployment group');
    for (const group of groups) {
      const terminate = asDict(
        asDict(group.properties.BlueGreenDeploymentConfiguration)?.TerminateBlueInstancesOnDeploymentSuccess,
      );
      const action = asString(terminate?.Action);
      const wait = asNumber(terminate?.TerminationWaitTimeInMinutes);
      if (action === 'KEEP_ALIVE') continue;
      if (wait !== undefined && wait <= LONGEST_SENSIBLE_WAIT) continue;
      out.warning({
        location: LiveStack.locate(group, PATH),
        what: `Deployment group ${group.physicalId} waits ${wait === undefined ? 'the default time (60 minutes in the console)' : `${wait} minutes`} before terminating the original task set.`,
        why: 'Every deploy stays "in progress" that long after traffic has moved: over an hour per release.',
        fix: {
          text: `Set "Original revision termination" to ${GUIDE_TERMINATION_WAIT} minutes.`,
          value: GUIDE_TERMINATION_WAIT,
          reclaim: { resource: group.id, type: group.type, path: PATH, value: GUIDE_TERMINATION_WAIT },
        },
      });
    }
    return out.done();
  },
};
