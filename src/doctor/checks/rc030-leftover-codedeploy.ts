import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { controllerOf } from '../live/native-blue-green.js';

/**
 * After moving a service from CodeDeploy to ECS-native deployments, AWS
 * leaves the CodeDeploy application and deployment group behind
 * ("Migrate CodeDeploy blue/green deployments to Amazon ECS blue/green
 * deployments"). A group that still names the service invites a deploy that
 * ECS refuses (the service is no longer under the CODE_DEPLOY controller),
 * and a pipeline still pointed at it fails.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen.html
 */
export const leftoverCodeDeploy: Check = {
  code: 'RC030',
  id: 'leftover-codedeploy-group',
  title: 'No CodeDeploy deployment group still names a service ECS deploys',
  description:
    'A CodeDeploy deployment group that still names a service under the ECS deployment controller is left over from before a migration: deployments through it fail. Delete it (and its application when it has no other group).',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const services = live.resources('AWS::ECS::Service').filter((service) => controllerOf(service) === 'ECS');
    if (services.length === 0) return out.skip('no service under the ECS deployment controller');
    for (const service of services) {
      const groups = live
        .sources(service, /^ECSServices\.\d+$/)
        .filter((group) => group.type === 'AWS::CodeDeploy::DeploymentGroup');
      for (const group of groups) {
        out.warning({
          location: LiveStack.locate(group, 'ECSServices'),
          what: `CodeDeploy deployment group ${group.physicalId} still names service ${service.physicalId}, which ECS now deploys itself.`,
          why: 'A deployment through the group fails (the service is not under the CODE_DEPLOY controller); it is debris of the migration.',
          fix: {
            text: `Delete the deployment group ${group.physicalId} (and its application if nothing else uses it), or list both as debris in reclaim.yaml for \`reclaim cleanup\`.`,
          },
        });
      }
    }
    return out.done();
  },
};
