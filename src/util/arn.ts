/** The parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon, e.g. `role/service-role/name` or `secret:name-AbCdEf`. */
  readonly resource: string;
}

/**
 * The parts of an ARN, or undefined for anything else. Takes any value: what
 * AWS (or an emulator) answers is not always the string its API promises, and
 * an odd value is "not an ARN", never a crash.
 */
export function parseArn(value: unknown): ParsedArn | undefined {
  if (typeof value !== 'string' || !value.startsWith('arn:')) return undefined;
  const parts = value.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export const isArn = (value: unknown): boolean => parseArn(value) !== undefined;

/** The last `/`-separated segment of an ARN's resource part, or the value itself when it is not an ARN. */
export function lastArnSegment(value: string): string {
  const arn = parseArn(value);
  if (!arn) return value;
  return arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
}
