import type { Resource } from '../../model/resource.js';
import { collect, type Check, type Collector } from '../check.js';
import { NATIVE_STRATEGIES, strategyOf } from '../live/native-blue-green.js';
import { LiveStack } from '../live/live-stack.js';
import { containersOf, servicesOf, taskDefinitionOf } from '../live/stack-parts.js';
import { asDict, asList, asString, stringList } from '../util/values.js';

/** The PrivateLink/gateway endpoints a task in a private subnet needs instead of a NAT route. */
function endpointsNeeded(live: LiveStack, service: Resource): string[] {
  const region = live.region;
  const needed = [`com.amazonaws.${region}.ecr.api`, `com.amazonaws.${region}.ecr.dkr`, `com.amazonaws.${region}.s3`];
  const td = taskDefinitionOf(live, service);
  const containers = td ? containersOf(td) : [];
  if (containers.some((c) => asList(c.definition.Secrets).length > 0))
    needed.push(`com.amazonaws.${region}.secretsmanager`);
  if (containers.some((c) => asDict(c.definition.LogConfiguration)?.LogDriver === 'awslogs'))
    needed.push(`com.amazonaws.${region}.logs`);
  return needed;
}

function checkEgress(out: Collector, live: LiveStack, service: Resource, subnets: string[]): void {
  if (!live.facts) {
    out.unknown(
      `service ${service.physicalId} has no public IP, and the route tables of its subnets are not in a saved snapshot`,
    );
    return;
  }
  const stranded: string[] = [];
  for (const subnet of subnets) {
    const egress = live.facts.subnetEgress.get(subnet);
    if (egress === undefined || egress === null) {
      out.unknown(`the route table of subnet ${subnet} could not be read`);
      return;
    }
    if (!egress.natRoute) stranded.push(subnet);
  }
  if (stranded.length === 0) return;
  const vpc = asString(live.resources('AWS::EC2::Subnet').find((s) => s.physicalId === stranded[0])?.properties.VpcId);
  const endpoints = vpc ? live.facts.vpcEndpoints.get(vpc) : undefined;
  if (endpoints === null) {
    out.unknown(`the VPC endpoints of ${vpc ?? 'the service VPC'} could not be read`);
    return;
  }
  const missing = endpointsNeeded(live, service).filter((name) => !(endpoints ?? []).includes(name));
  if (missing.length === 0) return;
  out.error({
    location: LiveStack.locate(service, 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp'),
    what: `Service ${service.physicalId} runs tasks without a public IP in subnets with no NAT route (${stranded.join(', ')}), and the VPC lacks endpoints for ${missing.map((m) => m.split('.').slice(3).join('.')).join(', ')}.`,
    why: 'Fargate tasks then cannot reach ECR, Secrets Manager or CloudWatch: they never start (CannotPullContainerError).',
    fix: {
      text: "Turn the public IP back on (the guide's choice), or add a NAT gateway route (0.0.0.0/0) to these subnets, or VPC endpoints for ECR, S3, Secrets Manager and logs.",
      value: 'ENABLED',
      reclaim: {
        resource: service.id,
        type: service.type,
        path: 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp',
        value: 'ENABLED',
      },
    },
  });
}

/**
 * Guide, step 12: the service uses the CODE_DEPLOY (blue/green) controller
 * (or, since July 2025, ECS-native blue/green: the ECS controller with a
 * BLUE_GREEN, LINEAR or CANARY strategy);
 * its tasks need a way out to ECR and Secrets Manager — a public IP (the
 * guide's choice, ☢️ to harden later) or a NAT route — and the default security
 * group is a ☢️ to harden too.
 */
export const serviceNetwork: Check = {
  code: 'RC015',
  id: 'service-network',
  title: 'CODE_DEPLOY controller; tasks can reach ECR and secrets; public IP and default group are hardening debt',
  description:
    'The service must use the CODE_DEPLOY deployment controller. Tasks without a public IP in subnets without a NAT route (or VPC endpoints) cannot pull images or read secrets; a public IP or the default security group is hardening debt the guide postponed.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    for (const service of servicesOf(live)) {
      const name = asString(service.properties.ServiceName) ?? service.physicalId;
      const controller = asString(asDict(service.properties.DeploymentController)?.Type) ?? 'ECS';
      // ECS-native blue/green (BLUE_GREEN, LINEAR, CANARY under the ECS controller) is blue/green too: RC026–RC030 check it.
      const native = controller === 'ECS' && NATIVE_STRATEGIES.has(strategyOf(service) ?? '');
      if (controller !== 'CODE_DEPLOY' && !native) {
        out.error({
          location: LiveStack.locate(service, 'DeploymentController.Type'),
          what: `Service ${name} uses the ${controller} deployment controller, not CODE_DEPLOY.`,
          why: 'The pipeline\'s blue/green deploy action works only on a service created as "Blue/green deployment (powered by AWS CodeDeploy)".',
          fix: {
            text: 'Create the service again with Deployment type "Blue/green deployment (powered by AWS CodeDeploy)": the controller cannot change in place.',
            value: 'CODE_DEPLOY',
            reclaim: {
              resource: service.id,
              type: service.type,
              path: 'DeploymentController.Type',
              value: 'CODE_DEPLOY',
            },
          },
        });
      }
      const network = asDict(asDict(service.properties.NetworkConfiguration)?.AwsvpcConfiguration);
      if (!network) continue;
      const publicIp = asString(network.AssignPublicIp) === 'ENABLED';
      if (publicIp) {
        out.hardening({
          location: LiveStack.locate(service, 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp'),
          what: `Service ${name} gives its tasks public IPs.`,
          why: 'The guide needs them to reach ECR and Secrets Manager without a NAT gateway; it leaves the tasks reachable from the internet (☢️).',
          fix: {
            text: 'Move the tasks to private subnets with a NAT gateway or VPC endpoints, then turn public IPs off.',
          },
        });
      } else {
        checkEgress(out, live, service, stringList(network.Subnets));
      }
      const groups = live.targets(service, /^NetworkConfiguration\.AwsvpcConfiguration\.SecurityGroups\.\d+$/);
      for (const group of groups.filter((g) => g.properties.GroupName === 'default')) {
        out.hardening({
          location: LiveStack.locate(service, 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups'),
          what: `Service ${name} uses the VPC's default security group ${group.physicalId}.`,
          why: 'Everything else in the VPC that uses the default group can reach the tasks, and vice versa (☢️ in the guide).',
          fix: {
            text: "Give the service a security group of its own that admits only the load balancer's group, and drop the default one.",
          },
        });
      }
    }
    return out.done();
  },
};
