import { naturalKeyOf, placeOf, type Concrete } from '../model/natural-key.js';
import type { Properties } from '../model/resource.js';
import { isIntrinsic } from './intrinsics.js';
import { substitutePseudo } from './pseudo.js';
import type { DesiredResource, DesiredState } from './types.js';

/**
 * The natural key (`model/natural-key.ts`) of a declared resource, its
 * references resolved to the physical ids the file declares for their
 * targets: `ListenerArn: !Ref Listener443Listener` is that listener's ARN.
 * Undefined for a type without one, or when a part names nothing concrete.
 */
export function declaredNaturalKey(desired: DesiredState, resource: DesiredResource): string | undefined {
  return naturalKeyOf(resource.type, resource.properties, declaredConcrete(desired));
}

/** Where a resource declared without a physical id sits (`placeOf`), references resolved as the file declares them. */
export function declaredPlace(desired: DesiredState, resource: DesiredResource): Properties | undefined {
  return placeOf(resource.type, resource.properties, declaredConcrete(desired));
}

const declaredConcrete =
  (desired: DesiredState): Concrete =>
  (value) => {
    if (typeof value === 'string') return substitutePseudo(value, desired);
    if (!isIntrinsic(value) || 'Fn::Sub' in value) return undefined;
    const target = desired.resources['Ref' in value ? value.Ref : value['Fn::GetAtt'][0]];
    return target?.physicalId === undefined ? undefined : substitutePseudo(target.physicalId, desired);
  };
