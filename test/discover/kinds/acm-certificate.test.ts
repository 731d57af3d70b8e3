import { ImportCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmCertificateHandler } from '../../../src/discover/kinds/acm-certificate.js';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startMoto, TEST_REGION, type Moto } from '../../support/moto.js';
import { originCertificatePem } from '../../support/scenario/environment.js';

let moto: Moto;
let ctx: DiscoveryContext;
let importedArn: string;
let requestedArn: string;

beforeAll(async () => {
  moto = await startMoto();
  const clients = moto.clients();
  ctx = discoveryContext(moto.clients());
  const pem = await originCertificatePem();
  // The guide's CloudFlare origin certificate: imported, not issued by ACM.
  importedArn = (
    await clients.acm.send(
      new ImportCertificateCommand({
        Certificate: Buffer.from(pem.certificate),
        PrivateKey: Buffer.from(pem.privateKey),
        Tags: [{ Key: 'project', Value: 'bash-dog' }],
      }),
    )
  ).CertificateArn!;
  requestedArn = (
    await clients.acm.send(
      new RequestCertificateCommand({
        DomainName: 'api.example.com',
        ValidationMethod: 'DNS',
        SubjectAlternativeNames: ['www.example.com'],
      }),
    )
  ).CertificateArn!;
});
afterAll(async () => {
  await moto?.stop();
});

describe('acmCertificateHandler', () => {
  it('reads an imported certificate: no validation method, dates as ISO strings', async () => {
    const missing = importedArn.replace(/[0-9a-f]{4}$/, '0000');
    const result = await acmCertificateHandler.read(ctx, [importedArn, missing]);

    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const [certificate] = result.resources;
    expect(certificate).toMatchObject({
      physicalId: importedArn,
      name: 'example.com',
      tags: { project: 'bash-dog' },
      // Imported: it may be a Cloudflare origin certificate, matched by serial (moto reports it in decimal).
      references: [
        {
          type: 'Cloudflare::SSL::OriginCACertificate',
          id: expect.stringMatching(/^serial:[0-9a-f]+$/),
          via: 'Serial',
          kind: 'reference',
        },
      ],
    });
    expect(certificate!.properties).toEqual({
      DomainName: 'example.com',
      SubjectAlternativeNames: ['*.example.com', 'example.com'],
    });
    expect(certificate!.attributes).toEqual({
      Type: 'IMPORTED',
      Status: 'ISSUED',
      NotBefore: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      NotAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      InUseBy: [],
      KeyAlgorithm: 'RSA_2048',
    });
    expect(JSON.parse(JSON.stringify(certificate))).toEqual(certificate);
  });

  it('reads a requested certificate with its validation method, one call of each kind per ARN', async () => {
    const clients = moto.clients();
    const result = await acmCertificateHandler.read(discoveryContext(clients), [requestedArn, requestedArn]);

    expect(result.resources).toHaveLength(1);
    expect(result.resources[0]!.properties).toEqual({
      DomainName: 'api.example.com',
      SubjectAlternativeNames: ['api.example.com', 'www.example.com'],
      ValidationMethod: 'DNS',
    });
    expect(result.resources[0]!.attributes).toMatchObject({ Type: 'AMAZON_ISSUED' });
    expect(clients.counter.snapshot().callsByOperation).toEqual({
      'acm:DescribeCertificate': 1,
      'acm:ListTagsForCertificate': 1,
    });
  });

  it('reports a failed read as an issue without throwing', async () => {
    const result = await acmCertificateHandler.read(
      discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9' })),
      [importedArn],
    );
    expect(result.resources).toEqual([]);
    expect(result.issues.map((issue) => issue.operation).sort()).toEqual([
      'acm:DescribeCertificate',
      'acm:ListTagsForCertificate',
    ]);
    expect(result.issues[0]).toMatchObject({
      type: 'AWS::CertificateManager::Certificate',
      physicalIds: [importedArn],
    });
  });
});
