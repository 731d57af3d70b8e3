import type { Properties } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';
import type { ReadIssue } from '../model/snapshot.js';
import type { Limiter } from '../util/limiter.js';
import type { DiscoveredResource, DiscoveryContext, KindHandler } from './kind-handler.js';

/** `type|id`: how the walker keys a resource, by its physical id or any alias. */
export const resourceKey = (type: ResourceType, id: string): string => `${type}|${id}`;

export interface WalkerOptions {
  /**
   * Gives each type's reads a limiter of their own (its service's share under
   * the overall cap, `createServiceLimiters`); without it every read uses the
   * context's limiter.
   */
  readonly limitFor?: (type: ResourceType) => Limiter;
  /** Told each time a resource is read, with how many have been so far (for a progress line). */
  readonly onRead?: (resources: number) => void;
}

/**
 * Reads resources by following references, like a data loader: every id asked
 * for during one turn of the event loop is collected per type and read in one
 * batched call to the type's handler, and each result's references are asked
 * for in turn. Independent types are read concurrently (bounded by the
 * context's limiter), and nothing is read twice.
 */
export class Walker {
  /** Every resource read, by canonical key. */
  readonly resources = new Map<string, DiscoveredResource>();
  readonly issues: ReadIssue[] = [];
  /** Canonical key of every physical id and alias seen. */
  private readonly aliases = new Map<string, string>();
  private readonly requested = new Set<string>();
  private readonly pending = new Map<ResourceType, Set<string>>();
  private readonly inFlight = new Set<Promise<void>>();
  private flushScheduled = false;

  constructor(
    private readonly ctx: DiscoveryContext,
    private readonly handlers: ReadonlyMap<ResourceType, KindHandler>,
    private readonly options: WalkerOptions = {},
  ) {}

  /** The canonical id a handler gives a reference, without reading anything. */
  canonical(type: ResourceType, id: string): string {
    const handler = this.handlers.get(type);
    return handler?.canonicalId ? handler.canonicalId(id, this.ctx) : id;
  }

  /** The key of the resource that a reference names, once read; undefined when it was not found. */
  resolve(type: ResourceType, id: string): string | undefined {
    return this.aliases.get(resourceKey(type, this.canonical(type, id)));
  }

  /** Asks for a resource to be read (if it has not been already). */
  request(type: ResourceType, id: string): void {
    if (!this.handlers.has(type)) return;
    const canonicalId = this.canonical(type, id);
    const key = resourceKey(type, canonicalId);
    if (this.requested.has(key) || this.aliases.has(key)) return;
    this.requested.add(key);
    let ids = this.pending.get(type);
    if (!ids) this.pending.set(type, (ids = new Set()));
    ids.add(canonicalId);
    this.scheduleFlush();
  }

  /** Asks for what sits at `places` to be read (`KindHandler.findAt`), and everything it references. */
  find(type: ResourceType, places: readonly Properties[]): void {
    const handler = this.handlers.get(type);
    if (!handler?.findAt) return;
    this.track(
      (async () => {
        try {
          const result = await handler.findAt!(this.contextFor(type), places);
          this.issues.push(...result.issues);
          for (const resource of result.resources) this.add(resource);
        } catch (error) {
          this.issues.push(handlerError(type, 'find', error));
        }
      })(),
    );
  }

  /** Resolves once every requested resource, and everything they reference, has been read. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0 || this.pending.size > 0 || this.flushScheduled) {
      if (this.inFlight.size > 0) await Promise.race(this.inFlight);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Adds a resource read by other means (a listing that returned full descriptions). */
  add(read: DiscoveredResource): void {
    const key = resourceKey(read.type, read.physicalId);
    if (this.resources.has(key)) return;
    const resource = this.withReadableReferences(read);
    this.resources.set(key, resource);
    this.options.onRead?.(this.resources.size);
    for (const alias of [resource.physicalId, ...(resource.aliases ?? [])]) {
      this.aliases.set(resourceKey(resource.type, alias), key);
    }
    for (const reference of resource.references) this.request(reference.type, reference.id);
  }

  /**
   * A reference is followed only when it names its target by a non-empty
   * string. AWS answers what its API promises, but an emulator (or a field
   * that is free-form JSON, such as a pipeline action's configuration) may
   * hold any shape: such a reference is a `ReadIssue` naming the resource and
   * the property, and the resource is `unknown`, since what it points at
   * could not be told. Nothing downstream meets a reference that is not a string.
   */
  private withReadableReferences(resource: DiscoveredResource): DiscoveredResource {
    const odd = resource.references.filter((reference) => typeof reference.id !== 'string' || reference.id === '');
    if (odd.length === 0) return resource;
    for (const reference of odd) {
      this.issues.push({
        operation: `${resource.type}:read`,
        code: 'UnexpectedShape',
        message: `${resource.type} ${resource.physicalId}: ${reference.via} is ${describeShape(reference.id)}, where the name or ARN of an ${reference.type} was expected`,
        type: resource.type,
        physicalIds: [resource.physicalId],
      });
    }
    return {
      ...resource,
      references: resource.references.filter((reference) => !odd.includes(reference)),
      unknown: true,
    };
  }

  private contextFor(type: ResourceType): DiscoveryContext {
    return this.options.limitFor ? { ...this.ctx, limit: this.options.limitFor(type) } : this.ctx;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const batches = [...this.pending.entries()];
      this.pending.clear();
      for (const [type, ids] of batches) this.track(this.readBatch(type, [...ids]));
    });
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async readBatch(type: ResourceType, ids: string[]): Promise<void> {
    const handler = this.handlers.get(type)!;
    try {
      const result = await handler.read(this.contextFor(type), ids);
      this.issues.push(...result.issues);
      for (const resource of result.resources) this.add(resource);
      this.addPlaceholdersForUnreadable(type, ids, result.issues);
    } catch (error) {
      // Handlers promise not to throw; one that does must not take the whole run down with it.
      this.issues.push({ ...handlerError(type, 'read', error), physicalIds: ids });
      this.addPlaceholdersForUnreadable(type, ids, [{ operation: '', code: '', message: '', physicalIds: ids }]);
    }
  }

  /**
   * Ids whose read failed outright still belong in the graph, as `unknown`:
   * partial knowledge must show up as such, never as "absent".
   */
  private addPlaceholdersForUnreadable(type: ResourceType, ids: readonly string[], issues: readonly ReadIssue[]): void {
    const failed = new Set(issues.flatMap((issue) => issue.physicalIds ?? []));
    for (const id of ids) {
      if (!failed.has(id) || this.aliases.has(resourceKey(type, id))) continue;
      this.add({ type, physicalId: id, name: id, properties: {}, tags: {}, references: [], unknown: true });
    }
  }
}

/** A value as a message names it: `the number 42`, `a mapping`, `an empty string`. */
function describeShape(value: unknown): string {
  if (value === '') return 'an empty string';
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

/** What a handler that threw (they promise not to) leaves: an issue for its type, not a crashed run. */
function handlerError(type: ResourceType, step: 'read' | 'find', error: unknown): ReadIssue {
  return {
    operation: `${type}:${step}`,
    code: 'HandlerError',
    message: error instanceof Error ? error.message : String(error),
    type,
  };
}
