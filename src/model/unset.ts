/**
 * CloudFormation's "no value" (`!Ref AWS::NoValue`): a property declared
 * unset. Import writes it for what it saw unset live and manages, so that a
 * value set later by hand is drift and apply removes it again. Long form in
 * memory, as every intrinsic is; `!Ref AWS::NoValue` in YAML.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html#cfn-pseudo-param-novalue
 */
export interface NoValue {
  readonly Ref: 'AWS::NoValue';
}

export const NO_VALUE_NAME = 'AWS::NoValue';

export const NO_VALUE: NoValue = Object.freeze({ Ref: NO_VALUE_NAME });

export function isNoValue(value: unknown): value is NoValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    (value as { Ref?: unknown }).Ref === NO_VALUE_NAME
  );
}
