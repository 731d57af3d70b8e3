import { collect, type Check, type Collector } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { containersOf, servicesOf, taskDefinitionOf } from '../live/stack-parts.js';
import { composeServicesOf } from '../repo/compose.js';
import { atLine, locateIn, repoContainersOf } from '../repo/locate.js';
import type { RepoFiles } from '../repo/repo-files.js';
import { asDict, asList, asString } from '../util/values.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0']);
const HOSTISH_NAME = /HOST|URL|URI|ADDR|ENDPOINT|SERVER|UPSTREAM|BACKEND|DSN/i;

/**
 * The host a value points at: the host of a URL (`http://api:8000/x`,
 * `postgres://u@db:5432/app`), a `host:port`, or (for variables whose name says
 * host, URL, endpoint, …) a bare name.
 */
export function hostOfValue(name: string, value: string): string | undefined {
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(value);
  if (url) return url[1]!.replace(/^\[|\]$/g, '');
  const hostPort = /^([A-Za-z0-9][A-Za-z0-9._-]*):\d+$/.exec(value);
  if (hostPort) return hostPort[1];
  if (HOSTISH_NAME.test(name) && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) return value;
  return undefined;
}

const FIX_TEXT = (host: string) => `Use localhost instead of "${host}" (keep the port).`;
const WHY =
  'In an awsvpc task the containers share one localhost; container names resolve only on a docker-compose network, not in ECS.';

/** What containers are called: taskdef container names and docker-compose service names and aliases, lower-cased. */
function containerNames(repo: RepoFiles | undefined, live: LiveStack | undefined): Map<string, string> {
  const names = new Map<string, string>();
  const add = (name: string, where: string) => {
    if (!LOOPBACK.has(name.toLowerCase())) names.set(name.toLowerCase(), where);
  };
  if (repo?.taskdef?.parsed.ok)
    for (const c of repoContainersOf(repo.taskdef.parsed)) add(c.name, 'a container of taskdef.json');
  if (repo?.compose?.parsed.ok) {
    for (const service of composeServicesOf(repo.compose.parsed)) {
      add(service.name, `a service of ${repo.compose.path}`);
      for (const alias of service.aliases) add(alias, `a name of a service of ${repo.compose.path}`);
    }
  }
  if (live) {
    for (const service of servicesOf(live)) {
      const td = taskDefinitionOf(live, service);
      if (td) for (const c of containersOf(td)) add(c.name, `a container of ${td.physicalId}`);
    }
  }
  return names;
}

function checkRepo(out: Collector, repo: RepoFiles, names: Map<string, string>): void {
  const file = repo.taskdef;
  const environments = new Map<string, Map<string, string>>();
  if (file?.parsed.ok) {
    for (const container of repoContainersOf(file.parsed)) {
      const env = new Map<string, string>();
      environments.set(container.name, env);
      asList(container.definition.environment).forEach((entry, i) => {
        const variable = asString(asDict(entry)?.name) ?? '';
        const value = asString(asDict(entry)?.value);
        if (value === undefined) return;
        env.set(variable, value);
        const host = hostOfValue(variable, value);
        const kind = host ? names.get(host.toLowerCase()) : undefined;
        if (!host || !kind) return;
        out.error({
          location: locateIn(file, [...container.path, 'environment', i, 'value']),
          what: `${container.name}: ${variable} reaches "${host}", ${kind}, by name.`,
          why: WHY,
          fix: { text: FIX_TEXT(host), value: value.replace(host, 'localhost') },
        });
      });
    }
  }
  // nginx variables (`${API_HOST}`, via the image's templates) take the nginx container's environment.
  const nginxEnv = [...environments.entries()].find(([name]) => /nginx/i.test(name))?.[1] ?? new Map<string, string>();
  for (const conf of repo.nginx) {
    for (const target of conf.targets) {
      if (conf.upstreams.includes(target.host) && target.directive !== 'server') continue;
      const variable = /^\$\{?(\w+)\}?$/.exec(target.host)?.[1];
      if (variable) {
        if (!nginxEnv.has(variable))
          out.note(`${conf.path}:${target.line}: ${target.host} is set at run time; not followed`);
        // A resolved variable is checked where it is set: the taskdef.json environment above.
        continue;
      }
      const kind = names.get(target.host.toLowerCase());
      if (!kind) continue;
      out.error({
        location: atLine(conf.path, target.line, target.column),
        what: `${target.upstream ? `upstream ${target.upstream}: server` : target.directive} ${target.host}${target.port ? `:${target.port}` : ''} reaches "${target.host}", ${kind}, by name.`,
        why: WHY,
        fix: { text: FIX_TEXT(target.host), value: `localhost${target.port ? `:${target.port}` : ''}` },
      });
    }
  }
}

function checkLive(out: Collector, live: LiveStack, names: Map<string, string>): void {
  for (const service of servicesOf(live)) {
    const td = taskDefinitionOf(live, service);
    if (!td) continue;
    for (const container of containersOf(td)) {
      asList(container.definition.Environment).forEach((entry, i) => {
        const variable = asString(asDict(entry)?.Name) ?? '';
        const value = asString(asDict(entry)?.Value) ?? '';
        const host = hostOfValue(variable, value);
        const kind = host ? names.get(host.toLowerCase()) : undefined;
        if (!host || !kind) return;
        out.error({
          location: LiveStack.locate(td, `ContainerDefinitions.${container.index}.Environment.${i}.Value`),
          what: `${container.name}: ${variable} reaches "${host}", ${kind}, by name.`,
          why: WHY,
          fix: { text: `${FIX_TEXT(host)} in taskdef.json, and deploy.`, value: value.replace(host, 'localhost') },
        });
      });
    }
  }
}

/**
 * Guide, steps 2 and 4: containers reach each other through `localhost`, never
 * by container name — in taskdef.json's environment and in nginx.conf's
 * upstreams — because awsvpc networking is not a docker-compose network.
 */
export const localhostNotNames: Check = {
  code: 'RC007',
  id: 'localhost-not-container-names',
  title: 'Containers reach each other through localhost, never by name',
  description:
    'Environment values in taskdef.json and upstreams in nginx.conf must reach the other containers at localhost:<port>; container and compose service names resolve on a compose network only.',
  appliesTo: 'both',

  run({ repo, live }) {
    const out = collect(this);
    const names = containerNames(repo, live);
    if (repo) checkRepo(out, repo, names);
    if (live) checkLive(out, live, names);
    return out.done();
  },
};
