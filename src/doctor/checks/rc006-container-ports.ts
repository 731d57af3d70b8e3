import { collect, type Check, type Collector } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { containersOf, servicesOf, taskDefinitionOf } from '../live/stack-parts.js';
import { composeServicesOf } from '../repo/compose.js';
import { atLine, locateIn, repoContainersOf } from '../repo/locate.js';
import type { RepoFiles } from '../repo/repo-files.js';
import { asDict, asList, asNumber, asString } from '../util/values.js';
import { stageMatches } from './rc005-dockerfile-stages.js';

const isNginx = (name: string, image: string) => /nginx/i.test(name) || /nginx/i.test(image);

const WHY_SHARED =
  'Containers of an awsvpc task share one network namespace: two cannot listen on one port of localhost.';

function checkRepo(out: Collector, repo: RepoFiles): void {
  const file = repo.taskdef;
  if (file?.parsed.ok) {
    const owner = new Map<number, string>();
    for (const container of repoContainersOf(file.parsed)) {
      asList(container.definition.portMappings).forEach((mapping, i) => {
        const entry = asDict(mapping) ?? {};
        const port = asNumber(entry.containerPort);
        const hostPort = asNumber(entry.hostPort);
        const path = [...container.path, 'portMappings', i];
        if (port === undefined) return;
        if (hostPort !== undefined && hostPort !== port) {
          out.error({
            location: locateIn(file, [...path, 'hostPort']),
            what: `Container "${container.name}" maps hostPort ${hostPort} to containerPort ${port}.`,
            why: 'In awsvpc mode the host port must equal the container port (or be left out); ECS refuses the task definition.',
            fix: { text: `Set "hostPort": ${port}, or remove it.`, value: port },
          });
        }
        const first = owner.get(port);
        if (first !== undefined && first !== container.name) {
          out.error({
            location: locateIn(file, [...path, 'containerPort']),
            what: `Containers "${first}" and "${container.name}" both listen on port ${port}.`,
            why: WHY_SHARED,
            fix: {
              text: `Give "${container.name}" a port of its own (and point nginx.conf at localhost:<that port>).`,
            },
          });
        } else owner.set(port, container.name);
      });
    }
    const nginx = repoContainersOf(file.parsed).find((c) => isNginx(c.name, asString(c.definition.image) ?? ''));
    const nginxPorts = asList(nginx?.definition.portMappings).map((m) => asNumber(asDict(m)?.containerPort));
    if (nginx && !nginxPorts.includes(80)) {
      out.warning({
        location: locateIn(file, [...nginx.path, nginx.definition.portMappings ? 'portMappings' : 'name']),
        what: `The nginx container "${nginx.name}" does not listen on port 80.`,
        why: 'The guide puts nginx on 80, the port the target groups and security groups are made for.',
        fix: { text: 'Map containerPort 80 for the nginx container.', value: 80 },
      });
    }
  }
  const compose = repo.compose;
  if (compose?.parsed.ok) {
    // Only the services that become containers of the task share its localhost (not a local database, say).
    const containers = file?.parsed.ok ? repoContainersOf(file.parsed).map((c) => c.name.toLowerCase()) : undefined;
    const inTask = (name: string) => !containers || containers.some((c) => stageMatches(c, name.toLowerCase()));
    const owner = new Map<number, string>();
    for (const service of composeServicesOf(compose.parsed).filter((s) => inTask(s.name))) {
      for (const { port, line } of service.containerPorts) {
        const first = owner.get(port);
        if (first !== undefined) {
          out.error({
            location: atLine(compose.path, line),
            what: `docker-compose services "${first}" and "${service.name}" both listen on port ${port}.`,
            why: `That works on a compose network, where each container has its own localhost; in ECS it collides. ${WHY_SHARED}`,
            fix: { text: `Move "${service.name}" to a port of its own, in its code and in ${compose.path}.` },
          });
        } else owner.set(port, service.name);
      }
    }
  }
}

function checkLive(out: Collector, live: LiveStack): void {
  for (const service of servicesOf(live)) {
    const td = taskDefinitionOf(live, service);
    if (!td) continue;
    const containers = containersOf(td);
    const owner = new Map<number, string>();
    for (const container of containers) {
      asList(container.definition.PortMappings).forEach((mapping, i) => {
        const port = asNumber(asDict(mapping)?.ContainerPort);
        if (port === undefined) return;
        const first = owner.get(port);
        if (first !== undefined && first !== container.name) {
          out.error({
            location: LiveStack.locate(td, `ContainerDefinitions.${container.index}.PortMappings.${i}.ContainerPort`),
            what: `Containers "${first}" and "${container.name}" of ${td.physicalId} both listen on port ${port}.`,
            why: WHY_SHARED,
            fix: { text: `Give "${container.name}" a port of its own in taskdef.json and deploy.` },
          });
        } else owner.set(port, container.name);
      });
    }
    const balanced = asList(service.properties.LoadBalancers).map((lb) => asDict(lb) ?? {});
    const nginx = containers.find((c) => isNginx(c.name, asString(c.definition.Image) ?? ''));
    if (balanced.length > 1) {
      out.warning({
        location: LiveStack.locate(service, 'LoadBalancers'),
        what: `Service ${service.physicalId} puts ${balanced.length} containers behind load balancers.`,
        why: 'The guide exposes only nginx, which routes to the other containers over localhost.',
        fix: { text: 'Keep one load balancer entry: the nginx container on port 80.' },
      });
    }
    const front = balanced[0];
    if (!front || !nginx) continue;
    const name = asString(front.ContainerName);
    const port = asNumber(front.ContainerPort);
    if (name !== nginx.name || port !== 80) {
      out.warning({
        location: LiveStack.locate(service, 'LoadBalancers.0'),
        what: `The load balancer reaches ${name}:${port}, not the nginx container ${nginx.name} on 80.`,
        why: 'Only nginx should face the load balancer, on 80; the other containers sit behind it.',
        fix: { text: `Put ${nginx.name}:80 behind the load balancer (a new service: it cannot change in place).` },
      });
    }
  }
}

/**
 * Guide, step 2: each container listens on its own port, because the
 * containers of an awsvpc task reach each other through one localhost; nginx
 * is on 80 and is the only container behind the load balancer.
 */
export const containerPorts: Check = {
  code: 'RC006',
  id: 'container-ports',
  title: 'Each container on its own port; only nginx on 80 behind the load balancer',
  description:
    'Containers of an awsvpc task share localhost, so each must listen on a port of its own (compose hides collisions, each compose container has its own localhost); nginx listens on 80 and is the only container behind the load balancer.',
  appliesTo: 'both',

  run({ repo, live }) {
    const out = collect(this);
    if (repo) checkRepo(out, repo);
    if (live) checkLive(out, live);
    return out.done();
  },
};
