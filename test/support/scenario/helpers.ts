import {
  CreateStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../../../src/aws/clients.js';
import { pushFakeImage } from './environment.js';
import { parameters } from './templates.js';

/**
 * Creates a stack the way the console does and returns logical id → physical
 * id. The emulator runs CloudFormation synchronously, so the stack is done
 * when CreateStack answers; anything but CREATE_COMPLETE is a broken template.
 */
export async function createConsoleStack(
  clients: AwsClients,
  stackName: string,
  templateBody: string,
  parameterValues: Record<string, string | readonly string[]>,
): Promise<Map<string, string>> {
  await clients.cloudformation.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: templateBody,
      Parameters: parameters(parameterValues),
    }),
  );
  const [described, resources] = await Promise.all([
    clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName })),
    clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: stackName })),
  ]);
  const status = described.Stacks?.[0]?.StackStatus;
  if (status !== 'CREATE_COMPLETE') throw new Error(`stack ${stackName} is ${String(status)}, not CREATE_COMPLETE`);
  const physical = new Map<string, string>();
  for (const resource of resources.StackResources ?? []) {
    if (resource.LogicalResourceId && resource.PhysicalResourceId) {
      physical.set(resource.LogicalResourceId, resource.PhysicalResourceId);
    }
  }
  return physical;
}

export function physicalIdOf(resources: Map<string, string>, logicalId: string, stackName: string): string {
  const id = resources.get(logicalId);
  if (!id) throw new Error(`stack ${stackName} has no physical id for ${logicalId}`);
  return id;
}

export interface RoleSpec {
  readonly name: string;
  readonly path?: string;
  readonly trust: string;
  readonly description?: string;
  readonly managedPolicyArns?: readonly string[];
  readonly inlinePolicies?: Readonly<Record<string, string>>;
}

/** Creates a role, then attaches its managed policies and puts its inline ones concurrently. Returns the role ARN. */
export async function createRole(clients: AwsClients, spec: RoleSpec): Promise<string> {
  const created = await clients.iam.send(
    new CreateRoleCommand({
      RoleName: spec.name,
      Path: spec.path ?? '/',
      AssumeRolePolicyDocument: spec.trust,
      ...(spec.description ? { Description: spec.description } : {}),
    }),
  );
  const arn = created.Role?.Arn;
  if (!arn) throw new Error(`CreateRole ${spec.name} returned no ARN`);
  await Promise.all([
    ...(spec.managedPolicyArns ?? []).map((PolicyArn) =>
      clients.iam.send(new AttachRolePolicyCommand({ RoleName: spec.name, PolicyArn })),
    ),
    ...Object.entries(spec.inlinePolicies ?? {}).map(([PolicyName, PolicyDocument]) =>
      clients.iam.send(new PutRolePolicyCommand({ RoleName: spec.name, PolicyName, PolicyDocument })),
    ),
  ]);
  return arn;
}

/** A console-default repository (mutable tags, AES256, no scan on push) with one `latest` image. Returns its URI and ARN. */
export async function createRepositoryWithImage(
  clients: AwsClients,
  repositoryName: string,
): Promise<{ uri: string; arn: string }> {
  const created = await clients.ecr.send(
    new CreateRepositoryCommand({
      repositoryName,
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' },
    }),
  );
  const uri = created.repository?.repositoryUri;
  const arn = created.repository?.repositoryArn;
  if (!uri || !arn) throw new Error(`CreateRepository ${repositoryName} returned no URI`);
  await pushFakeImage(clients, repositoryName);
  return { uri, arn };
}
