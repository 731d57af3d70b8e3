import nock from 'nock';

/**
 * Recorded HTTP for the CodeDeploy deletes the emulator lacks: moto 5.2.1 has
 * no DeleteDeploymentGroup and no DeleteApplication (it answers 500). The
 * recording answers both, in the service's JSON 1.1 wire format, on the
 * emulator's own endpoint, and remembers what it deleted: reads about those
 * names then answer as AWS would (ApplicationDoesNotExistException,
 * DeploymentGroupDoesNotExistException). Every other request, and every read
 * about names that were not deleted, reaches moto (`allowUnmocked`).
 *
 * Not covered: ListApplications still lists a deleted application (moto's
 * list cannot be filtered here); discovery then finds it missing on
 * BatchGetApplications, which is how AWS answers a name deleted in between.
 */

const TARGET_PREFIX = 'CodeDeploy_20141006';
const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.1' };

type Body = Record<string, unknown>;
type Reply = [number, object, Record<string, string>];

function error(type: string, message: string): Reply {
  return [400, { __type: type, message }, { ...JSON_HEADERS, 'x-amzn-errortype': type }];
}

const noApplication = (name: unknown) =>
  error('ApplicationDoesNotExistException', `No application found for name: ${String(name)}`);

export interface CodeDeployRecording {
  /** Applications and `application/group` ids deleted so far. */
  readonly deleted: { readonly applications: ReadonlySet<string>; readonly groups: ReadonlySet<string> };
  /** How many delete calls the recording answered. */
  readonly calls: { deleteApplication: number; deleteDeploymentGroup: number };
  stop(): void;
}

export function recordCodeDeployDeletes(endpoint: string): CodeDeployRecording {
  const applications = new Set<string>();
  const groups = new Set<string>();
  const calls = { deleteApplication: 0, deleteDeploymentGroup: 0 };
  const scope = nock(endpoint, { allowUnmocked: true }).persist();
  const on = (operation: string, when: (body: Body) => boolean, answer: (body: Body) => Reply) => {
    const interceptor = scope
      .post('/', (body: Body) => when(body ?? {}))
      .matchHeader('x-amz-target', `${TARGET_PREFIX}.${operation}`);
    interceptor.reply((_uri, body) => answer((typeof body === 'string' ? JSON.parse(body || '{}') : body) as Body));
    return interceptor;
  };
  const appGone = (body: Body) => applications.has(String(body.applicationName));
  const groupGone = (body: Body) =>
    appGone(body) || groups.has(`${String(body.applicationName)}/${String(body.deploymentGroupName)}`);

  const interceptors = [
    on(
      'DeleteDeploymentGroup',
      () => true,
      (body) => {
        calls.deleteDeploymentGroup += 1;
        groups.add(`${String(body.applicationName)}/${String(body.deploymentGroupName)}`);
        return [200, { hooksNotCleanedUp: [] }, JSON_HEADERS];
      },
    ),
    on(
      'DeleteApplication',
      () => true,
      (body) => {
        calls.deleteApplication += 1;
        applications.add(String(body.applicationName));
        return [200, {}, JSON_HEADERS];
      },
    ),
    on('GetApplication', appGone, (body) => noApplication(body.applicationName)),
    on(
      'BatchGetApplications',
      (body) => ((body.applicationNames ?? []) as string[]).some((name) => applications.has(name)),
      (body) => noApplication(((body.applicationNames ?? []) as string[]).find((name) => applications.has(name))),
    ),
    on('ListDeploymentGroups', appGone, (body) => noApplication(body.applicationName)),
    on('GetDeploymentGroup', groupGone, (body) =>
      appGone(body)
        ? noApplication(body.applicationName)
        : error(
            'DeploymentGroupDoesNotExistException',
            `No Deployment Group found for name: ${String(body.deploymentGroupName)}`,
          ),
    ),
  ];

  return {
    deleted: { applications, groups },
    calls,
    stop: () => {
      for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
    },
  };
}
