/**
 * Compatibility with AWS emulators, applied only when a custom endpoint is set.
 *
 * moto answers some JSON-protocol operations (CodePipeline GetPipeline and
 * ListPipelines, CodeDeploy BatchGetApplications) with ISO-8601 timestamp
 * strings where AWS sends epoch seconds, and the SDK's strict parser then
 * fails the whole call. Rewriting those strings to epoch seconds before
 * deserialization lets the same code read both.
 */
const ISO_TIMESTAMP_VALUE = /(":\s*)"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))"/g;

/** Services whose emulated responses need the rewrite. */
export const ISO_TIMESTAMP_SERVICES: ReadonlySet<string> = new Set(['codepipeline', 'codedeploy']);

type Next = (args: unknown) => Promise<{ response: unknown }>;

export function addIsoTimestampTolerance(client: { middlewareStack: unknown }): void {
  const stack = client.middlewareStack as {
    add(middleware: (next: Next) => Next, options: object): void;
  };
  stack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { body?: AsyncIterable<Uint8Array> | Uint8Array };
      if (response.body && Symbol.asyncIterator in response.body) {
        const chunks: Buffer[] = [];
        for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
        const text = Buffer.concat(chunks).toString('utf8');
        response.body = Buffer.from(
          text.replace(ISO_TIMESTAMP_VALUE, (_, prefix: string, iso: string) => `${prefix}${Date.parse(iso) / 1000}`),
        );
      }
      return result;
    },
    { step: 'deserialize', name: 'reclaimIsoTimestampTolerance', priority: 'low' },
  );
}
