/** Where a desired-state file is applied: what `${AWS::AccountId}` and friends stand for. */
export interface Placement {
  readonly account: string;
  readonly region: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Replaces `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` in a template. */
export function substitutePseudo(template: string, placement: Placement): string {
  return template
    .replaceAll('${AWS::AccountId}', placement.account)
    .replaceAll('${AWS::Region}', placement.region)
    .replaceAll('${AWS::Partition}', partitionOf(placement.region));
}
