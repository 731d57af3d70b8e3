import nock from 'nock';

/**
 * Recorded HTTP for the Cloud Control API, which the emulator lacks entirely
 * (moto 5.2.1 answers `CloudApiService.GetResource` with a 500 HTML page).
 * Answers GetResource on the emulator's own endpoint, in the service's JSON
 * 1.0 wire format, from a table of identifier → answer; every other request
 * reaches moto (`allowUnmocked`).
 *
 * Shapes from the Cloud Control API reference:
 * https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/API_GetResource.html
 * (response: `TypeName`, `ResourceDescription` with `Identifier` and
 * `Properties`, a JSON string) and
 * https://docs.aws.amazon.com/cloudcontrolapi/latest/APIReference/CommonErrors.html
 * (`ResourceNotFoundException`, `AccessDeniedException`, `TypeNotFoundException`,
 * HTTP 400 / 403 with `__type` and `Message`).
 */

export type CloudControlAnswer = 'found' | 'not-found' | 'denied' | 'type-not-found';

export interface CloudControlRecording {
  /** `TypeName Identifier` of every GetResource answered. */
  readonly reads: string[];
  stop(): void;
}

const HEADERS = { 'content-type': 'application/x-amz-json-1.0' };

function errorReply(status: number, type: string, message: string): [number, object, Record<string, string>] {
  return [status, { __type: type, Message: message }, { ...HEADERS, 'x-amzn-errortype': type }];
}

export function recordCloudControl(
  endpoint: string,
  answers: ReadonlyMap<string, CloudControlAnswer>,
): CloudControlRecording {
  const reads: string[] = [];
  const interceptor = nock(endpoint, { allowUnmocked: true })
    .persist()
    .post('/')
    .matchHeader('x-amz-target', 'CloudApiService.GetResource');
  interceptor.reply((_uri, raw) => {
    const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { TypeName: string; Identifier: string };
    reads.push(`${body.TypeName} ${body.Identifier}`);
    switch (answers.get(body.Identifier) ?? 'not-found') {
      case 'found':
        return [
          200,
          {
            TypeName: body.TypeName,
            ResourceDescription: { Identifier: body.Identifier, Properties: JSON.stringify({ Id: body.Identifier }) },
          },
          HEADERS,
        ];
      case 'denied':
        return errorReply(403, 'AccessDeniedException', 'User is not authorized to perform cloudformation:GetResource');
      case 'type-not-found':
        return errorReply(400, 'TypeNotFoundException', `The type ${body.TypeName} cannot be found.`);
      case 'not-found':
        return errorReply(
          400,
          'ResourceNotFoundException',
          `Resource of type '${body.TypeName}' with identifier '${body.Identifier}' was not found.`,
        );
    }
  });
  return { reads, stop: () => nock.removeInterceptor(interceptor) };
}
