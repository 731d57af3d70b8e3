import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { nativeServicesOf } from '../live/native-blue-green.js';
import { asDict, asNumber } from '../util/values.js';

export const SUGGESTED_BAKE_TIME = 5;
const PATH = 'DeploymentConfiguration.BakeTimeInMinutes';

/**
 * ECS-native blue/green keeps the old (blue) revision for the bake time after
 * production traffic moves: the window in which a rollback is instant. None
 * (or 0) ends the deployment as soon as traffic moves, with nothing to roll
 * back to; the counterpart of the CodeDeploy termination wait (RC017).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
 */
export const bakeTime: Check = {
  code: 'RC029',
  id: 'native-bake-time',
  title: 'Native blue/green: a bake time set',
  description:
    'The bake time keeps the blue revision running after traffic moves, so a bad release rolls back at once; without one, the old tasks are gone the moment traffic shifts.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const services = nativeServicesOf(live);
    if (services.length === 0) return out.skip('no service under ECS-native blue/green');
    for (const service of services) {
      const minutes = asNumber(asDict(service.properties.DeploymentConfiguration)?.BakeTimeInMinutes);
      if (minutes !== undefined && minutes > 0) continue;
      out.warning({
        location: LiveStack.locate(service, PATH),
        what: `Service ${service.physicalId} deploys blue/green with ${minutes === 0 ? 'a bake time of 0' : 'no bake time'}.`,
        why: 'The blue revision is stopped as soon as production traffic moves: a bad release cannot be rolled back instantly.',
        fix: {
          text: `Set the bake time to ${SUGGESTED_BAKE_TIME} minutes.`,
          value: SUGGESTED_BAKE_TIME,
          reclaim: { resource: service.id, type: service.type, path: PATH, value: SUGGESTED_BAKE_TIME },
        },
      });
    }
    return out.done();
  },
};
