import { Scalar, type ScalarTag } from 'yaml';
import { isIntrinsic } from './intrinsics.js';

/** `!Ref X`, `!GetAtt X.Attr` and `!Sub '…'`, read into CloudFormation's long form. */
export const INTRINSIC_TAGS: ScalarTag[] = [
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) } as ScalarTag,
  { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split('.', 2) }) } as ScalarTag,
  { tag: '!Sub', resolve: (value: string) => ({ 'Fn::Sub': value }) } as ScalarTag,
];

/** Turns long-form intrinsics back into short-form YAML nodes, for writing a file people read. */
export function toShortForm(value: unknown): unknown {
  if (isIntrinsic(value)) {
    const [tag, text] =
      'Ref' in value
        ? ['!Ref', value.Ref]
        : 'Fn::GetAtt' in value
          ? ['!GetAtt', value['Fn::GetAtt'].join('.')]
          : ['!Sub', value['Fn::Sub']];
    const node = new Scalar(text);
    node.tag = tag;
    return node;
  }
  if (Array.isArray(value)) return value.map(toShortForm);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toShortForm(item)]));
  }
  return value;
}
