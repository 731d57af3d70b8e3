import { asDict, asList, asNumber, asString } from '../util/values.js';
import type { Parsed } from './positions.js';

/**
 * The services of a docker-compose file: their names (what containers call
 * each other by on a compose network, and what must not leak into ECS), and
 * the ports each container listens on, with lines.
 * https://docs.docker.com/reference/compose-file/services/#ports
 */

export interface ComposeService {
  readonly name: string;
  readonly line: number;
  /** Other names the service answers to on the compose network. */
  readonly aliases: readonly string[];
  readonly containerPorts: ReadonlyArray<{ readonly port: number; readonly line: number }>;
}

/** `"8000:8000"`, `"127.0.0.1:80:80/tcp"`, `80`, `{target: 80}` → the container's port. */
function containerPortOf(entry: unknown): number | undefined {
  const long = asDict(entry);
  if (long) return asNumber(long.target);
  const text = typeof entry === 'number' ? String(entry) : asString(entry);
  if (!text) return undefined;
  const last =
    text
      .replace(/\/(tcp|udp|sctp)$/i, '')
      .split(':')
      .pop() ?? '';
  // A range (`8000-8001`) names the first port: enough to spot a collision with 8000.
  return asNumber(last.split('-')[0]);
}

export function composeServicesOf(compose: Parsed): ComposeService[] {
  const services = asDict(asDict(compose.value)?.services) ?? {};
  return Object.entries(services).map(([name, body]) => {
    const service = asDict(body) ?? {};
    const at = (key: string, index: number) => compose.positionOf(['services', name, key, index])?.line ?? 1;
    const containerPorts = [
      ...asList(service.ports).map((entry, i) => ({ port: containerPortOf(entry), line: at('ports', i) })),
      ...asList(service.expose).map((entry, i) => ({ port: containerPortOf(entry), line: at('expose', i) })),
    ].filter((entry): entry is { port: number; line: number } => entry.port !== undefined);
    const aliases = [asString(service.container_name), asString(service.hostname)].filter(
      (alias): alias is string => alias !== undefined,
    );
    // One port listed under both `ports` and `expose` is one listener.
    const seen = new Set<number>();
    return {
      name,
      line: compose.positionOf(['services', name], { key: true })?.line ?? 1,
      aliases,
      containerPorts: containerPorts.filter((entry) => !seen.has(entry.port) && seen.add(entry.port)),
    };
  });
}
