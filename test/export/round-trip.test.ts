import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { renderTemplate } from '../../src/export/cloudformation-files.js';
import { exportCloudFormation } from '../../src/export/cloudformation.js';
import { exportInputFromSnapshot } from '../../src/export/input.js';
import { validateTemplate } from '../../src/export/validate-template.js';
import type { CloudFormationExport, ExportInput } from '../../src/export/types.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startMoto, type Moto } from '../support/moto.js';
import { buildConsoleStack, type ScenarioFacts } from '../support/scenario.js';
import { importOriginCertificate } from '../support/scenario/environment.js';

/**
 * The export's round trip on the emulator: bash-dog is built the console's
 * way, discovered and exported; the template is created as a new stack in an
 * empty region (after a reset, so IAM, which is global, is empty too); the
 * copy is discovered and compared with the original, names aside.
 *
 * moto's CloudFormation creates IAM, security groups, logs, ECR, S3, ECS and
 * ELBv2 resources (notes/moto.md). The template is the CloudFormation export
 * with the rest left out, each with the reason below, through the same
 * exclusion the export uses for what cannot be imported: references to them
 * become literals. The console stacks' ownership is dropped: the copy is a
 * new stack, not an import, so what they own is declared too.
 */
const MOTO_CANNOT_CREATE: Readonly<Record<string, string>> = {
  'AWS::CodePipeline::Pipeline': "moto's CloudFormation skips CodePipeline resources",
  'AWS::CodeDeploy::Application': "moto's CloudFormation skips CodeDeploy resources",
  'AWS::CodeDeploy::DeploymentGroup': "moto's CloudFormation skips CodeDeploy resources",
  'AWS::SecretsManager::Secret': "moto's CloudFormation skips Secrets Manager resources",
  'AWS::CodeStarConnections::Connection': 'moto has no CodeStar Connections at all',
};
/**
 * What moto's CloudFormation drops from what it creates, not compared (the
 * export's own tests check the template declares them): a templated service's
 * launch type, platform, network, load balancers and deployment controller
 * (so the copy is not under CodeDeploy, and its TaskDefinition and
 * LoadBalancers are the copy's to declare), and a templated role's managed
 * policies (moto attaches none), and a templated task definition's CPU,
 * roles, compatibilities and network mode (moto registers it with `bridge`
 * and none of the others).
 */
const MOTO_DROPS: Readonly<Record<string, readonly string[]>> = {
  'AWS::ECS::Service': [
    'LaunchType',
    'PlatformVersion',
    'NetworkConfiguration',
    'DeploymentController',
    'LoadBalancers',
    'TaskDefinition',
  ],
  'AWS::IAM::Role': ['ManagedPolicyArns'],
  'AWS::ECS::TaskDefinition': ['Cpu', 'ExecutionRoleArn', 'TaskRoleArn', 'RequiresCompatibilities', 'NetworkMode'],
};

function motoExclusions(input: ExportInput): Map<string, string> {
  return new Map(
    Object.entries(input.desired.resources)
      .filter(([, resource]) => MOTO_CANNOT_CREATE[resource.type])
      .map(([id, resource]) => [id, MOTO_CANNOT_CREATE[resource.type]!]),
  );
}

const COPY_REGION = 'eu-west-1';
let moto: Moto;
let facts: ScenarioFacts;
let original: Snapshot;
let copy: Snapshot;
let exported: CloudFormationExport;
let externals: Map<string, string>;
const cleanups: Array<() => unknown> = [];

async function defaultNetwork(region: string): Promise<{ vpc: string; subnets: string[]; group: string }> {
  const ec2 = moto.clients(region).ec2;
  const vpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] })))
    .Vpcs![0]!.VpcId!;
  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] })))
    .Subnets!.map((subnet) => subnet.SubnetId!)
    .sort();
  const group = (
    await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpc] },
          { Name: 'group-name', Values: ['default'] },
        ],
      }),
    )
  ).SecurityGroups![0]!.GroupId!;
  return { vpc, subnets, group };
}

beforeAll(async () => {
  moto = await startMoto();
  facts = await buildConsoleStack(moto.clients(), { name: 'bash-dog', withDebris: false });
  cleanups.push(recordCodeStarConnections(moto.endpoint, [facts.connection!]));
  original = await discover(moto.clients(), { stack: 'bash-dog' });
  const here = await defaultNetwork(original.region);

  const input = exportInputFromSnapshot(original, 'the emulator scenario');
  exported = exportCloudFormation(
    { ...input, owners: new Map() },
    { stackName: 'bash-dog-copy', exclude: motoExclusions(input) },
  );

  // Given an empty emulator (IAM is global), and the external VPC, subnets and default group of the copy's region.
  await moto.reset();
  const there = await defaultNetwork(COPY_REGION);
  // The listener's certificate stays out of the template (not importable); its copy must exist for moto's ELBv2.
  const certificateId = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
  const certificate = await importOriginCertificate(moto.clients(COPY_REGION));
  externals = new Map([
    [certificateId(facts.names.certificateArn), certificateId(certificate)],
    [here.vpc, there.vpc],
    [here.group, there.group],
    ...here.subnets.map((subnet, index): [string, string] => [subnet, there.subnets[index % there.subnets.length]!]),
  ]);
  // moto's templated ECS service needs TaskDefinition (a KeyError inside moto otherwise); AWS does not, and the
  // export leaves it to CodeDeploy. The copy's template gives it back.
  const withTaskDefinition = structuredClone(exported.template) as {
    Resources: Record<string, { Properties: object }>;
  };
  withTaskDefinition.Resources.Service!.Properties = {
    ...withTaskDefinition.Resources.Service!.Properties,
    TaskDefinition: { Ref: 'TaskDefinition' },
  };
  let body = renderTemplate(withTaskDefinition as typeof exported.template);
  for (const [from, to] of externals) body = body.replaceAll(from, to);

  const cloudFormation = moto.clients(COPY_REGION).cloudformation;
  await cloudFormation.send(
    new CreateStackCommand({ StackName: 'bash-dog-copy', TemplateBody: body, Capabilities: ['CAPABILITY_NAMED_IAM'] }),
  );
  const status = (await cloudFormation.send(new DescribeStacksCommand({ StackName: 'bash-dog-copy' }))).Stacks![0]!
    .StackStatus;
  if (status !== 'CREATE_COMPLETE') {
    const events = await cloudFormation.send(new DescribeStackEventsCommand({ StackName: 'bash-dog-copy' }));
    throw new Error(`the copy is ${status}: ${JSON.stringify(events.StackEvents?.slice(0, 5))}`);
  }
  copy = await discover(moto.clients(COPY_REGION), { stack: 'bash-dog' });
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await moto?.stop();
});

/** moto keeps a templated role's inline policy as Python's text of the document (`{'Version': …}`). */
const fromPythonText = (value: unknown): unknown =>
  typeof value === 'string' && value.startsWith("{'")
    ? JSON.parse(value.replaceAll("'", '"').replaceAll('True', 'true').replaceAll('False', 'false'))
    : value;

/**
 * A snapshot as the export declares it (references to what the template
 * leaves out as literals), with the copy's external ids mapped back, keyed by
 * logical id: names aside, and the properties moto drops aside.
 */
function comparable(snapshot: Snapshot, mapBack: ReadonlyMap<string, string>) {
  // The walk starts from pipelines and services; moto's copy has no pipeline and a service without its load
  // balancers and network, so the name sweep finds the rest and calls it leftovers. All of it is the stack's.
  const all: Snapshot = {
    ...snapshot,
    resources: snapshot.resources.map((resource) => ({
      ...resource,
      orphan: false,
      properties:
        resource.type === 'AWS::IAM::Role' && Array.isArray(resource.properties.Policies)
          ? {
              ...resource.properties,
              Policies: (resource.properties.Policies as Array<Record<string, unknown>>).map((policy) => ({
                ...policy,
                PolicyDocument: fromPythonText(policy.PolicyDocument),
              })),
            }
          : resource.properties,
    })),
  };
  const input = exportInputFromSnapshot(all, 'compared');
  let text = JSON.stringify(
    exportCloudFormation({ ...input, owners: new Map() }, { exclude: motoExclusions(input) }).template.Resources,
  );
  for (const [from, to] of mapBack) text = text.replaceAll(from, to);
  const resources = JSON.parse(text) as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  return Object.entries(resources)
    .filter(([id]) => exported.template.Resources[id])
    .map(([id, resource]) => {
      const properties = { ...resource.Properties };
      for (const name of MOTO_DROPS[resource.Type] ?? []) delete properties[name];
      return { id, type: resource.Type, properties };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('the CloudFormation export, created as a new stack on the emulator', () => {
  it('is a valid template, with what moto cannot create left out and said why', () => {
    expect(validateTemplate(exported.template)).toEqual([]);
    for (const entry of exported.excluded.filter((item) => item.kind === 'excluded-by-caller'))
      expect(entry.reason).toBe(MOTO_CANNOT_CREATE[entry.type]);
  });

  it('creates the stack, and its copy discovers as the original graph, names aside', () => {
    const mapBack = new Map([...externals].map(([from, to]) => [to, from]));
    const copied = comparable(copy, mapBack);
    const originals = comparable(original, new Map());
    expect(copied.map((entry) => `${entry.type} ${entry.id}`)).toEqual(
      originals.map((entry) => `${entry.type} ${entry.id}`),
    );
    expect(copied).toEqual(originals);
  });
});
