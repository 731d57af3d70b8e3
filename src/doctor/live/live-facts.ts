import type { ReadIssue } from '../../model/snapshot.js';

/**
 * Facts doctor needs that discovery does not read into the snapshot. They are
 * gathered by `readLiveFacts` (which talks to AWS) and handed to the pure
 * checks; a saved snapshot checked offline has none, and checks then say what
 * they could not decide instead of guessing.
 *
 * In every map, `null` means the read failed (access denied, throttled past
 * retries): unknown. A key that is absent was never asked for.
 */
export interface LiveFacts {
  /** The default version's document of each managed policy attached to the stack's roles, by policy ARN. */
  readonly managedPolicies: ReadonlyMap<string, unknown>;
  /** Where each subnet of the service sends traffic for the internet, by subnet id. */
  readonly subnetEgress: ReadonlyMap<string, SubnetEgress | null>;
  /** The service names of the VPC endpoints (PrivateLink and gateway) of each VPC, by VPC id. */
  readonly vpcEndpoints: ReadonlyMap<string, readonly string[] | null>;
  /**
   * Secrets the repository's taskdef.json names that the snapshot lacks, by the ARN as
   * written: the secret's full ARN and JSON keys (never values), or `'missing'`.
   */
  readonly secrets: ReadonlyMap<string, SecretShape | 'missing' | null>;
  /** Cloudflare's published ranges (GET /ips), read when the stack has a Cloudflare record and a token; `null`: failed. */
  readonly cloudflareRanges?: { readonly ipv4: readonly string[]; readonly ipv6: readonly string[] } | null;
  /** What could not be read, as discovery reports it: the run exits 1 when there is any. */
  readonly issues: readonly ReadIssue[];
}

export interface SubnetEgress {
  readonly routeTableId: string;
  /** A `0.0.0.0/0` route to a NAT gateway (or a NAT instance). */
  readonly natRoute: boolean;
  /** A `0.0.0.0/0` route to an internet gateway: reachable only with a public IP. */
  readonly internetGatewayRoute: boolean;
}

export interface SecretShape {
  readonly arn: string;
  readonly keys: readonly string[];
}

export const NO_FACTS: LiveFacts = {
  managedPolicies: new Map(),
  subnetEgress: new Map(),
  vpcEndpoints: new Map(),
  secrets: new Map(),
  issues: [],
};
