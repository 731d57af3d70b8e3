import nock from 'nock';

/**
 * Recorded HTTP for a CloudFormation stack in DELETE_FAILED, a state the
 * emulator never reaches (moto 5.2.1 deletes synchronously and never fails a
 * resource's deletion). Answers DescribeStacks, ListStackResources and
 * DeleteStack for that one stack, in the query protocol's XML, on the
 * emulator's endpoint; everything else reaches moto (`allowUnmocked`), so the
 * writer's check of whether a failed resource still exists reads moto.
 *
 * DeleteStack completes the deletion only when its RetainResources name every
 * resource that failed (as CloudFormation requires); otherwise the stack
 * stays DELETE_FAILED.
 */

export interface FailedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly reason: string;
}

export interface FailedStackRecording {
  /** RetainResources of every DeleteStack received. */
  readonly deletes: string[][];
  stop(): void;
}

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const XML = { 'content-type': 'text/xml' };
const meta = '<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>';
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function recordDeleteFailedStack(
  endpoint: string,
  stack: { readonly name: string; readonly stackId: string; readonly resources: readonly FailedResource[] },
): FailedStackRecording {
  let status = 'DELETE_FAILED';
  const deletes: string[][] = [];
  const ours = (body: Record<string, string>) => body.StackName === stack.name || body.StackName === stack.stackId;
  const scope = nock(endpoint, { allowUnmocked: true }).persist();
  const on = (action: string, answer: (body: Record<string, string>) => string) => {
    const interceptor = scope.post('/', (body: Record<string, string>) => body?.Action === action && ours(body));
    interceptor.reply(200, (_uri, body) => answer(Object.fromEntries(new URLSearchParams(String(body)))), XML);
    return interceptor;
  };
  const interceptors = [
    on(
      'DescribeStacks',
      () =>
        `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks><member><StackName>${stack.name}</StackName><StackId>${stack.stackId}</StackId><StackStatus>${status}</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult>${meta}</DescribeStacksResponse>`,
    ),
    on('ListStackResources', () => {
      const members = stack.resources
        .map(
          (resource) =>
            `<member><LogicalResourceId>${resource.logicalId}</LogicalResourceId><PhysicalResourceId>${escapeXml(resource.physicalId)}</PhysicalResourceId><ResourceType>${resource.type}</ResourceType><ResourceStatus>DELETE_FAILED</ResourceStatus><ResourceStatusReason>${escapeXml(resource.reason)}</ResourceStatusReason><LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp></member>`,
        )
        .join('');
      return `<ListStackResourcesResponse xmlns="${NS}"><ListStackResourcesResult><StackResourceSummaries>${members}</StackResourceSummaries></ListStackResourcesResult>${meta}</ListStackResourcesResponse>`;
    }),
    on('DeleteStack', (body) => {
      const retain = Object.entries(body)
        .filter(([key]) => key.startsWith('RetainResources.member.'))
        .map(([, value]) => value);
      deletes.push(retain);
      if (stack.resources.every((resource) => retain.includes(resource.logicalId))) status = 'DELETE_COMPLETE';
      return `<DeleteStackResponse xmlns="${NS}">${meta}</DeleteStackResponse>`;
    }),
  ];
  return {
    deletes,
    stop: () => {
      for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
    },
  };
}
