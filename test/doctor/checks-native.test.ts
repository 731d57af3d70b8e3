import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { NO_FACTS, type LiveFacts } from '../../src/doctor/live/live-facts.js';
import { ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS } from '../../src/doctor/live/native-blue-green.js';
import type { DoctorReport } from '../../src/doctor/report.js';
import type { Resource } from '../../src/model/resource.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startEcsNativeProxy, type EcsNativeProxy } from '../support/ecs-native-proxy.js';
import { startMoto, type Moto } from '../support/moto.js';
import { buildConsoleStack, type ScenarioFacts } from '../support/scenario.js';
import { readRepo } from '../../src/doctor/repo/read-repo.js';
import { onlyNew, run, SOUND_REPO } from './support/doctor-fixtures.js';

// The ECS-native checks (RC026–RC030) on a native blue/green stack built in moto through the proxy that keeps
// the deployment fields moto drops (test/support/ecs-native-proxy.ts), then on copies broken one way each:
// the snapshot is data, so each variant is an edit, not a rebuild.

// Tests reach deep into snapshot data to break it; `any` keeps those edits short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Deep = Record<string, any>;

let moto: Moto;
let proxy: EcsNativeProxy;
let facts: ScenarioFacts;
let base: Snapshot;
let baseline: DoctorReport;
let stopRecording: () => unknown;

const NATIVE_CODES = ['RC026', 'RC027', 'RC028', 'RC029', 'RC030'];

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startEcsNativeProxy(moto.endpoint);
  const clients = moto.clients(undefined, { endpoint: proxy.endpoint });
  facts = await buildConsoleStack(clients, { name: 'bash-dog', withDebris: false, controller: 'ECS' });
  stopRecording = recordCodeStarConnections(proxy.endpoint, [facts.connection!]);
  base = await discover(clients, { stack: 'bash-dog' });
  baseline = run({ snapshot: base });
}, 90_000);

afterAll(async () => {
  await stopRecording?.();
  await proxy?.stop();
  await moto?.stop();
});

function variant(edit: (find: (type: string, physicalId?: string) => Resource & { properties: Deep }) => void) {
  const copy = structuredClone(base);
  edit((type, physicalId) => {
    const found = copy.resources.find(
      (resource) => resource.type === type && (physicalId === undefined || resource.physicalId === physicalId),
    );
    if (!found) throw new Error(`no ${type} ${physicalId ?? ''} in the snapshot`);
    return found as Resource & { properties: Deep };
  });
  return copy;
}
const service = (find: Parameters<Parameters<typeof variant>[0]>[0]) => find('AWS::ECS::Service');

describe('the sound native stack', () => {
  it('passes every native check', () => {
    expect(baseline.findings.filter((finding) => NATIVE_CODES.includes(finding.code))).toEqual([]);
    expect(
      baseline.checks.filter((check) => NATIVE_CODES.includes(check.code)).map((check) => [check.code, check.status]),
    ).toEqual([
      ['RC026', 'pass'],
      ['RC027', 'pass'],
      ['RC028', 'skipped'],
      ['RC029', 'pass'],
      ['RC030', 'pass'],
    ]);
  });
});

describe('RC026 native listener rules', () => {
  it('errs when the production rule forwards to the live target group only', () => {
    const s = variant((find) => {
      const rule = find('AWS::ElasticLoadBalancingV2::ListenerRule', facts.names.native!.productionRuleArn);
      rule.properties.Actions[0].ForwardConfig.TargetGroups.pop();
    });
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC026');
    expect(finding).toMatchObject({ severity: 'error', location: { property: 'Actions' } });
    expect(finding!.what).toContain(facts.names.greenTargetGroupArn);
    expect(finding!.fix.reclaim?.path).toBe('Actions');
  });

  it('errs when the test rule forwards to one target group', () => {
    const s = variant((find) => {
      const rule = find('AWS::ElasticLoadBalancingV2::ListenerRule', facts.names.native!.testRuleArn);
      rule.properties.Actions = [{ Type: 'forward', TargetGroupArn: facts.names.blueTargetGroupArn }];
    });
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC026');
    expect(finding!.what).toContain('test listener rule');
  });

  it('errs when the service names no alternate target group', () => {
    const s = variant((find) => delete service(find).properties.LoadBalancers[0].AdvancedConfiguration);
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC026');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { property: 'LoadBalancers.0.AdvancedConfiguration' },
    });
  });
});

describe('RC027 infrastructure role', () => {
  const role = (find: Parameters<Parameters<typeof variant>[0]>[0]) =>
    find('AWS::IAM::Role', facts.names.native!.infrastructureRole);

  it('errs when the role trusts ecs-tasks instead of ecs', () => {
    const s = variant((find) => {
      role(find).properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'ecs-tasks.amazonaws.com';
    });
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC027');
    expect(finding).toMatchObject({ severity: 'error', location: { property: 'AssumeRolePolicyDocument' } });
  });

  it('errs when the load balancer policy is missing', () => {
    const s = variant((find) => (role(find).properties.ManagedPolicyArns = []));
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC027');
    expect(finding!.fix.reclaim).toMatchObject({
      path: 'ManagedPolicyArns.0',
      value: 'arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers',
    });
  });
});

describe('RC028 lifecycle hooks', () => {
  const hookFunction = 'arn:aws:lambda:us-east-2:123456789012:function:bash-dog-smoke-test';

  it('is silent when the hook role may invoke the function', () => {
    const allowed = [
      {
        PolicyName: 'invoke-hooks',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: hookFunction }],
        },
      },
    ];
    const s = hookVariant(allowed);
    expect(run({ snapshot: s }).findings.filter((finding) => finding.code === 'RC028')).toEqual([]);
  });

  it('errs when the hook role may not invoke the function', () => {
    // The infrastructure role's managed policy, as IAM serves it: load balancer actions only.
    const facts: LiveFacts = {
      ...NO_FACTS,
      managedPolicies: new Map([
        [
          ECS_INFRASTRUCTURE_FOR_LOAD_BALANCERS,
          {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['elasticloadbalancing:ModifyRule'], Resource: '*' }],
          },
        ],
      ]),
    };
    const s = hookVariant([]);
    const [finding] = onlyNew(run({ snapshot: s, facts }), baseline, 'RC028');
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding!.what).toContain('lambda:InvokeFunction');
  });
});

/** A copy whose service has one lifecycle hook using the infrastructure role, with `policies` inline. */
function hookVariant(policies: Deep[]): Snapshot {
  const hookFunction = 'arn:aws:lambda:us-east-2:123456789012:function:bash-dog-smoke-test';
  const copy = structuredClone(base);
  const svc = copy.resources.find((resource) => resource.type === 'AWS::ECS::Service')! as Resource & {
    properties: Deep;
  };
  const role = copy.resources.find(
    (resource) => resource.type === 'AWS::IAM::Role' && resource.physicalId === facts.names.native!.infrastructureRole,
  )! as Resource & { properties: Deep };
  svc.properties.DeploymentConfiguration.LifecycleHooks = [
    { HookTargetArn: hookFunction, RoleArn: role.physicalId, LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] },
  ];
  role.properties.Policies = policies;
  (copy.edges as unknown as Deep[]).push({
    from: svc.id,
    to: role.id,
    via: 'DeploymentConfiguration.LifecycleHooks.0.RoleArn',
  });
  return copy;
}

describe('RC029 bake time', () => {
  it('warns without a bake time, with the reclaim.yaml fix', () => {
    const s = variant((find) => delete service(find).properties.DeploymentConfiguration.BakeTimeInMinutes);
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC029');
    expect(finding).toMatchObject({ severity: 'warning' });
    expect(finding!.fix.reclaim).toMatchObject({ path: 'DeploymentConfiguration.BakeTimeInMinutes', value: 5 });
  });
});

describe('RC030 leftover CodeDeploy group', () => {
  it('warns about a deployment group that still names the service', () => {
    const copy = structuredClone(base);
    const svc = copy.resources.find((resource) => resource.type === 'AWS::ECS::Service')!;
    (copy.resources as unknown as Deep[]).push({
      id: 'LeftoverDeploymentGroup',
      type: 'AWS::CodeDeploy::DeploymentGroup',
      physicalId: 'AppECS-bash-dog-bash-dog/DgpECS-bash-dog-bash-dog',
      properties: { ECSServices: [{ ClusterName: 'bash-dog', ServiceName: 'bash-dog' }] },
      attributes: {},
      tags: {},
      orphan: false,
      status: 'live',
    });
    (copy.edges as unknown as Deep[]).push({ from: 'LeftoverDeploymentGroup', to: svc.id, via: 'ECSServices.0' });
    const found = onlyNew(run({ snapshot: copy }), baseline, 'RC030');
    expect(
      found.map((finding) => [finding.severity, finding.location.kind === 'resource' && finding.location.logicalId]),
    ).toEqual([['warning', 'LeftoverDeploymentGroup']]);
  });
});

describe('the guide checks on the native stack', () => {
  it('take native blue/green for blue/green: no error, and RC015 does not ask for CODE_DEPLOY', () => {
    expect(baseline.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.what}`)).toEqual([]);
  });
});

describe("RC002 on a native stack with the guide's repository", () => {
  it('asks the buildspec for imagedefinitions.json instead of taskdef.json and appspec.yaml', async () => {
    const report = run({ snapshot: base, repo: await readRepo(SOUND_REPO) });
    const found = report.findings.filter((finding) => finding.code === 'RC002');
    expect(found.map((finding) => [finding.severity, finding.location.kind])).toEqual([['error', 'file']]);
    expect(found[0]!.what).toContain('imagedefinitions.json');
    expect(found[0]!.fix.value).toEqual({ files: ['imagedefinitions.json'] });
    expect(found[0]!.fix.text).toContain('"name":"bash-dog-nginx"');
    expect(found[0]!.fix.text).toContain('instead of taskdef.json and appspec.yaml');
  });
});
