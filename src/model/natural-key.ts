import { identityOf } from './identity.js';
import type { Properties } from './resource.js';
import type { ResourceType } from './resource-type.js';

/**
 * Types whose physical id AWS makes up when the resource is created, and
 * which a few of their properties name just as well, before and after. A
 * listener rule's ARN ends in a random id, but a listener has at most one
 * rule at each priority: the listener and the priority are the rule.
 *
 * A desired file may leave such a resource's `physicalId` out (a rule that
 * `reclaim migrate` adds does not exist yet): it is then found, compared and
 * created by this key. One re-created by hand at the same place is still the
 * declared resource, as a target group re-created under its name is.
 */
interface NaturalKey {
  /** The properties that name the resource, concrete. */
  readonly parts: readonly string[];
  readonly key: (properties: Properties, concrete: Concrete) => string | undefined;
}

const NATURAL_KEYS: Partial<Record<ResourceType, NaturalKey>> = {
  'AWS::ElasticLoadBalancingV2::ListenerRule': {
    parts: ['ListenerArn', 'Priority'],
    key: (properties, concrete) => {
      const listener = concrete(properties.ListenerArn);
      const priority = Number(properties.Priority);
      return listener !== undefined && Number.isInteger(priority)
        ? `${identityOf('AWS::ElasticLoadBalancingV2::Listener', listener)}#${priority}`
        : undefined;
    },
  },
};

/** A property value as a concrete physical id: a literal as it is, a reference resolved; undefined when it cannot be. */
export type Concrete = (value: unknown) => string | undefined;

/** The types a desired file may declare without a physical id, for messages. */
export const NATURALLY_KEYED = Object.keys(NATURAL_KEYS).join(', ');

/** Whether a resource of `type` may be declared without a physical id. */
export const hasNaturalKey = (type: ResourceType): boolean => type in NATURAL_KEYS;

/** The key that names a resource of `type` without its physical id; undefined for other types, or when a part is unknown. */
export function naturalKeyOf(type: ResourceType, properties: Properties, concrete: Concrete): string | undefined {
  return NATURAL_KEYS[type]?.key(properties, concrete);
}

/**
 * Where a resource declared without a physical id sits: the properties of its
 * natural key, concrete (`{ ListenerArn, Priority }` for a listener rule);
 * undefined when a part names nothing concrete. What `KindHandler.findAt` reads by.
 */
export function placeOf(type: ResourceType, properties: Properties, concrete: Concrete): Properties | undefined {
  const naturalKey = NATURAL_KEYS[type];
  if (!naturalKey) return undefined;
  const place: Record<string, unknown> = {};
  for (const part of naturalKey.parts) {
    const value = properties[part];
    place[part] = typeof value === 'number' ? value : concrete(value);
    if (place[part] === undefined) return undefined;
  }
  return place;
}

/** Live properties hold concrete values already. */
export const literal: Concrete = (value) => (typeof value === 'string' ? value : undefined);
