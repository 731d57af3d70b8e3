import type { Edge, Resource } from '../../model/resource.js';
import type { ResourceType } from '../../model/resource-type.js';
import type { ReadIssue, Snapshot } from '../../model/snapshot.js';
import type { ResourceLocation } from '../finding.js';
import type { LiveFacts } from './live-facts.js';

/**
 * A read-only view of a snapshot for the checks: resources by type, the
 * references between them by the property they travel through, and what could
 * not be read. Orphans (debris of earlier attempts) are left out unless asked
 * for: the checks look at the stack that runs.
 */
export class LiveStack {
  private readonly byId = new Map<string, Resource>();
  private readonly outgoing = new Map<string, Edge[]>();
  private readonly incoming = new Map<string, Edge[]>();

  /**
   * @param facts what `readLiveFacts` gathered beside discovery; undefined when a
   *   saved snapshot is checked offline.
   */
  constructor(
    readonly snapshot: Snapshot,
    readonly facts?: LiveFacts,
  ) {
    for (const resource of snapshot.resources) this.byId.set(resource.id, resource);
    for (const edge of snapshot.edges) {
      this.outgoing.set(edge.from, [...(this.outgoing.get(edge.from) ?? []), edge]);
      this.incoming.set(edge.to, [...(this.incoming.get(edge.to) ?? []), edge]);
    }
  }

  get account(): string {
    return this.snapshot.account;
  }
  get region(): string {
    return this.snapshot.region;
  }

  /** Resources of one type; orphans only when asked for. */
  resources(type: ResourceType, options: { orphans?: boolean } = {}): Resource[] {
    return this.snapshot.resources.filter((r) => r.type === type && (options.orphans === true || !r.orphan));
  }

  get(id: string): Resource | undefined {
    return this.byId.get(id);
  }

  /** The resources `from` references through a property: `via` exactly, or matching a pattern. */
  targets(from: Resource, via: string | RegExp): Resource[] {
    const edges = this.outgoing.get(from.id) ?? [];
    return edges
      .filter((edge) => (typeof via === 'string' ? edge.via === via : via.test(edge.via)))
      .map((edge) => this.byId.get(edge.to))
      .filter((resource): resource is Resource => resource !== undefined);
  }

  target(from: Resource, via: string): Resource | undefined {
    return this.targets(from, via)[0];
  }

  /** The resources that reference `to`, optionally only through matching properties. */
  sources(to: Resource, via?: RegExp): Resource[] {
    const edges = this.incoming.get(to.id) ?? [];
    return edges
      .filter((edge) => !via || via.test(edge.via))
      .map((edge) => this.byId.get(edge.from))
      .filter((resource): resource is Resource => resource !== undefined);
  }

  /**
   * The read problems that could hide a resource of `type` named `id` (in any form: ARN or
   * name): issues about the type that name it, or that name nothing (a failed listing).
   */
  issuesAbout(type: ResourceType, id?: string): ReadIssue[] {
    return this.snapshot.issues.filter(
      (issue) =>
        issue.type === type &&
        (!issue.physicalIds || issue.physicalIds.length === 0 || !id || issue.physicalIds.some((p) => sameId(p, id))),
    );
  }

  /** True when a missing resource may only be unreadable, not absent. */
  unreadable(type: ResourceType, id?: string): boolean {
    return this.issuesAbout(type, id).length > 0;
  }

  /** Why a resource (or a missing one) is unknown, for the check's `unknown` list. */
  unknownReason(type: ResourceType, id: string): string {
    const issue = this.issuesAbout(type, id)[0];
    return issue
      ? `${type} ${id} could not be read (${issue.operation}: ${issue.code})`
      : `${type} ${id} could not be read completely`;
  }

  static locate(resource: Resource, property?: string): ResourceLocation {
    const arn = [resource.physicalId, resource.attributes.Arn, resource.attributes.StackId].find(
      (value): value is string => typeof value === 'string' && value.startsWith('arn:'),
    );
    return {
      kind: 'resource',
      logicalId: resource.id,
      type: resource.type,
      physicalId: resource.physicalId,
      ...(arn ? { arn } : {}),
      ...(property ? { property } : {}),
    };
  }
}

/** Two forms of one id: equal, or an ARN that ends in the name (`…:role/service-role/NAME`, `…:secret:NAME-AbCdEf`). */
export function sameId(a: string, b: string): boolean {
  if (a === b) return true;
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  return long.endsWith(`/${short}`) || long.endsWith(`:${short}`);
}
