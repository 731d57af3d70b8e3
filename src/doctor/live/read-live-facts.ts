import { DescribeRouteTablesCommand, DescribeVpcEndpointsCommand, type RouteTable } from '@aws-sdk/client-ec2';
import { GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../../aws/clients.js';
import { errorCode, isNotFound, readIssue } from '../../discover/aws-errors.js';
import { decodePolicyDocument } from '../../discover/kinds/iam-role.js';
import type { Snapshot, ReadIssue } from '../../model/snapshot.js';
import { createLimiter, type Limiter } from '../../util/limiter.js';
import { parseSecretReference } from '../checks/rc008-secret-references.js';
import { repoContainersOf } from '../repo/locate.js';
import type { RepoFiles } from '../repo/repo-files.js';
import { asDict, asList, asString, stringList } from '../util/values.js';
import { cloudflareIssue } from '../../discover/kinds/cloudflare/cloudflare-reads.js';
import type { LiveFacts, SecretShape, SubnetEgress } from './live-facts.js';
import { sameId } from './live-stack.js';

/**
 * Reads what doctor needs beside the snapshot, read-only and only what the
 * stack calls for: the documents of the managed policies attached to its
 * roles, the route tables and VPC endpoints behind services that run without a
 * public IP, and the keys (never the values) of secrets the repository's
 * taskdef.json names that discovery did not find. Failures become `null` facts
 * and issues; nothing here throws for one failed read.
 */
export async function readLiveFacts(
  clients: AwsClients,
  snapshot: Snapshot,
  repo?: RepoFiles,
  options: { concurrency?: number } = {},
): Promise<LiveFacts> {
  const limit = createLimiter(options.concurrency ?? 10);
  const issues: ReadIssue[] = [];
  const [managedPolicies, network, secrets, cloudflareRanges] = await Promise.all([
    readManagedPolicies(clients, limit, snapshot, issues),
    readNetwork(clients, limit, snapshot, issues),
    readRepoSecrets(clients, limit, snapshot, repo, issues),
    readCloudflareRanges(clients, snapshot, issues),
  ]);
  return {
    managedPolicies,
    ...network,
    secrets,
    ...(cloudflareRanges !== undefined ? { cloudflareRanges } : {}),
    issues,
  };
}

/** GET /ips (https://developers.cloudflare.com/api/resources/ips/methods/list/), when the stack has a Cloudflare record. */
async function readCloudflareRanges(
  clients: AwsClients,
  snapshot: Snapshot,
  issues: ReadIssue[],
): Promise<LiveFacts['cloudflareRanges']> {
  const api = clients.cloudflare;
  if (!api || !snapshot.resources.some((r) => r.type === 'Cloudflare::DNS::Record')) return undefined;
  try {
    const ips = (await (await api.sdk()).ips.list()) as { ipv4_cidrs?: string[]; ipv6_cidrs?: string[] };
    return { ipv4: ips.ipv4_cidrs ?? [], ipv6: ips.ipv6_cidrs ?? [] };
  } catch (error) {
    issues.push(cloudflareIssue('cloudflare:ListIps', error, { type: 'Cloudflare::DNS::Record' }));
    return null;
  }
}

async function readManagedPolicies(
  clients: AwsClients,
  limit: Limiter,
  snapshot: Snapshot,
  issues: ReadIssue[],
): Promise<Map<string, unknown>> {
  const arns = [
    ...new Set(
      snapshot.resources
        .filter((r) => r.type === 'AWS::IAM::Role' && !r.orphan)
        .flatMap((r) => stringList(r.properties.ManagedPolicyArns)),
    ),
  ];
  const documents = new Map<string, unknown>();
  await Promise.all(
    arns.map(async (arn) => {
      try {
        const policy = await limit(() => clients.iam.send(new GetPolicyCommand({ PolicyArn: arn })));
        const versionId = policy.Policy?.DefaultVersionId;
        if (!versionId) throw Object.assign(new Error(`${arn} has no default version`), { name: 'NoDefaultVersion' });
        const version = await limit(() =>
          clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
        );
        documents.set(arn, decodePolicyDocument(version.PolicyVersion?.Document ?? ''));
      } catch (error) {
        const issue = readIssue('iam:GetPolicyVersion', error);
        issues.push({ ...issue, message: `${arn}: ${issue.message}` });
        documents.set(arn, null);
      }
    }),
  );
  return documents;
}

function egressOf(table: RouteTable): SubnetEgress {
  const defaults = (table.Routes ?? []).filter(
    (route) => route.DestinationCidrBlock === '0.0.0.0/0' && route.State !== 'blackhole',
  );
  return {
    routeTableId: table.RouteTableId ?? '',
    natRoute: defaults.some((route) => !!route.NatGatewayId || !!route.InstanceId),
    internetGatewayRoute: defaults.some((route) => route.GatewayId?.startsWith('igw-') === true),
  };
}

/** Route tables and endpoints only where a service runs without a public IP: the only case that needs them. */
async function readNetwork(
  clients: AwsClients,
  limit: Limiter,
  snapshot: Snapshot,
  issues: ReadIssue[],
): Promise<Pick<LiveFacts, 'subnetEgress' | 'vpcEndpoints'>> {
  const subnetEgress = new Map<string, SubnetEgress | null>();
  const vpcEndpoints = new Map<string, readonly string[] | null>();
  const privateSubnets = new Set(
    snapshot.resources
      .filter((r) => r.type === 'AWS::ECS::Service' && !r.orphan)
      .map((r) => asDict(asDict(r.properties.NetworkConfiguration)?.AwsvpcConfiguration))
      .filter((network) => network !== undefined && network.AssignPublicIp !== 'ENABLED')
      .flatMap((network) => stringList(network!.Subnets)),
  );
  const vpcOf = (subnet: string) =>
    asString(
      snapshot.resources.find((r) => r.type === 'AWS::EC2::Subnet' && r.physicalId === subnet)?.properties.VpcId,
    );
  const vpcs = new Set([...privateSubnets].map(vpcOf).filter((vpc): vpc is string => vpc !== undefined));
  const mainTables = new Map<string, Promise<RouteTable | undefined>>();
  const mainTableOf = (vpc: string) => {
    // A subnet without an explicit association uses its VPC's main route table.
    const cached =
      mainTables.get(vpc) ??
      limit(() =>
        clients.ec2.send(
          new DescribeRouteTablesCommand({
            Filters: [
              { Name: 'vpc-id', Values: [vpc] },
              { Name: 'association.main', Values: ['true'] },
            ],
          }),
        ),
      ).then((output) => output.RouteTables?.[0]);
    mainTables.set(vpc, cached);
    return cached;
  };
  await Promise.all([
    ...[...privateSubnets].map(async (subnet) => {
      try {
        const output = await limit(() =>
          clients.ec2.send(
            new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnet] }] }),
          ),
        );
        const vpc = vpcOf(subnet);
        const table = output.RouteTables?.[0] ?? (vpc ? await mainTableOf(vpc) : undefined);
        subnetEgress.set(subnet, table ? egressOf(table) : null);
        if (!table)
          issues.push({
            operation: 'ec2:DescribeRouteTables',
            code: 'NoRouteTable',
            message: `no route table found for ${subnet}`,
            type: 'AWS::EC2::Subnet',
            physicalIds: [subnet],
          });
      } catch (error) {
        issues.push(readIssue('ec2:DescribeRouteTables', error, { type: 'AWS::EC2::Subnet', physicalIds: [subnet] }));
        subnetEgress.set(subnet, null);
      }
    }),
    ...[...vpcs].map(async (vpc) => {
      try {
        const names: string[] = [];
        let token: string | undefined;
        do {
          const page = await limit(() =>
            clients.ec2.send(
              new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }], NextToken: token }),
            ),
          );
          names.push(...(page.VpcEndpoints ?? []).map((endpoint) => endpoint.ServiceName ?? ''));
          token = page.NextToken;
        } while (token);
        vpcEndpoints.set(vpc, names);
      } catch (error) {
        issues.push(readIssue('ec2:DescribeVpcEndpoints', error, { type: 'AWS::EC2::VPC', physicalIds: [vpc] }));
        vpcEndpoints.set(vpc, null);
      }
    }),
  ]);
  return { subnetEgress, vpcEndpoints };
}

/**
 * Keys of the secrets taskdef.json names that the snapshot lacks. The value is
 * parsed here and dropped: only its keys leave this function, and a parse
 * error is swallowed whole (V8's messages quote the input).
 */
async function readRepoSecrets(
  clients: AwsClients,
  limit: Limiter,
  snapshot: Snapshot,
  repo: RepoFiles | undefined,
  issues: ReadIssue[],
): Promise<Map<string, SecretShape | 'missing' | null>> {
  const result = new Map<string, SecretShape | 'missing' | null>();
  const parsed = repo?.taskdef?.parsed;
  if (!parsed?.ok) return result;
  const known = snapshot.resources.filter((r) => r.type === 'AWS::SecretsManager::Secret');
  const wanted = new Set(
    repoContainersOf(parsed)
      .flatMap((c) => asList(c.definition.secrets).map((s) => asString(asDict(s)?.valueFrom) ?? ''))
      .map((valueFrom) => parseSecretReference(valueFrom))
      .filter((ref) => ref?.isArn === true)
      .map((ref) => ref!.secretId)
      .filter((id) => !known.some((secret) => sameId(secret.physicalId, id) || secret.physicalId.startsWith(`${id}-`))),
  );
  await Promise.all(
    [...wanted].map(async (id) => {
      try {
        const described = await limit(() => clients.secretsManager.send(new DescribeSecretCommand({ SecretId: id })));
        if (described.DeletedDate) {
          result.set(id, 'missing');
          return;
        }
        const arn = described.ARN ?? id;
        let keys: string[] = [];
        try {
          const value = await limit(() => clients.secretsManager.send(new GetSecretValueCommand({ SecretId: arn })));
          try {
            const document: unknown = JSON.parse(value.SecretString ?? '');
            keys = asDict(document) ? Object.keys(document as object).sort() : [];
          } catch {
            keys = [];
          }
        } catch (error) {
          if (errorCode(error) !== 'ResourceNotFoundException') throw error;
        }
        result.set(id, { arn, keys });
      } catch (error) {
        if (isNotFound(error)) {
          result.set(id, 'missing');
        } else {
          issues.push(
            readIssue('secretsmanager:DescribeSecret', error, {
              type: 'AWS::SecretsManager::Secret',
              physicalIds: [id],
            }),
          );
          result.set(id, null);
        }
      }
    }),
  );
  return result;
}
