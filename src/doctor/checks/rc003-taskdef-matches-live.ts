import type { Resource } from '../../model/resource.js';
import { collect, type Check } from '../check.js';
import type { LiveStack } from '../live/live-stack.js';
import { containersOf, taskDefinitionsOf } from '../live/stack-parts.js';
import { locateIn, repoContainersOf } from '../repo/locate.js';
import type { Parsed } from '../repo/positions.js';
import type { MagicFileFound } from '../repo/repo-files.js';
import { parseArn } from '../../util/arn.js';
import { asDict, asList, asNumber, asString } from '../util/values.js';

const portsOf = (mappings: unknown, key: 'containerPort' | 'ContainerPort'): number[] =>
  asList(mappings)
    .map((mapping) => asNumber(asDict(mapping)?.[key]))
    .filter((port): port is number => port !== undefined)
    .sort((a, b) => a - b);

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** The live task definition to compare with: the one of the same family, else the first the services run. */
function counterpart(live: LiveStack, family: string | undefined): Resource | undefined {
  const running = taskDefinitionsOf(live);
  return running.find((td) => td.properties.Family === family) ?? running[0];
}

function compareWithLive(out: ReturnType<typeof collect>, file: MagicFileFound, parsed: Parsed, live: LiveStack): void {
  const doc = asDict(parsed.value) ?? {};
  const family = asString(doc.family);
  const td = counterpart(live, family);
  if (!td) {
    if (live.unreadable('AWS::ECS::TaskDefinition') || live.unreadable('AWS::ECS::Service'))
      out.unknown('the live task definition could not be read');
    return;
  }
  if (td.status === 'unknown') out.unknown(live.unknownReason(td.type, td.physicalId));
  const liveFamily = asString(td.properties.Family);
  if (family !== liveFamily) {
    out.warning({
      location: locateIn(file, ['family']),
      what: `${file.path} registers family "${family ?? '(none)'}"; the service runs family "${liveFamily}".`,
      why: 'Each deploy then starts a second family beside the one the console made, and the two drift apart.',
      fix: { text: `Set "family" to "${liveFamily}".`, value: liveFamily },
    });
  }
  const repoContainers = repoContainersOf(parsed);
  const liveContainers = containersOf(td);
  for (const container of repoContainers) {
    const match = liveContainers.find((c) => c.name === container.name);
    if (!match) {
      out.warning({
        location: locateIn(file, [...container.path, 'name']),
        what: `Container "${container.name}" is not in the live task definition ${td.physicalId} (it has ${liveContainers.map((c) => c.name).join(', ')}).`,
        why: 'A renamed or new container changes what the load balancer and the other containers expect on the next deploy.',
        fix: { text: 'Rename it to the live container, or deploy the change knowingly.' },
      });
      continue;
    }
    const repoPorts = portsOf(container.definition.portMappings, 'containerPort');
    const livePorts = portsOf(match.definition.PortMappings, 'ContainerPort');
    if (repoPorts.join(',') !== livePorts.join(',')) {
      out.warning({
        location: locateIn(file, [...container.path, container.definition.portMappings ? 'portMappings' : 'name']),
        what: `Container "${container.name}" maps ports [${repoPorts.join(', ')}] in ${file.path}; live it maps [${livePorts.join(', ')}].`,
        why: 'The load balancer and the security groups were set up for the live ports.',
        fix: { text: `Map the live ports: ${livePorts.join(', ') || 'none'}.`, value: livePorts },
      });
    }
  }
  for (const container of liveContainers) {
    if (repoContainers.some((c) => c.name === container.name)) continue;
    out.warning({
      location: locateIn(file, ['containerDefinitions'], { key: true }),
      what: `The live container "${container.name}" is missing from ${file.path}: the next deploy removes it.`,
      why: 'The deploy registers taskdef.json as it is; containers not in it stop running.',
      fix: { text: `Add container "${container.name}" to ${file.path}, or remove it knowingly.` },
    });
  }
  for (const [key, liveKey] of [
    ['executionRoleArn', 'ExecutionRoleArn'],
    ['taskRoleArn', 'TaskRoleArn'],
  ] as const) {
    const repoRole = asString(doc[key]);
    const liveRole = asString(td.properties[liveKey]);
    if (!repoRole || !liveRole || roleName(repoRole) === roleName(liveRole)) continue;
    const account = parseArn(repoRole)?.account;
    const foreign = account !== undefined && account !== live.account;
    out.add(foreign ? 'error' : 'warning', {
      location: locateIn(file, [key]),
      what: `${key} is ${repoRole}; the service runs with ${liveRole}.`,
      why: foreign
        ? `That role is in account ${account}, not ${live.account}: ECS cannot pass it, so the deploy fails.`
        : 'The tasks would run with other permissions than the ones that work today.',
      fix: { text: `Set ${key} to ${liveRole}.`, value: liveRole },
    });
  }
}

/**
 * taskdef.json parses (strict JSON, as ECS reads it), is a Fargate task in
 * awsvpc mode, and its family, containers, ports and roles match the task
 * definition the live service runs.
 */
export const taskdefMatchesLive: Check = {
  code: 'RC003',
  id: 'taskdef-matches-live',
  title: 'taskdef.json parses and matches the live task definition',
  description:
    'taskdef.json must be strict JSON in awsvpc network mode, and its family, container names, ports and roles should match the task definition the service runs: the deploy registers it as written.',
  appliesTo: 'both',

  run({ repo, live }) {
    const out = collect(this);
    const file = repo?.taskdef;
    if (!file) return out.skip('no taskdef.json');
    if (!file.parsed.ok) {
      out.error({
        location: locateIn(file),
        what: `${file.path} is ${file.parsed.message}.`,
        why: 'The deploy action cannot register a task definition it cannot parse.',
        fix: {
          text: `Fix the JSON syntax at line ${file.parsed.position.line}, column ${file.parsed.position.column}.`,
        },
      });
      return out.done();
    }
    const doc = asDict(file.parsed.value) ?? {};
    if (repoContainersOf(file.parsed).length === 0) {
      out.error({
        location: locateIn(file),
        what: `${file.path} has no containerDefinitions.`,
        why: 'A task definition without containers cannot be registered.',
        fix: { text: 'Paste the task definition JSON of the running service (ECS console, "JSON" tab).' },
      });
    }
    const mode = asString(doc.networkMode);
    if (mode !== 'awsvpc') {
      out.error({
        location: locateIn(file, mode ? ['networkMode'] : []),
        what: `networkMode is ${mode ? `"${mode}"` : 'not set'}, not "awsvpc".`,
        why: 'Fargate tasks run only in awsvpc mode; ECS refuses the registration.',
        fix: { text: 'Set "networkMode": "awsvpc".', value: 'awsvpc' },
      });
    }
    if (live) compareWithLive(out, file, file.parsed, live);
    return out.done();
  },
};
