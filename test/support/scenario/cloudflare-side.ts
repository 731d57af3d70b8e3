/**
 * The Cloudflare half of the guide's stack (step 8 and the last step), built in
 * the fake Cloudflare API: the zone, a proxied CNAME from the host to the
 * stack's load balancer, a configuration rule setting Full (strict) for exactly
 * that host, and the Origin CA certificate — the very PEM the scenario imported
 * into ACM, so the ACM certificate and the origin certificate share serial and
 * public key. Optionally the load balancer's security group is narrowed to
 * Cloudflare's published ranges, as the guide's hardening note asks.
 */
import { X509Certificate } from 'node:crypto';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../../src/aws/clients.js';
import { CLOUDFLARE_IPV4, type CloudflareFake } from '../cloudflare-fake.js';
import { originCertificatePem } from './environment.js';

export interface CloudflareSideOptions {
  readonly loadBalancerArn: string;
  /** The host Cloudflare serves; one level under the zone, so the free origin certificate covers it. */
  readonly host?: string;
  readonly zone?: string;
  /** Replace the ALB group's 443-from-anywhere rule with Cloudflare's IPv4 ranges. */
  readonly restrictAlbGroup?: string;
}

export interface CloudflareFacts {
  readonly zoneId: string;
  readonly zoneName: string;
  readonly host: string;
  readonly recordId: string;
  readonly rulesetId: string;
  readonly ruleId: string;
  readonly certificateId: string;
  readonly loadBalancerDnsName: string;
}

export async function loadBalancerDnsName(clients: AwsClients, arn: string): Promise<string> {
  const described = await clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
  const dnsName = described.LoadBalancers?.[0]?.DNSName;
  if (!dnsName) throw new Error(`load balancer ${arn} has no DNS name`);
  return dnsName;
}

export async function buildCloudflareSide(
  fake: CloudflareFake,
  clients: AwsClients,
  options: CloudflareSideOptions,
): Promise<CloudflareFacts> {
  const zoneName = options.zone ?? 'example.com';
  const host = options.host ?? `bash-dog.${zoneName}`;
  const dnsName = await loadBalancerDnsName(clients, options.loadBalancerArn);
  const zone = fake.addZone(zoneName);
  zone.settings.always_use_https = 'on';
  zone.settings.min_tls_version = '1.2';
  const record = fake.addRecord(zone.id, { name: host, type: 'CNAME', content: dnsName, proxied: true });
  const rule = fake.addConfigRule(zone.id, {
    expression: `(http.host eq "${host}")`,
    ssl: 'strict',
    description: `Full (strict) for ${host}`,
  });
  const pem = await originCertificatePem();
  const certificate = fake.addOriginCertificate({
    pem: pem.certificate,
    hostnames: [zoneName, `*.${zoneName}`],
    expiresOn: new Date(new X509Certificate(pem.certificate).validTo).toISOString(),
  });
  if (options.restrictAlbGroup) {
    await clients.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: options.restrictAlbGroup,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: options.restrictAlbGroup,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: CLOUDFLARE_IPV4.map((CidrIp) => ({ CidrIp })) },
        ],
      }),
    );
  }
  return {
    zoneId: zone.id,
    zoneName,
    host,
    recordId: record.id,
    rulesetId: fake.state.rulesets.get(`${zone.id}|http_config_settings`)!.id,
    ruleId: rule.id,
    certificateId: certificate.id,
    loadBalancerDnsName: dnsName,
  };
}
