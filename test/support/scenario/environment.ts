import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImportCertificateCommand } from '@aws-sdk/client-acm';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { PutImageCommand } from '@aws-sdk/client-ecr';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createHash } from 'node:crypto';
import type { AwsClients } from '../../../src/aws/clients.js';

const run = promisify(execFile);

/** The account the emulator (or the credentials) answer for: nothing hard-codes it. */
export async function callerAccount(clients: AwsClients): Promise<string> {
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!identity.Account) throw new Error('GetCallerIdentity returned no account');
  return identity.Account;
}

export interface DefaultNetwork {
  readonly vpcId: string;
  /** Two subnets of the default VPC in different zones, as the console's "primary subnets". */
  readonly subnetIds: string[];
  readonly defaultSecurityGroupId: string;
}

/** The default VPC, two of its subnets and its default security group: external to every stack. */
export async function defaultNetwork(clients: AwsClients): Promise<DefaultNetwork> {
  const vpcs = await clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  if (!vpcId) throw new Error('the emulator has no default VPC in this region');
  const [subnets, groups] = await Promise.all([
    clients.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] })),
    clients.ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'group-name', Values: ['default'] },
        ],
      }),
    ),
  ]);
  const byZone = new Map<string, string>();
  for (const subnet of [...(subnets.Subnets ?? [])].sort((a, b) =>
    String(a.AvailabilityZone).localeCompare(String(b.AvailabilityZone)),
  )) {
    if (subnet.AvailabilityZone && subnet.SubnetId && !byZone.has(subnet.AvailabilityZone)) {
      byZone.set(subnet.AvailabilityZone, subnet.SubnetId);
    }
  }
  const subnetIds = [...byZone.values()].slice(0, 2);
  if (subnetIds.length < 2) throw new Error(`default VPC ${vpcId} has fewer than two zones with subnets`);
  const defaultSecurityGroupId = groups.SecurityGroups?.[0]?.GroupId;
  if (!defaultSecurityGroupId) throw new Error(`default VPC ${vpcId} has no default security group`);
  return { vpcId, subnetIds, defaultSecurityGroupId };
}

export interface PemPair {
  readonly certificate: string;
  readonly privateKey: string;
}

let pemPair: Promise<PemPair> | undefined;

/**
 * A self-signed certificate for `example.com` and `*.example.com`, standing in
 * for the guide's Cloudflare origin certificate. The emulator parses what it
 * imports, so it must be a real PEM pair; made once per process with openssl.
 */
export function originCertificatePem(): Promise<PemPair> {
  pemPair ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reclaim-cert-'));
    try {
      const keyPath = join(dir, 'key.pem');
      const certPath = join(dir, 'cert.pem');
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '365',
        '-subj',
        '/O=CloudFlare, Inc./OU=CloudFlare Origin CA/CN=example.com',
        '-addext',
        'subjectAltName=DNS:example.com,DNS:*.example.com',
      ]);
      const [certificate, privateKey] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
      return { certificate, privateKey };
    } catch (error) {
      throw new Error(`could not make a self-signed certificate with openssl (is it on PATH?): ${String(error)}`, {
        cause: error,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return pemPair;
}

/** Imports the origin certificate into ACM, as the guide does (no chain). */
export async function importOriginCertificate(clients: AwsClients): Promise<string> {
  const pem = await originCertificatePem();
  const imported = await clients.acm.send(
    new ImportCertificateCommand({
      Certificate: Buffer.from(pem.certificate),
      PrivateKey: Buffer.from(pem.privateKey),
    }),
  );
  if (!imported.CertificateArn) throw new Error('ImportCertificate returned no ARN');
  return imported.CertificateArn;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Pushes one `latest` image (a fake manifest; the emulator stores it as given). */
export async function pushFakeImage(clients: AwsClients, repositoryName: string): Promise<void> {
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 1457,
      digest: sha256(`${repositoryName}/config`),
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 3_370_628,
        digest: sha256(`${repositoryName}/layer0`),
      },
    ],
  };
  await clients.ecr.send(
    new PutImageCommand({
      repositoryName,
      imageManifest: JSON.stringify(manifest),
      imageManifestMediaType: manifest.mediaType,
      imageTag: 'latest',
    }),
  );
}

/** An IAM trust policy for one service principal, written as a plain string (the emulator's CodePipeline insists). */
export function trustPolicy(service: string, version: '2012-10-17' | '2008-10-17' = '2012-10-17'): string {
  return JSON.stringify({
    Version: version,
    Statement: [{ Sid: '', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

export function policyDocument(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
