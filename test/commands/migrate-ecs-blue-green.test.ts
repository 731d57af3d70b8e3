import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import Apply from '../../src/commands/apply.js';
import Cleanup from '../../src/commands/cleanup.js';
import Drift from '../../src/commands/drift.js';
import Import from '../../src/commands/import.js';
import MigrateEcsBlueGreen from '../../src/commands/migrate/ecs-blue-green.js';
import Plan from '../../src/commands/plan.js';
import type { DriftReport } from '../../src/model/drift.js';
import type { Plan as PlanData, UpdateChange } from '../../src/model/plan.js';
import type { DestroyReport } from '../../src/reconcile/destroy.js';
import { recordCodeDeployDeletes, type CodeDeployRecording } from '../reconcile/support/codedeploy-recorded.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startEcsNativeProxy, type EcsNativeProxy } from '../support/ecs-native-proxy.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, TEST_REGION, type Moto } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { buildConsoleStack, type ScenarioFacts } from '../support/scenario.js';

// The guide's CodeDeploy blue/green stack, moved to ECS-native blue/green with
// `reclaim migrate ecs-blue-green`, `plan`, `apply` and `cleanup`, as a user would.
// Every AWS call goes through test/support/ecs-native-proxy.ts (moto drops the native
// deployment fields and keeps a service's first controller); moto serves the
// listener rules. Recorded HTTP: CodeStar Connections (moto lacks it) and CodeDeploy's
// deletes (moto 5.2.1 answers 500). A fault proxy in front refuses UpdateService
// for the run that stops half way.
let moto: Moto;
let proxy: EcsNativeProxy;
let refusing: FaultProxy;
let clients: AwsClients;
let facts: ScenarioFacts;
let codeDeploy: CodeDeployRecording;
let out: string;
/** The desired state from before the migration, as a user keeps it to go back to. */
let before: string;
const stopRecordings: Array<() => unknown> = [];

const aws = (endpoint = proxy.endpoint) => ['--region', TEST_REGION, '--endpoint-url', endpoint];

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startEcsNativeProxy(moto.endpoint);
  refusing = await startFaultProxy(proxy.endpoint, { denyOperations: [/\.UpdateService$/] });
  clients = moto.clients(undefined, { endpoint: proxy.endpoint });
  facts = await buildConsoleStack(clients, { name: 'bash-dog', withDebris: false });
  for (const endpoint of [proxy.endpoint, refusing.endpoint]) {
    stopRecordings.push(recordCodeStarConnections(endpoint, [facts.connection!]));
  }
  codeDeploy = recordCodeDeployDeletes(proxy.endpoint);
  const folder = await mkdtemp(join(tmpdir(), 'reclaim-migrate-'));
  out = join(folder, 'reclaim.migrated.yaml');
  before = join(folder, 'reclaim.yaml');
}, 90_000);

afterAll(async () => {
  for (const stop of stopRecordings) await stop();
  await refusing?.stop();
  await proxy?.stop();
  await moto?.stop();
});

const service = async () =>
  (
    await clients.ecs.send(
      new DescribeServicesCommand({ cluster: facts.names.cluster, services: [facts.names.service] }),
    )
  ).services![0]!;
const nonDefaultRules = async () =>
  ((await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: facts.names.listenerArn }))).Rules ?? []).filter(
    (rule) => !rule.IsDefault,
  );

describe('reclaim migrate ecs-blue-green on the guide’s CodeDeploy stack', () => {
  it('writes the migrated desired state and says what apply will do, in AWS’s order, changing nothing', async () => {
    expect((await runCommand(Import, ['--stack', 'bash-dog', '--out', before, ...aws()])).exitCode).toBe(0);
    const result = await runCommand(MigrateEcsBlueGreen, ['--stack', 'bash-dog', '--out', out, ...aws()]);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.exitCode).toBe(0);
    const steps = result.stdout.split('\n').filter((line) => /^ {2}\d\. /.test(line));
    expect(steps).toHaveLength(5);
    [
      /^ {2}1\. Create the infrastructure role EcsInfrastructureRole/,
      /^ {2}2\. Create the listener rule ServiceProductionListenerRule .*MainTargetGroup \(weight 100, serving now\)/,
      /^ {2}3\. Update Service \(bash-dog\): deployment controller CODE_DEPLOY → ECS, strategy BLUE_GREEN/,
      /^ {2}4\. Update the deploy action Pipeline\/Deploy\/Deploy: "Amazon ECS" on imagedefinitions.json/,
      /^ {2}5\. Stop managing the CodeDeploy /,
    ].forEach((step, index) => expect(steps[index]).toMatch(step));
    expect(result.stdout).toContain(`"name":"${facts.names.containers.nginx}","imageUri":"%s"`);
    expect(result.stdout).toContain(`reclaim apply --desired ${out} --yes`);

    const text = await readFile(out, 'utf8');
    expect(text).toMatch(/DeploymentController:\n\s+Type: ECS\n/);
    expect(text).toMatch(/Strategy: BLUE_GREEN\n\s+BakeTimeInMinutes: 5\n/);
    expect(text).toMatch(/Provider: ECS\n/);
    expect(text).not.toContain('CodeDeployToECS');
    expect(text).toMatch(/type: AWS::ElasticLoadBalancingV2::ListenerRule\n\s+properties:\n/);
    expect(text).toContain(`physicalId: ${facts.names.codeDeployApp}\n    reason: CodeDeploy application left behind`);
    // Nothing changed in AWS.
    expect((await service()).deploymentController?.type).toBe('CODE_DEPLOY');
    expect(await nonDefaultRules()).toEqual([]);
  });

  it('refuses to overwrite the file, or to migrate a stack twice', async () => {
    const again = await runCommand(MigrateEcsBlueGreen, ['--stack', 'bash-dog', '--out', out, ...aws()]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/already exists; reclaim will not overwrite it/);
    const fromMigrated = await runCommand(MigrateEcsBlueGreen, [
      '--desired',
      out,
      '--out',
      `${out}.twice.yaml`,
      ...aws(),
    ]);
    expect(fromMigrated.exitCode).toBe(1);
    expect(fromMigrated.stderr).toMatch(/No service of stack bash-dog is deployed blue\/green by CodeDeploy/);
  });

  it('plans it in the order AWS documents: role, listener rule, service, pipeline; nothing replaced', async () => {
    const result = await runCommand(Plan, ['--desired', out, '--json', ...aws()]);
    expect(result.exitCode).toBe(2);
    const plan = JSON.parse(result.stdout) as PlanData;
    const at = (id: string) => plan.changes.findIndex((change) => change.id === id);
    expect(plan.changes.map((change) => `${change.action} ${change.id}`)).toEqual(
      expect.arrayContaining([
        'create EcsInfrastructureRole',
        'create ServiceProductionListenerRule',
        'update Service',
        'update Pipeline',
        'update PipelineRole',
      ]),
    );
    expect(plan.changes).toHaveLength(5);
    expect(at('EcsInfrastructureRole')).toBeLessThan(at('ServiceProductionListenerRule'));
    expect(at('ServiceProductionListenerRule')).toBeLessThan(at('Service'));
    expect(at('Service')).toBeLessThan(at('Pipeline'));

    // The deploy action's CodeDeploy keys are not in the migrated file, and the update takes them away: the plan says so.
    const pipeline = plan.changes.find((change) => change.id === 'Pipeline') as UpdateChange;
    const dropped = pipeline.changes.filter((change) => change.after === undefined).map((change) => change.path);
    expect(dropped).toEqual(
      expect.arrayContaining(
        ['ApplicationName', 'DeploymentGroupName', 'AppSpecTemplatePath', 'TaskDefinitionTemplatePath'].map((key) =>
          expect.stringMatching(new RegExp(`^Stages\\[\\w+\\]\\.Actions\\[\\w+\\]\\.Configuration\\.${key}$`)),
        ),
      ),
    );
    const text = await runCommand(Plan, ['--desired', out, ...aws()]);
    expect(text.stdout).toMatch(/Configuration\.AppSpecTemplatePath: .+ → /);
  });

  it('stops half way when UpdateService is refused, leaving the rule made; the same apply then finishes, with no second rule', async () => {
    const failed = await runCommand(Apply, ['--desired', out, '--yes', ...aws(refusing.endpoint)]);
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/FAILED +update AWS::ECS::Service Service\n.*AccessDenied.*UpdateService/);
    expect(failed.stdout).toMatch(/not run +update AWS::CodePipeline::Pipeline Pipeline/);
    expect(failed.stdout).toMatch(/run the same command again: it picks up where it stopped/);
    expect(await nonDefaultRules()).toHaveLength(1);
    expect((await service()).deploymentController?.type).toBe('CODE_DEPLOY');

    const finished = await runCommand(Apply, ['--desired', out, '--yes', ...aws()]);
    expect(finished.stderr).not.toMatch(/Error/);
    expect(finished.exitCode).toBe(0);
    const rules = await nonDefaultRules();
    expect(rules).toHaveLength(1);
    expect(rules[0]!.Actions![0]!.ForwardConfig!.TargetGroups).toEqual([
      expect.objectContaining({ TargetGroupArn: facts.names.blueTargetGroupArn, Weight: 100 }),
      expect.objectContaining({ TargetGroupArn: facts.names.greenTargetGroupArn, Weight: 0 }),
    ]);
    const live = await service();
    expect(live.deploymentController?.type).toBe('ECS');
    expect(live.deploymentConfiguration).toMatchObject({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 });
    expect(live.loadBalancers?.[0]).toMatchObject({
      targetGroupArn: facts.names.blueTargetGroupArn,
      advancedConfiguration: {
        alternateTargetGroupArn: facts.names.greenTargetGroupArn,
        productionListenerRule: rules[0]!.RuleArn,
        roleArn: expect.stringContaining(':role/bash-dog-ecs-infrastructure-role'),
      },
    });
    const { pipeline } = await clients.codepipeline.send(new GetPipelineCommand({ name: facts.names.pipeline }));
    const deploy = pipeline!.stages!.find((stage) => stage.name === 'Deploy')!.actions![0]!;
    expect(deploy.actionTypeId?.provider).toBe('ECS');
    // CodeDeploy's keys belong to its provider: none survive the move.
    expect(deploy.configuration).toEqual({
      ClusterName: facts.names.cluster,
      ServiceName: facts.names.service,
      FileName: 'imagedefinitions.json',
    });
  });

  it('ends with drift exiting 0 against the migrated file', async () => {
    const result = await runCommand(Drift, ['--desired', out, '--format', 'json', ...aws()]);
    const report = JSON.parse(result.stdout) as DriftReport;
    expect(report.drifts).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('goes back with the file from before, and forward again', async () => {
    const back = await runCommand(Apply, ['--desired', before, '--yes', ...aws()]);
    expect(back.stdout).toMatch(/update AWS::ECS::Service Service/);
    expect(back.exitCode).toBe(0);
    expect((await service()).deploymentController?.type).toBe('CODE_DEPLOY');
    const { pipeline } = await clients.codepipeline.send(new GetPipelineCommand({ name: facts.names.pipeline }));
    const deploy = pipeline!.stages!.find((stage) => stage.name === 'Deploy')!.actions![0]!;
    expect(deploy.actionTypeId?.provider).toBe('CodeDeployToECS');
    expect(deploy.configuration).toMatchObject({ TaskDefinitionTemplatePath: 'taskdef.json' });
    expect(deploy.configuration).not.toHaveProperty('FileName');

    expect((await runCommand(Apply, ['--desired', out, '--yes', ...aws()])).exitCode).toBe(0);
    expect(await nonDefaultRules()).toHaveLength(1);
    expect((await runCommand(Drift, ['--desired', out, ...aws()])).exitCode).toBe(0);
  });

  it('leaves the CodeDeploy application and group for cleanup, which deletes them', async () => {
    const result = await runCommand(Cleanup, ['--stack', 'bash-dog', '--yes', '--json', ...aws()]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as DestroyReport;
    expect(JSON.stringify(report)).toMatch(/deployed by ECS itself now/);
    expect(codeDeploy.deleted.applications).toContain(facts.names.codeDeployApp);
    expect(codeDeploy.deleted.groups).toContain(`${facts.names.codeDeployApp}/${facts.names.deploymentGroup}`);
  });
});
