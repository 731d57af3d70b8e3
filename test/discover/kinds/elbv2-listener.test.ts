import { ImportCertificateCommand } from '@aws-sdk/client-acm';
import { CreateSecurityGroupCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribedCache } from '../../../src/discover/described.js';
import { elbv2ListenerHandler, loadBalancerNameFromListenerArn } from '../../../src/discover/kinds/elbv2-listener.js';
import { elbv2LoadBalancerHandler } from '../../../src/discover/kinds/elbv2-load-balancer.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_REGION, type Moto } from '../../support/moto.js';
import { originCertificatePem } from '../../support/scenario/environment.js';

let moto: Moto;
let lbArn: string;
let certificateArn: string;
let blueArn: string;
let greenArn: string;
let httpsArn: string;
let testArn: string;
let redirectArn: string;

beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  const pem = await originCertificatePem();
  certificateArn = (
    await clients.acm.send(
      new ImportCertificateCommand({
        Certificate: Buffer.from(pem.certificate),
        PrivateKey: Buffer.from(pem.privateKey),
      }),
    )
  ).CertificateArn!;
  const subnets = await clients.ec2.send(new DescribeSubnetsCommand({}));
  const vpcId = subnets.Subnets![0]!.VpcId!;
  const groupId = (
    await clients.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'lb', Description: 'lb', VpcId: vpcId }))
  ).GroupId!;
  lbArn = (
    await clients.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: 'bash-dog',
        Subnets: subnets.Subnets!.slice(0, 2).map((s) => s.SubnetId!),
        SecurityGroups: [groupId],
      }),
    )
  ).LoadBalancers![0]!.LoadBalancerArn!;
  const targetGroup = async (name: string) =>
    (
      await clients.elbv2.send(
        new CreateTargetGroupCommand({
          Name: name,
          Protocol: 'HTTP',
          Port: 80,
          VpcId: vpcId,
          TargetType: 'ip',
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
  blueArn = await targetGroup('bash-dog-main');
  greenArn = await targetGroup('bash-dog-secondary');
  const listener = async (input: Omit<ConstructorParameters<typeof CreateListenerCommand>[0], 'LoadBalancerArn'>) =>
    (await clients.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, ...input }))).Listeners![0]!
      .ListenerArn!;
  // The guide's production listener: HTTPS on 443 with the imported origin certificate.
  httpsArn = await listener({
    Port: 443,
    Protocol: 'HTTPS',
    SslPolicy: 'ELBSecurityPolicy-2016-08',
    Certificates: [{ CertificateArn: certificateArn }],
    DefaultActions: [
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: blueArn, Weight: 1 },
            { TargetGroupArn: greenArn, Weight: 0 },
          ],
        },
      },
    ],
  });
  testArn = await listener({
    Port: 8080,
    Protocol: 'HTTP',
    DefaultActions: [{ Type: 'forward', TargetGroupArn: greenArn }],
  });
  redirectArn = await listener({
    Port: 80,
    Protocol: 'HTTP',
    DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
  });
});
afterAll(async () => {
  await moto?.stop();
});

describe('elbv2ListenerHandler', () => {
  it('derives the load balancer name from a listener ARN', () => {
    expect(
      loadBalancerNameFromListenerArn(
        'arn:aws:elasticloadbalancing:us-east-2:123456789012:listener/app/bash-dog/50dc6c495c0c9188/f2f7dc8efc522ab2',
      ),
    ).toBe('bash-dog');
    expect(loadBalancerNameFromListenerArn('bash-dog')).toBeUndefined();
  });

  it('reads listeners in one batch, with certificate, load balancer and target group references', async () => {
    const missing = httpsArn.replace(/\/[0-9a-f]+$/, '/0123456789abcdef');
    const clients = moto.clients();
    const result = await elbv2ListenerHandler.read(discoveryContext(clients), [
      httpsArn,
      testArn,
      redirectArn,
      missing,
    ]);

    expect(result.issues).toEqual([]);
    expect(clients.counter.count('elasticloadbalancing:DescribeListeners')).toBe(1);
    const byArn = new Map(result.resources.map((listener) => [listener.physicalId, listener]));
    expect([...byArn.keys()].sort()).toEqual([httpsArn, testArn, redirectArn].sort());

    const https = byArn.get(httpsArn)!;
    expect(https.name).toBe('bash-dog-443');
    expect(https.properties).toEqual({
      LoadBalancerArn: lbArn,
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-2016-08',
      Certificates: [{ CertificateArn: certificateArn }],
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: blueArn, Weight: 1 },
              { TargetGroupArn: greenArn, Weight: 0 },
            ],
          },
        },
      ],
    });
    expect(https.references).toEqual([
      { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: lbArn, via: 'LoadBalancerArn', kind: 'reference' },
      {
        type: 'AWS::CertificateManager::Certificate',
        id: certificateArn,
        via: 'Certificates.0.CertificateArn',
        kind: 'reference',
      },
      {
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        id: blueArn,
        via: 'DefaultActions.0.ForwardConfig.TargetGroups.0.TargetGroupArn',
        kind: 'reference',
      },
      {
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        id: greenArn,
        via: 'DefaultActions.0.ForwardConfig.TargetGroups.1.TargetGroupArn',
        kind: 'reference',
      },
    ]);

    const test = byArn.get(testArn)!;
    expect(test.name).toBe('bash-dog-8080');
    expect(test.properties.DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: greenArn }]);
    expect(
      test.references.filter((reference) => reference.type === 'AWS::ElasticLoadBalancingV2::TargetGroup'),
    ).toEqual([
      {
        type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        id: greenArn,
        via: 'DefaultActions.0.TargetGroupArn',
        kind: 'reference',
      },
    ]);

    const redirect = byArn.get(redirectArn)!;
    expect(redirect.properties.DefaultActions).toEqual([
      {
        Type: 'redirect',
        RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }),
      },
    ]);
    expect(redirect.references).toEqual([
      { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', id: lbArn, via: 'LoadBalancerArn', kind: 'reference' },
    ]);
    for (const listener of result.resources) expect(JSON.parse(JSON.stringify(listener))).toEqual(listener);
  });

  it('a listener whose load balancer is gone is absent, not an issue', async () => {
    const goneBalancer = httpsArn.replace(/\/[0-9a-f]+\/([0-9a-f]+)$/, '/0123456789abcdef/$1');
    const result = await elbv2ListenerHandler.read(discoveryContext(moto.clients()), [httpsArn, goneBalancer]);

    expect(result.issues).toEqual([]);
    expect(result.resources.map((listener) => listener.physicalId)).toEqual([httpsArn]);
  });

  it('makes the one call per load balancer whichever read reaches its listeners first', async () => {
    // CI once counted one call more than usual: a listener asked for (from a
    // deployment group) before the load balancer's read had started listing
    // them made a call of its own. The count must not hang on that order.
    for (const listenerFirst of [true, false]) {
      const clients = moto.clients();
      const ctx = { ...discoveryContext(clients), described: new DescribedCache() };
      const readListeners = () => elbv2ListenerHandler.read(ctx, [httpsArn, testArn]);
      const readBalancer = () => elbv2LoadBalancerHandler.read(ctx, [lbArn]);
      const [first, second] = listenerFirst ? [readListeners, readBalancer] : [readBalancer, readListeners];
      const results = await Promise.all([first(), second()]);

      expect(results.flatMap((result) => result.issues)).toEqual([]);
      expect(results.flatMap((result) => result.resources).map((resource) => resource.physicalId)).toEqual(
        expect.arrayContaining([lbArn, httpsArn, testArn]),
      );
      expect(clients.counter.count('elasticloadbalancing:DescribeListeners')).toBe(1);
    }
  });

  it('reports a failed read as an issue without throwing', async () => {
    const result = await elbv2ListenerHandler.read(
      discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9' })),
      [httpsArn],
    );
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'elasticloadbalancing:DescribeListeners',
        type: 'AWS::ElasticLoadBalancingV2::Listener',
        physicalIds: [httpsArn],
      }),
    ]);
  });
});
