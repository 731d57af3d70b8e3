import { CreateRepositoryCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecrRepositoryHandler, repositoryNameFrom } from '../../../src/discover/kinds/ecr-repository.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js';
import { startMoto, type Moto } from '../../support/moto.js';

let moto: Moto;
let denied: FaultProxy;

const POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'pull', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'ecr:BatchGetImage' },
  ],
};

beforeAll(async () => {
  moto = await startMoto();
  const ecr = moto.clients().ecr;
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'bash-dog-api' }));
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'bash-dog-shared' }));
  await ecr.send(
    new SetRepositoryPolicyCommand({ repositoryName: 'bash-dog-shared', policyText: JSON.stringify(POLICY) }),
  );
  // GetRepositoryPolicy refused, the rest of ECR allowed.
  denied = await startFaultProxy(moto.endpoint, { denyOperations: [/\.GetRepositoryPolicy$/] });
});
afterAll(async () => {
  await denied?.stop();
  await moto?.stop();
});

describe('AWS::ECR::Repository', () => {
  it('takes the name from an ARN or an image URI', () => {
    expect(repositoryNameFrom('arn:aws:ecr:us-east-2:123456789012:repository/bash-dog-api')).toBe('bash-dog-api');
    expect(repositoryNameFrom('123456789012.dkr.ecr.us-east-2.amazonaws.com/bash-dog-api:latest')).toBe('bash-dog-api');
  });

  it('reads the repository policy as a JSON object, and none as absent (not an issue)', async () => {
    const ctx = discoveryContext(moto.clients());
    const result = await ecrRepositoryHandler.read(ctx, ['bash-dog-api', 'bash-dog-shared']);
    expect(result.issues).toEqual([]);
    const byName = Object.fromEntries(result.resources.map((resource) => [resource.physicalId, resource]));
    expect(byName['bash-dog-shared']!.properties.RepositoryPolicyText).toEqual(POLICY);
    expect(byName['bash-dog-api']!.properties).not.toHaveProperty('RepositoryPolicyText');
    expect(byName['bash-dog-api']!.unknown).toBeUndefined();
    // One GetRepositoryPolicy a repository, no more.
    expect(ctx.clients.counter.snapshot().callsByOperation['ecr:GetRepositoryPolicy']).toBe(2);
  });

  it('reports a policy it may not read as an issue, and the repository as unknown', async () => {
    const ctx = discoveryContext(moto.clients(undefined, { endpoint: denied.endpoint }));
    const result = await ecrRepositoryHandler.read(ctx, ['bash-dog-api']);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 'ecr:GetRepositoryPolicy', code: 'AccessDeniedException' }),
    ]);
    expect(result.resources).toHaveLength(1);
    expect(result.resources[0]!.unknown).toBe(true);
  });
});
