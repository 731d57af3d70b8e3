import type { Intrinsic } from '../desired/intrinsics.js';
import type { Resource } from './resource.js';

/** One way a property can name a resource, and the intrinsic that writes it. */
export interface ReferenceForm {
  readonly value: string;
  /** `Ref` when the value is what Ref returns, otherwise the GetAtt attribute. */
  readonly attribute?: string;
}

/**
 * The strings by which properties name `resource`: its physical id (what Ref
 * returns), its ARN, and the plain name some APIs use (a deployment group
 * names its target groups by name), longest first.
 */
export function referenceForms(
  resource: Pick<Resource, 'type' | 'physicalId' | 'properties' | 'attributes'>,
): ReferenceForm[] {
  const forms: ReferenceForm[] = [{ value: resource.physicalId }];
  const arn = resource.attributes.Arn;
  if (typeof arn === 'string' && arn !== resource.physicalId) forms.push({ value: arn, attribute: 'Arn' });
  const name = (key: string) =>
    typeof resource.properties[key] === 'string' ? (resource.properties[key] as string) : undefined;
  switch (resource.type) {
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      if (name('Name')) forms.push({ value: name('Name')!, attribute: 'TargetGroupName' });
      break;
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      if (name('Name')) forms.push({ value: name('Name')!, attribute: 'LoadBalancerName' });
      // A Cloudflare record's content: the load balancer's DNS name, lower-cased as the record holds it.
      const dnsName = resource.attributes.DNSName;
      if (typeof dnsName === 'string') forms.push({ value: dnsName.toLowerCase(), attribute: 'DNSName' });
      break;
    }
    case 'AWS::ECS::Service':
      if (name('ServiceName')) forms.push({ value: name('ServiceName')!, attribute: 'Name' });
      break;
    case 'AWS::CodeDeploy::DeploymentGroup':
      // Ref of a deployment group is its name; reclaim's physical id adds the application in front.
      forms.push({ value: resource.physicalId.slice(resource.physicalId.indexOf('/') + 1) });
      break;
    default:
      break;
  }
  return forms.sort((a, b) => b.value.length - a.value.length);
}

export function intrinsicFor(id: string, form: ReferenceForm): Intrinsic {
  return form.attribute ? { 'Fn::GetAtt': [id, form.attribute] } : { Ref: id };
}

/** The Sub placeholder for a form: `${Id}` or `${Id.Attribute}`. */
export function placeholderFor(id: string, form: ReferenceForm): string {
  return form.attribute ? `\${${id}.${form.attribute}}` : `\${${id}}`;
}
