import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/doctor/report.js';
import type { RepoFiles } from '../../src/doctor/repo/repo-files.js';
import { readRepo } from '../../src/doctor/repo/read-repo.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { exampleSnapshot, onlyNew, problems, repoVariant, run, SOUND_REPO } from './support/doctor-fixtures.js';

// The repository checks, each on a broken copy of the sound example repository
// (a temporary directory): it must fire at the right file:line, and only it.

const SECRET = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:bash-dog/ecs-envars-SZkhsZ';

let snapshot: Snapshot;
let sound: RepoFiles;
let repoOnly: DoctorReport;
let withLive: DoctorReport;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  snapshot = await exampleSnapshot();
  sound = await readRepo(SOUND_REPO);
  repoOnly = run({ repo: sound });
  withLive = run({ snapshot, repo: sound });
});
afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

async function variant(edits: Parameters<typeof repoVariant>[0]): Promise<RepoFiles> {
  const made = await repoVariant(edits);
  cleanups.push(made.cleanup);
  return made.repo;
}

/** Replaces one exact piece of a file, failing loudly if it is not there. */
const swap = (from: string, to: string) => (text: string) => {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return text.replace(from, to);
};

describe('the sound repository', () => {
  it('passes every repository check, alone and against the live stack', () => {
    expect(problems(repoOnly)).toEqual([]);
    expect(repoOnly.exitCode).toBe(0);
    expect(problems(withLive)).toEqual([]);
    expect(withLive.exitCode).toBe(0);
    expect(withLive.checks.filter((c) => c.status === 'unknown')).toEqual([]);
  });
});

describe('RC001 magic file names', () => {
  it('names appspec.yml as a near miss of appspec.yaml, at the file', async () => {
    const repo = await variant({
      'appspec.yml': (await import('node:fs')).readFileSync(`${SOUND_REPO}/appspec.yaml`, 'utf8'),
      'appspec.yaml': null,
    });
    const [finding, ...rest] = onlyNew(run({ snapshot, repo }), withLive, 'RC001');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', location: { kind: 'file', path: 'appspec.yml', line: 1 } });
    expect(finding!.fix.command).toBe('git mv appspec.yml appspec.yaml');
  });

  it('warns about a near miss beside the right file, and errs on a missing file', async () => {
    const repo = await variant({ 'AppSpec.yaml': 'version: 0.0\n', 'buildspec.yml': null });
    const found = onlyNew(run({ repo }), repoOnly, 'RC001');
    expect(found.map((f) => [f.severity, f.location])).toEqual([
      ['error', { kind: 'file', path: 'buildspec.yml' }],
      ['warning', { kind: 'file', path: 'AppSpec.yaml', line: 1 }],
    ]);
  });
});

describe('RC002 build artifact', () => {
  it('fires when the buildspec leaves appspec.yaml out of the artifact', async () => {
    const repo = await variant({ 'buildspec.yml': swap('    - appspec.yaml\n', '') });
    const [finding] = onlyNew(run({ repo }), repoOnly, 'RC002');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'buildspec.yml', line: 28 } });
    expect(finding!.what).toContain('appspec.yaml');
  });
});

describe('RC003 taskdef.json', () => {
  it('reports invalid JSON at its line and column', async () => {
    const repo = await variant({ 'taskdef.json': swap('"memory": "1024",', '"memory": "1024",,') });
    const [finding] = onlyNew(run({ snapshot, repo }), withLive, 'RC003');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'taskdef.json', line: 6 } });
    expect(finding!.what).toContain('not valid JSON');
  });

  it('warns when containers differ from the live task definition', async () => {
    const repo = await variant({ 'taskdef.json': swap('"name": "bash-dog-sidecar"', '"name": "bash-dog-logger"') });
    const found = onlyNew(run({ snapshot, repo }), withLive, 'RC003');
    expect(found.map((f) => [f.severity, f.location.kind === 'file' ? f.location.line : 0])).toEqual([
      ['warning', 10],
      ['warning', 41],
    ]);
    expect(found.map((f) => f.what).join('\n')).toMatch(
      /bash-dog-sidecar.*missing[\s\S]*bash-dog-logger.*not in the live/,
    );
  });

  it("errs on a role of another account (the guide example's placeholder)", async () => {
    const repo = await variant({
      'taskdef.json': swap(
        'arn:aws:iam::123456789012:role/bashDogExecutionRoleForECS',
        'arn:aws:iam::210987654321:role/ecsTaskExecutionRole',
      ),
    });
    const [finding] = onlyNew(run({ snapshot, repo }), withLive, 'RC003');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'taskdef.json', line: 8 } });
  });
});

describe('RC004 appspec load balancer', () => {
  it('errs when appspec names a port the container does not map and the service does not use', async () => {
    const repo = await variant({ 'appspec.yaml': swap('ContainerPort: 80', 'ContainerPort: 8080') });
    const found = onlyNew(run({ snapshot, repo }), withLive, 'RC004');
    expect(found).toHaveLength(2);
    for (const finding of found) expect(finding.location).toMatchObject({ path: 'appspec.yaml', line: 9 });
  });

  it('errs when TaskDefinition is not the <TASK_DEFINITION> placeholder', async () => {
    const repo = await variant({
      'appspec.yaml': swap('<TASK_DEFINITION>', 'arn:aws:ecs:us-east-2:123456789012:task-definition/bash-dog:1'),
    });
    const [finding] = onlyNew(run({ repo }), repoOnly, 'RC004');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'appspec.yaml', line: 6 } });
  });
});

describe('RC005 Dockerfile stages', () => {
  it('errs at the buildspec line that targets a stage the Dockerfile lacks', async () => {
    const repo = await variant({ Dockerfile: swap('FROM base AS sidecar', 'FROM base AS logger') });
    const [finding, ...rest] = onlyNew(run({ repo }), repoOnly, 'RC005');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'buildspec.yml', line: 19 } });
    expect(finding!.what).toContain('"sidecar"');
  });

  it('warns once about docker build without --target', async () => {
    const repo = await variant({ 'buildspec.yml': swap('docker build --target $svc ', 'docker build ') });
    const found = onlyNew(run({ repo }), repoOnly, 'RC005');
    expect(found.filter((f) => f.severity === 'warning').map((f) => f.location)).toEqual([
      { kind: 'file', path: 'buildspec.yml', line: 19 },
    ]);
    // …and each image's stage is then never built.
    expect(found.filter((f) => f.severity === 'error')).toHaveLength(3);
  });

  it('errs at the image line of a container no stage is named after', async () => {
    const repo = await variant({
      'taskdef.json': swap(
        '"image": "123456789012.dkr.ecr.us-east-2.amazonaws.com/bash-dog-sidecar:latest"',
        '"image": "123456789012.dkr.ecr.us-east-2.amazonaws.com/bash-dog-worker:latest"',
      ),
    });
    const [finding] = onlyNew(run({ repo }), repoOnly, 'RC005');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'taskdef.json', line: 42 } });
  });
});

describe('RC006 container ports', () => {
  it('errs when two containers of taskdef.json listen on one port', async () => {
    const repo = await variant({
      'taskdef.json': swap(
        '{ "containerPort": 9000, "hostPort": 9000, "protocol": "tcp" }',
        '{ "containerPort": 8000, "hostPort": 8000, "protocol": "tcp" }',
      ),
    });
    const [finding] = onlyNew(run({ repo }), repoOnly, 'RC006');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'taskdef.json', line: 44 } });
  });

  it('errs on a hostPort that differs from the containerPort', async () => {
    const repo = await variant({
      'taskdef.json': swap('"containerPort": 9000, "hostPort": 9000', '"containerPort": 9000, "hostPort": 19000'),
    });
    const [finding] = onlyNew(run({ repo }), repoOnly, 'RC006');
    expect(finding!.what).toContain('hostPort 19000');
  });

  it('errs when docker-compose runs two services on one container port', async () => {
    const repo = await variant({ 'docker-compose.yml': swap('"9000:9000"', '"9000:8000"') });
    const [finding] = onlyNew(run({ repo }), repoOnly, 'RC006');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'docker-compose.yml', line: 12 } });
  });

  it('leaves compose services alone that are not containers of the task', async () => {
    const repo = await variant({
      'docker-compose.yml': (text) => `${text}  adminer:\n    image: adminer\n    ports:\n      - "8081:8000"\n`,
    });
    expect(run({ repo }).findings.filter((f) => f.code === 'RC006')).toEqual([]);
  });
});

describe('RC007 localhost, not container names', () => {
  it('errs on an environment value that reaches a container by name', async () => {
    const repo = await variant({
      'taskdef.json': swap(
        '{ "name": "API_HOST", "value": "localhost" },\n        { "name": "API_PORT"',
        '{ "name": "API_HOST", "value": "bash-dog-api" },\n        { "name": "API_PORT"',
      ),
    });
    const [finding] = onlyNew(run({ repo }), repoOnly, 'RC007');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'taskdef.json', line: 17 } });
    expect(finding!.fix.value).toBe('localhost');
  });

  it('errs on an nginx upstream that names a compose service, and on a URL to one', async () => {
    const repo = await variant({
      'nginx/default.conf.template': swap('proxy_pass http://${API_HOST}:${API_PORT};', 'proxy_pass http://api:8000;'),
      'taskdef.json': swap(
        '"environment": [{ "name": "API_HOST", "value": "localhost" }],\n      "secrets"',
        '"environment": [{ "name": "DATABASE_URL", "value": "postgres://app@db:5432/app" }],\n      "secrets"',
      ),
    });
    const found = onlyNew(run({ repo }), repoOnly, 'RC007');
    expect(found.map((f) => f.location)).toMatchObject([
      { kind: 'file', path: 'nginx/default.conf.template', line: 6, column: 20 },
      { kind: 'file', path: 'taskdef.json', line: 30 },
    ]);
  });

  it('leaves values alone that only look like names', async () => {
    const repo = await variant({
      'taskdef.json': swap(
        '"environment": [{ "name": "API_HOST", "value": "localhost" }],\n      "secrets"',
        '"environment": [{ "name": "SERVICE", "value": "api" }, { "name": "DOCS", "value": "https://example.com/api" }],\n      "secrets"',
      ),
    });
    expect(run({ repo }).findings.filter((f) => f.code === 'RC007')).toEqual([]);
  });
});

describe('RC008 secret references', () => {
  it('errs on a valueFrom without :KEY::, and on one without the random suffix', async () => {
    const repo = await variant({
      'taskdef.json': (text) => {
        const whole = text.replace(`${SECRET}:API_TOKEN::`, SECRET);
        const last = whole.lastIndexOf(`${SECRET}:DB_PASSWORD::`);
        return `${whole.slice(0, last)}${SECRET.replace('-SZkhsZ', '')}${whole.slice(last + SECRET.length)}`;
      },
    });
    const found = onlyNew(run({ snapshot, repo }), withLive, 'RC008');
    expect(
      found.map((f) => [f.location.kind === 'file' && f.location.line, f.what.includes('random suffix'), f.fix.value]),
    ).toEqual([
      [33, false, `${SECRET}:API_TOKEN::`],
      [47, true, `${SECRET}:DB_PASSWORD::`],
    ]);
  });

  it('errs on a key the secret does not have (keys compared, never values)', async () => {
    const repo = await variant({ 'taskdef.json': swap(`${SECRET}:API_TOKEN::`, `${SECRET}:STRIPE_KEY::`) });
    const [finding] = onlyNew(run({ snapshot, repo }), withLive, 'RC008');
    expect(finding).toMatchObject({ severity: 'error', location: { path: 'taskdef.json', line: 33 } });
    expect(finding!.what).toContain('keys: API_TOKEN, DB_PASSWORD');
  });

  it('is unknown, not wrong, about a secret the saved snapshot does not hold', async () => {
    const repo = await variant({
      'taskdef.json': swap(
        `${SECRET}:API_TOKEN::`,
        `${SECRET.replace('ecs-envars-SZkhsZ', 'other-AbCdEf')}:API_TOKEN::`,
      ),
    });
    const report = run({ snapshot, repo });
    expect(report.findings.filter((f) => f.code === 'RC008')).toEqual([]);
    expect(report.checks.find((c) => c.code === 'RC008')).toMatchObject({ status: 'unknown' });
    expect(report.exitCode).toBe(1);
  });
});
