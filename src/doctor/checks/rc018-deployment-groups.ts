import type { Resource } from '../../model/resource.js';
import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { deployingGroupsOf, servicesOf, unique } from '../live/stack-parts.js';
import { asDict, asList, asString } from '../util/values.js';

const servicesNamed = (group: Resource): string[] =>
  asList(group.properties.ECSServices).map(
    (s) => `${asString(asDict(s)?.ClusterName)}/${asString(asDict(s)?.ServiceName)}`,
  );

/**
 * Guide, step 10: the CodeDeploy application holds one deployment group for
 * the service and nothing else ("don't create a deployment yet, or … a weird
 * loop where CloudFormation rips down your ECS service").
 */
export const deploymentGroups: Check = {
  code: 'RC018',
  id: 'deployment-groups',
  title: 'One deployment group for the service in its CodeDeploy application, no stray ones',
  description:
    "The CodeDeploy application of the service must hold exactly one deployment group for it: a second group for the same service, or a stray one, makes deployments and the console's stack misbehave.",
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const deploying = deployingGroupsOf(live);
    const applications = unique(deploying.flatMap((group) => live.targets(group, 'ApplicationName')));
    if (applications.length === 0) return out.skip('no CodeDeploy application');
    const liveServices = new Set(
      servicesOf(live).map((s) => `${asString(s.properties.Cluster)}/${asString(s.properties.ServiceName)}`),
    );
    for (const application of applications) {
      if (application.status === 'unknown') {
        out.unknown(live.unknownReason(application.type, application.physicalId));
        continue;
      }
      const platform = asString(application.properties.ComputePlatform);
      if (platform !== 'ECS') {
        out.error({
          location: LiveStack.locate(application, 'ComputePlatform'),
          what: `CodeDeploy application ${application.physicalId} is for ${platform ?? '?'}, not ECS.`,
          why: 'Only an ECS application can hold a deployment group for an ECS service.',
          fix: { text: 'Use the application the ECS console created with the service (AppECS-…).' },
        });
      }
      const groups = live
        .sources(application, /^ApplicationName$/)
        .filter((g) => g.type === 'AWS::CodeDeploy::DeploymentGroup');
      const byService = new Map<string, Resource[]>();
      for (const group of groups) {
        for (const service of servicesNamed(group)) byService.set(service, [...(byService.get(service) ?? []), group]);
      }
      // Of several groups for one service, the one the pipeline deploys with (else the first) is kept.
      const keeper = (service: string): Resource | undefined => {
        const candidates = byService.get(service) ?? [];
        return candidates.find((g) => deploying.includes(g)) ?? candidates[0];
      };
      for (const group of groups) {
        const services = servicesNamed(group);
        const stray = !services.some((s) => liveServices.has(s));
        const duplicate = services.some((s) => (byService.get(s)?.length ?? 0) > 1 && keeper(s) !== group);
        if (!stray && !duplicate) continue;
        out.add(duplicate ? 'error' : 'warning', {
          location: LiveStack.locate(group),
          what: duplicate
            ? `Deployment group ${group.physicalId} is a second group for ${services.join(', ')} in ${application.physicalId}.`
            : `Deployment group ${group.physicalId} in ${application.physicalId} deploys ${services.join(', ') || 'no service'}, not the stack's service.`,
          why: duplicate
            ? 'Two groups for one service compete for its task sets; the console then tears the service down.'
            : "A stray group in the service's application confuses the pipeline and the next console attempt.",
          fix: {
            text: `Delete deployment group ${asString(group.properties.DeploymentGroupName) ?? group.physicalId}.`,
            command: `aws deploy delete-deployment-group --application-name ${application.physicalId} --deployment-group-name ${asString(group.properties.DeploymentGroupName) ?? ''}`,
          },
        });
      }
    }
    return out.done();
  },
};
