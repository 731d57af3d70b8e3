import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { schemaValidator, describeSchemaErrors } from '../../src/io/schemas.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { renderSnapshotHtml } from '../../src/render/snapshot-html.js';
import { renderSummary } from '../../src/render/summary.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startMoto, type Moto } from '../support/moto.js';
import { buildConsoleStack, buildDecoyStack, KNOWN_SECRET_VALUE, type ScenarioFacts } from '../support/scenario.js';
import { expectCompleteDiscovery, resourceFor } from './expectations.js';

// CodeStar Connections is missing from the emulator: GetConnection is recorded HTTP (see codestar-recorded.ts).
let moto: Moto;
let facts: ScenarioFacts;
let decoy: Awaited<ReturnType<typeof buildDecoyStack>>;
let snapshot: Snapshot;
let stopRecording: () => void;

beforeAll(async () => {
  moto = await startMoto();
  const setup = moto.clients();
  facts = await buildConsoleStack(setup, { name: 'bash-dog' });
  decoy = await buildDecoyStack(setup, 'bash-doghouse');
  stopRecording = recordCodeStarConnections(moto.endpoint, [facts.connection!]);
  snapshot = await discover(moto.clients(), { stack: 'bash-dog' });
});

afterAll(async () => {
  stopRecording?.();
  await moto?.stop();
});

describe('discover --stack bash-dog', () => {
  it('reads everything without problems, in a snapshot that matches the schema', () => {
    expect(snapshot.issues).toEqual([]);
    const validate = schemaValidator('snapshot');
    expect(validate(JSON.parse(JSON.stringify(snapshot))), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
    expect(snapshot).toMatchObject({ account: '123456789012', region: 'us-east-2', stack: 'bash-dog' });
  });

  it('finds every live resource, every edge, flags the debris as orphans, and nothing else', () => {
    expectCompleteDiscovery(snapshot, facts);
  });

  it('includes nothing of the decoy stack', () => {
    const shared = new Set(facts.external.map((resource) => resource.physicalId));
    const decoyIds = [...decoy.live, ...decoy.debris]
      .map((resource) => resource.physicalId)
      .filter((id) => !shared.has(id));
    const leaked = snapshot.resources.filter((resource) => decoyIds.includes(resource.physicalId));
    expect(leaked.map((resource) => resource.physicalId)).toEqual([]);
  });

  it('reads the properties that matter in CloudFormation shape', () => {
    const n = facts.names;
    const service = resourceFor(snapshot, { type: 'AWS::ECS::Service', physicalId: n.serviceArn });
    expect(service.properties).toMatchObject({
      DeploymentController: { Type: 'CODE_DEPLOY' },
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } },
      LoadBalancers: [{ ContainerName: n.containers.nginx, ContainerPort: 80 }],
    });
    const project = resourceFor(snapshot, { type: 'AWS::CodeBuild::Project', physicalId: n.buildProject });
    expect(project.properties).toMatchObject({
      Environment: { Image: 'aws/codebuild/amazonlinux2-x86_64-standard:4.0', PrivilegedMode: true },
    });
    const secret = resourceFor(snapshot, { type: 'AWS::SecretsManager::Secret', physicalId: n.secretArn });
    expect(secret.properties.SecretKeys).toEqual([...facts.secret.keys].sort());
    const stack = resourceFor(snapshot, { type: 'AWS::CloudFormation::Stack', physicalId: n.serviceStack });
    expect(stack.attributes.StackStatus).toBe('CREATE_COMPLETE');
    const logical = new Set<string>(snapshot.resources.map((resource) => resource.id));
    expect(logical.size).toBe(snapshot.resources.length);
    expect(logical.has('Pipeline')).toBe(true);
    expect(logical.has('BuildProject')).toBe(true);
    expect(logical.has('Service')).toBe(true);
  });

  it('never carries a secret value, in the snapshot, the summary or the HTML page', async () => {
    expect(JSON.stringify(snapshot)).not.toContain(KNOWN_SECRET_VALUE);
    expect(renderSummary(snapshot)).not.toContain(KNOWN_SECRET_VALUE);
    expect(await renderSnapshotHtml(snapshot)).not.toContain(KNOWN_SECRET_VALUE);
  });

  it('counts its calls and makes the one-per-run calls once', () => {
    expect(snapshot.stats.apiCalls).toBe(
      Object.values(snapshot.stats.callsByOperation).reduce((sum, count) => sum + count, 0),
    );
    expect(snapshot.stats.callsByOperation['sts:GetCallerIdentity']).toBe(1);
    expect(snapshot.stats.callsByOperation['iam:ListRoles']).toBe(1);
    expect(snapshot.stats.callsByOperation['ecs:ListClusters']).toBe(1);
    expect(snapshot.stats.callsByOperation['codepipeline:GetPipeline']).toBe(1);
  });

  it('narrows to an explicit root', async () => {
    const narrowed = await discover(moto.clients(), {
      stack: 'bash-dog',
      services: [`${facts.names.cluster}/${facts.names.service}`],
    });
    expect(
      narrowed.resources.some((resource) => resource.type === 'AWS::CodePipeline::Pipeline' && !resource.orphan),
    ).toBe(false);
    expect(resourceFor(narrowed, { type: 'AWS::ECS::Service', physicalId: facts.names.serviceArn }).orphan).toBe(false);
  });

  it('refuses roots that do not exist, saying how to find the right names', async () => {
    await expect(discover(moto.clients(), { stack: 'bash-dog', pipelines: ['no-such-pipeline'] })).rejects.toThrow(
      /None of the given roots/,
    );
  });

  it('adds what carries a --tag, found through the Resource Groups Tagging API', async () => {
    const created = await moto.clients().elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'shared-canary',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: facts.names.vpcId,
        TargetType: 'ip',
        Tags: [{ Key: 'project', Value: 'bash-dog' }],
      }),
    );
    const arn = created.TargetGroups![0]!.TargetGroupArn!;
    const untagged = await discover(moto.clients(), { stack: 'bash-dog' });
    expect(untagged.resources.some((resource) => resource.physicalId === arn)).toBe(false);

    const tagged = await discover(moto.clients(), { stack: 'bash-dog', tags: [{ key: 'project', value: 'bash-dog' }] });
    expect(tagged.issues).toEqual([]);
    const found = resourceFor(tagged, { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: arn });
    expect(found.orphan).toBe(false);
    expect(found.tags).toEqual({ project: 'bash-dog' });
  });
});
