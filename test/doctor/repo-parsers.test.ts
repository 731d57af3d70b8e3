import { describe, expect, it } from 'vitest';
import { hostOfValue } from '../../src/doctor/checks/rc007-localhost.js';
import { parseSecretReference } from '../../src/doctor/checks/rc008-secret-references.js';
import { covers } from '../../src/doctor/checks/rc021-certificate.js';
import { decide, trusts } from '../../src/doctor/live/iam-policy.js';
import { dockerBuildsOf } from '../../src/doctor/repo/buildspec.js';
import { composeServicesOf } from '../../src/doctor/repo/compose.js';
import { parseDockerfile } from '../../src/doctor/repo/dockerfile.js';
import { nearMissOf } from '../../src/doctor/repo/magic-files.js';
import { parseNginxConf } from '../../src/doctor/repo/nginx-conf.js';
import { parseJson, parseYaml, type Parsed } from '../../src/doctor/repo/positions.js';

const parsed = (result: ReturnType<typeof parseYaml>): Parsed => {
  if (!result.ok) throw new Error(result.message);
  return result;
};

describe('positions', () => {
  it('finds the line and column of a JSON value and of its key', () => {
    const json = parsed(parseJson('{\n  "a": [1, {"b": "x"}],\n  "c": 2\n}'));
    expect(json.positionOf(['a', 1, 'b'])).toEqual({ line: 2, column: 18 });
    expect(json.positionOf(['c'], { key: true })).toEqual({ line: 3, column: 3 });
    expect(json.positionOf(['nope'])).toBeUndefined();
  });

  it('rejects what JSON.parse rejects (YAML would take a trailing comma), at the right place, without quoting the file', () => {
    const failure = parseJson('{\n  "password": "hunter2",\n}');
    expect(failure).toMatchObject({ ok: false, position: { line: 3, column: 1 } });
    expect(JSON.stringify(failure)).not.toContain('hunter2');
  });

  it('reports a YAML syntax error with its line', () => {
    expect(parseYaml('a: 1\nb: [x,\n')).toMatchObject({ ok: false, position: { line: 3 } });
  });
});

describe('near misses of the magic files', () => {
  it.each([
    ['appspec.yml', 'appspec.yaml'],
    ['AppSpec.yaml', 'appspec.yaml'],
    ['appsec.yml', 'appspec.yaml'],
    ['appspec.json', 'appspec.yaml'],
    ['deploy/appspec.yaml', 'appspec.yaml'],
    ['buildspec.yaml', 'buildspec.yml'],
    ['BuildSpec.yml', 'buildspec.yml'],
    ['taskdef.yaml', 'taskdef.json'],
    ['task-definition.json', 'taskdef.json'],
    ['ecs/taskdef.json', 'taskdef.json'],
  ])('%s is a near miss of %s', (path, magic) => {
    expect(nearMissOf(path)).toBe(magic);
  });

  it.each([
    'appspec.yaml',
    'buildspec.yml',
    'taskdef.json',
    'package.json',
    'app.yaml',
    'docker-compose.yml',
    'spec.yaml',
  ])('%s is not a near miss', (path) => expect(nearMissOf(path)).toBeUndefined());
});

describe('Dockerfile', () => {
  it('reads stages (case-insensitively named), continuation lines and copies with their lines', () => {
    const info = parseDockerfile(
      'Dockerfile',
      '# syntax=docker/dockerfile:1\nFROM python:3.12 AS Base\nRUN apt-get update && \\\n    apt-get install -y curl\nFROM base as api\nCOPY --chown=app api/ /app/\nFROM nginx:1.27 AS nginx\nCOPY --from=api /app/static /usr/share/nginx/html\nCOPY ["nginx/nginx.conf", "/etc/nginx/conf.d/default.conf"]\n',
    );
    expect(info.stages.map((s) => [s.name, s.line])).toEqual([
      ['base', 2],
      ['api', 5],
      ['nginx', 7],
    ]);
    expect(info.copies.map((c) => [c.stage, c.sources, c.destination, c.from, c.line])).toEqual([
      [1, ['api/'], '/app/', undefined, 6],
      [2, ['/app/static'], '/usr/share/nginx/html', 'api', 8],
      [2, ['nginx/nginx.conf'], '/etc/nginx/conf.d/default.conf', undefined, 9],
    ]);
  });
});

describe('nginx.conf', () => {
  it('reads upstream servers, *_pass targets and server names with lines, ignoring comments', () => {
    const conf = parseNginxConf(
      'nginx.conf',
      'upstream app {\n  server api:8000 weight=2;\n  # server old:1;\n}\nserver {\n  server_name example.com "www.example.com";\n  location / { proxy_pass http://app; }\n  location /s { proxy_pass http://localhost:9000/x; }\n  location /u { uwsgi_pass unix:/tmp/u.sock; }\n}\n',
    );
    expect(conf.upstreams).toEqual(['app']);
    expect(conf.targets.map((t) => [t.directive, t.host, t.port, t.line])).toEqual([
      ['server', 'api', 8000, 2],
      ['proxy_pass', 'app', undefined, 7],
      ['proxy_pass', 'localhost', 9000, 8],
    ]);
    expect(conf.serverNames).toEqual([
      { name: 'example.com', line: 6 },
      { name: 'www.example.com', line: 6 },
    ]);
  });
});

describe('buildspec', () => {
  it('resolves --target through env variables and for loops, and says which it cannot', () => {
    const spec = parsed(
      parseYaml(
        [
          'version: 0.2',
          'env:',
          '  variables:',
          '    WEB: nginx',
          'phases:',
          '  build:',
          '    commands:',
          '      - docker build --target api -t r/api:1 .',
          '      - docker build --target=$WEB -t r/web .',
          '      - for s in a b; do docker build --target $s .; done',
          '      - docker build --target $UNKNOWN .',
          '      - docker build -t r/last .',
          '',
        ].join('\n'),
      ),
    );
    expect(dockerBuildsOf(spec).map((b) => [b.line, b.target ?? b.unresolvedTarget ?? null, b.tags])).toEqual([
      [8, 'api', ['r/api:1']],
      [9, 'nginx', ['r/web']],
      [10, 'a', []],
      [10, 'b', []],
      [11, '$UNKNOWN', []],
      [12, null, ['r/last']],
    ]);
  });
});

describe('docker-compose', () => {
  it("reads each service's container ports, in every notation", () => {
    const compose = parsed(
      parseYaml(
        'services:\n  api:\n    ports: ["8000:8000"]\n  web:\n    container_name: web1\n    ports:\n      - "127.0.0.1:8080:80/tcp"\n      - target: 443\n    expose: ["80"]\n',
      ),
    );
    expect(composeServicesOf(compose).map((s) => [s.name, s.aliases, s.containerPorts.map((p) => p.port)])).toEqual([
      ['api', [], [8000]],
      ['web', ['web1'], [80, 443]],
    ]);
  });
});

describe('small judgements', () => {
  it('finds the host a value points at', () => {
    expect(hostOfValue('X', 'http://bash-dog-api:8000/v1')).toBe('bash-dog-api');
    expect(hostOfValue('X', 'postgres://u:p@db:5432/app')).toBe('db');
    expect(hostOfValue('X', 'api:8000')).toBe('api');
    expect(hostOfValue('API_HOST', 'api')).toBe('api');
    expect(hostOfValue('SERVICE', 'api')).toBeUndefined();
    expect(hostOfValue('DOCS', 'https://example.com/api')).toBe('example.com');
  });

  it('takes secret references apart', () => {
    const arn = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:bash-dog/ecs-envars-AbC123';
    expect(parseSecretReference(`${arn}:KEY::`)).toMatchObject({
      secretId: arn,
      isArn: true,
      hasSuffix: true,
      rest: ['KEY', '', ''],
    });
    expect(parseSecretReference(arn)).toMatchObject({ rest: [] });
    expect(parseSecretReference('arn:aws:ssm:us-east-2:123456789012:parameter/x')).toBeUndefined();
    expect(parseSecretReference('bash-dog/ecs-envars')).toMatchObject({ isArn: false });
  });

  it('matches certificate names: a wildcard covers one level', () => {
    expect(covers('*.example.com', 'bash-dog.example.com')).toBe(true);
    expect(covers('*.example.com', 'api.bash-dog.example.com')).toBe(false);
    expect(covers('*.example.com', 'example.com')).toBe(false);
    expect(covers('example.com', 'EXAMPLE.com')).toBe(true);
  });

  it('evaluates policies: wildcards, NotAction and explicit deny; trust by service', () => {
    const docs = [
      { Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] },
      { Statement: { Effect: 'Deny', Action: 'ecr:PutImage', Resource: 'arn:aws:ecr:*:*:repository/locked' } },
      { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b/*' }] },
    ];
    expect(decide(docs, 'ECR:PutImage', 'arn:aws:ecr:us-east-2:1:repository/open')).toBe('allow');
    expect(decide(docs, 'ecr:PutImage', 'arn:aws:ecr:us-east-2:1:repository/locked')).toBe('deny');
    expect(decide(docs, 's3:PutObject', 'arn:aws:s3:::b/k')).toBe('allow');
    expect(decide(docs, 'iam:PassRole', 'arn:aws:s3:::b/k')).toBe('none');
    const trust = {
      Statement: [{ Effect: 'Allow', Principal: { Service: ['ecs-tasks.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
    };
    expect(trusts(trust, 'ecs-tasks.amazonaws.com')).toBe(true);
    expect(trusts(trust, 'codedeploy.amazonaws.com')).toBe(false);
  });
});
