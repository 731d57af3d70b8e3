import { collect, type Check } from '../check.js';
import { servicesOf } from '../live/stack-parts.js';
import { locateIn, repoContainersOf } from '../repo/locate.js';
import type { PathPart } from '../repo/positions.js';
import { asDict, asList, asNumber, asString } from '../util/values.js';

const TASK_DEFINITION_PLACEHOLDER = '<TASK_DEFINITION>';

/**
 * appspec.yaml names the container and port that the service puts behind the
 * load balancer (the guide's nginx container on 80), targets an ECS service,
 * and leaves `<TASK_DEFINITION>` for the deploy action to fill in.
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs
 */
export const appspecLoadBalancer: Check = {
  code: 'RC004',
  id: 'appspec-load-balancer',
  title: 'appspec.yaml names the container and port behind the load balancer',
  description:
    "appspec.yaml's LoadBalancerInfo must name the container and port the service puts behind the load balancer (nginx on 80), that container must map that port in taskdef.json, and TaskDefinition must be the <TASK_DEFINITION> placeholder.",
  appliesTo: 'both',

  run({ repo, live }) {
    const out = collect(this);
    const file = repo?.appspec;
    if (!file) return out.skip('no appspec.yaml');
    if (!file.parsed.ok) {
      out.error({
        location: locateIn(file),
        what: `${file.path} is ${file.parsed.message}.`,
        why: 'CodeDeploy cannot start a deployment from an appspec it cannot parse.',
        fix: { text: `Fix the YAML at line ${file.parsed.position.line}, column ${file.parsed.position.column}.` },
      });
      return out.done();
    }
    const doc = asDict(file.parsed.value) ?? {};
    const index = asList(doc.Resources).findIndex((entry) => asDict(asDict(entry)?.TargetService) !== undefined);
    const base: PathPart[] = ['Resources', Math.max(index, 0), 'TargetService'];
    const target = asDict(asDict(asList(doc.Resources)[index])?.TargetService);
    if (!target) {
      out.error({
        location: locateIn(file, doc.Resources ? ['Resources'] : [], { key: true }),
        what: `${file.path} has no Resources[].TargetService.`,
        why: 'CodeDeploy needs the ECS service to deploy, with its load balancer container and port.',
        fix: {
          text: "Start from the guide's appspec.yaml: Resources: - TargetService: {Type: AWS::ECS::Service, Properties: …}.",
        },
      });
      return out.done();
    }
    const properties = asDict(target.Properties) ?? {};
    if (asString(target.Type) !== 'AWS::ECS::Service') {
      out.error({
        location: locateIn(file, [...base, 'Type']),
        what: `TargetService.Type is "${String(target.Type ?? '')}", not "AWS::ECS::Service".`,
        why: 'The ECS blue/green deploy action deploys only to an ECS service.',
        fix: { text: 'Set Type: AWS::ECS::Service.', value: 'AWS::ECS::Service' },
      });
    }
    if (properties.TaskDefinition !== TASK_DEFINITION_PLACEHOLDER) {
      out.error({
        location: locateIn(file, [...base, 'Properties', 'TaskDefinition']),
        what: `TaskDefinition is "${String(properties.TaskDefinition ?? '')}", not the placeholder ${TASK_DEFINITION_PLACEHOLDER}.`,
        why: 'The deploy action replaces exactly <TASK_DEFINITION> with the task definition it registers from taskdef.json.',
        fix: { text: `Set TaskDefinition: ${TASK_DEFINITION_PLACEHOLDER}`, value: TASK_DEFINITION_PLACEHOLDER },
      });
    }
    const lbPath = [...base, 'Properties', 'LoadBalancerInfo'];
    const lb = asDict(properties.LoadBalancerInfo) ?? {};
    const name = asString(lb.ContainerName);
    const port = asNumber(lb.ContainerPort);
    const liveTarget = live
      ? servicesOf(live)
          .map((service) => asDict(asList(service.properties.LoadBalancers)[0]))
          .find((entry) => entry !== undefined)
      : undefined;
    const expectedName = asString(liveTarget?.ContainerName);
    const expectedPort = asNumber(liveTarget?.ContainerPort);
    if (!name || port === undefined) {
      out.error({
        location: locateIn(file, properties.LoadBalancerInfo ? lbPath : [...base, 'Properties'], { key: true }),
        what: 'LoadBalancerInfo does not name both ContainerName and ContainerPort.',
        why: 'CodeDeploy registers the new tasks with the load balancer by that container and port.',
        fix: {
          text: `Set LoadBalancerInfo: {ContainerName: "${expectedName ?? 'your nginx container'}", ContainerPort: ${expectedPort ?? 80}}.`,
        },
      });
      return out.done();
    }
    const taskdef = repo.taskdef?.parsed.ok ? repo.taskdef.parsed : undefined;
    if (taskdef) {
      const container = repoContainersOf(taskdef).find((c) => c.name === name);
      const ports = asList(container?.definition.portMappings).map((m) => asNumber(asDict(m)?.containerPort));
      if (!container || !ports.includes(port)) {
        out.error({
          location: locateIn(file, [...lbPath, container ? 'ContainerPort' : 'ContainerName']),
          what: container
            ? `Container "${name}" does not map port ${port} in ${repo.taskdef!.path}.`
            : `${repo.taskdef!.path} has no container named "${name}".`,
          why: 'The deployment fails when the load balancer container or port is not in the task definition.',
          fix: { text: 'Name the nginx container and the port it maps (80).' },
        });
      }
    }
    if (expectedName !== undefined && (expectedName !== name || expectedPort !== port)) {
      out.error({
        location: locateIn(file, [...lbPath, expectedName !== name ? 'ContainerName' : 'ContainerPort']),
        what: `appspec.yaml puts ${name}:${port} behind the load balancer; the service has ${expectedName}:${expectedPort}.`,
        why: 'CodeDeploy cannot change the container behind the load balancer of a running service: the deployment fails.',
        fix: {
          text: `Set ContainerName: "${expectedName}" and ContainerPort: ${expectedPort}.`,
          value: { ContainerName: expectedName, ContainerPort: expectedPort },
        },
      });
    }
    return out.done();
  },
};
