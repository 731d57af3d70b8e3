import type { AwsClients } from '../aws/clients.js';

/**
 * The writes a change made, as AWS confirmed them: what the executor reports
 * of a change that failed half way (`partial`). Recorded at the clients, not
 * by each writer, so every writer's steps are told, and only what AWS
 * answered with success counts as done.
 */

/** AWS names every read so: anything else is a write. */
const READ = /^(Describe|List|Get|BatchGet|Head|Lookup|Search|Simulate|Validate)/;

interface SendingClient {
  send(command: { constructor: { name: string }; input?: unknown }, ...rest: unknown[]): Promise<unknown>;
}

/** A service's client as `AwsClients` hands it out (a `LazyClient`): anything with a `send`. */
const isClient = (value: unknown): value is SendingClient =>
  typeof value === 'object' && value !== null && typeof (value as SendingClient).send === 'function';

type Permission = {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: Array<{ CidrIp?: string }>;
  Ipv6Ranges?: Array<{ CidrIpv6?: string }>;
  PrefixListIds?: Array<{ PrefixListId?: string }>;
  UserIdGroupPairs?: Array<{ GroupId?: string }>;
};

/** `tcp 80 from sg-0abc`: a security group rule as people say it. */
function describePermission(permission: Permission): string {
  const protocol = permission.IpProtocol === '-1' ? 'all traffic' : (permission.IpProtocol ?? '?');
  const from = permission.FromPort;
  const ports =
    permission.IpProtocol === '-1' || from === undefined
      ? ''
      : ` ${from === permission.ToPort ? from : `${from}-${permission.ToPort}`}`;
  const peers = [
    ...(permission.IpRanges ?? []).map((range) => range.CidrIp),
    ...(permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6),
    ...(permission.PrefixListIds ?? []).map((list) => list.PrefixListId),
    ...(permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId),
  ].filter(Boolean);
  return `${protocol}${ports} from ${peers.join(', ') || '?'}`;
}

/**
 * One write as a step: the operation and the few inputs that say which part
 * of the resource it touched (a policy, a rule). Only these named inputs are
 * read, so no value (a secret's, a policy document) ever reaches a step.
 */
export function describeWrite(operation: string, input: unknown): string {
  const fields = (input ?? {}) as { PolicyArn?: unknown; PolicyName?: unknown; IpPermissions?: unknown };
  const details: string[] = [];
  if (typeof fields.PolicyArn === 'string') details.push(fields.PolicyArn);
  if (typeof fields.PolicyName === 'string') details.push(fields.PolicyName);
  if (Array.isArray(fields.IpPermissions))
    details.push(...(fields.IpPermissions as Permission[]).map(describePermission));
  return [operation, ...details].join(' ');
}

/**
 * The same clients, each of whose successful writes is told to `onWrite`.
 * Reads, waiters and paginators go through unchanged.
 */
export function recordingWrites(clients: AwsClients, onWrite: (step: string) => void): AwsClients {
  const wrapped = new Map<PropertyKey, unknown>();
  const wrap = (client: SendingClient): SendingClient =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
        return async (command: Parameters<SendingClient['send']>[0], ...rest: unknown[]) => {
          const result = await target.send(command, ...rest);
          const operation = command.constructor.name.replace(/Command$/, '');
          if (!READ.test(operation)) onWrite(describeWrite(operation, command.input));
          return result;
        };
      },
    });
  return new Proxy(clients, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (isClient(value)) {
        if (!wrapped.has(property)) wrapped.set(property, wrap(value));
        return wrapped.get(property);
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
