import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { closedPort } from '../support/run-cli.js';

const credentials = async () => ({ accessKeyId: 'testing', secretAccessKey: 'testing' });

it('builds a service client when its first command is sent, once, and not before', async () => {
  // Given clients for an endpoint nothing listens on, and a record of every client built
  const built: string[] = [];
  const clients = new AwsClients({
    region: 'us-east-2',
    endpointUrl: `http://127.0.0.1:${await closedPort()}`,
    credentials,
    instrument: (_client, service) => built.push(service),
  });

  // When services are only named, nothing is built
  void clients.ec2;
  void clients.iam;
  expect(built).toEqual([]);

  // Then sending builds that service's client alone, and the same one serves the next call
  await expect(clients.ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow(/cannot reach/);
  await expect(clients.ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow(/cannot reach/);
  expect(built).toEqual(['ec2']);
  expect(clients.counter.count('ec2:DescribeVpcs')).toBe(2);
  expect(await clients.ec2.resolve()).toBe(await clients.ec2.resolve());
});
