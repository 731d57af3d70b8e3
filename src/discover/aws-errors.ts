import { ReclaimError } from '../errors.js';
import type { ResourceType } from '../model/resource-type.js';
import type { ReadIssue } from '../model/snapshot.js';

interface AwsErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The error code AWS sent, whichever field the SDK put it in. */
export function errorCode(error: unknown): string {
  if (error instanceof ReclaimError) return error.code;
  const shape = (error ?? {}) as AwsErrorShape;
  return shape.name ?? shape.Code ?? 'UnknownError';
}

const NOT_FOUND_CODES = new Set([
  'ResourceNotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'NoSuchBucket',
  'NotFound',
  'RepositoryNotFoundException',
  'ClusterNotFoundException',
  'ServiceNotFoundException',
  'TargetGroupNotFound',
  'TargetGroupNotFoundException',
  'LoadBalancerNotFound',
  'LoadBalancerNotFoundException',
  'ListenerNotFound',
  'ListenerNotFoundException',
  'ApplicationDoesNotExistException',
  'DeploymentGroupDoesNotExistException',
  'PipelineNotFoundException',
  'InvalidGroup.NotFound',
  'InvalidVpcID.NotFound',
  'InvalidSubnetID.NotFound',
  'ValidationError',
]);

/**
 * True when the error only says the resource does not exist. Discovery treats
 * that as an answer ("absent"), never as a failed read.
 *
 * CloudFormation answers a missing stack with `ValidationError` ("Stack with id
 * X does not exist"); handlers that call other APIs able to return a
 * ValidationError must not route them here.
 */
export function isNotFound(error: unknown): boolean {
  const code = errorCode(error);
  if (code === 'ValidationError') return /does not exist/i.test((error as AwsErrorShape).message ?? '');
  return NOT_FOUND_CODES.has(code) || /NotFound/.test(code);
}

/** Turns a failed read into the issue the snapshot reports. Messages carry no request data, so no secret can leak. */
export function readIssue(
  operation: string,
  error: unknown,
  about?: { type: ResourceType; physicalIds?: readonly string[] },
): ReadIssue {
  const message = ((error as AwsErrorShape)?.message ?? String(error)).split('\n')[0]!.slice(0, 500);
  return {
    operation,
    code: errorCode(error),
    message,
    ...(about ? { type: about.type } : {}),
    ...(about?.physicalIds ? { physicalIds: [...about.physicalIds] } : {}),
  };
}
