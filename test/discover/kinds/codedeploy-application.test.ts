import { CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveryContext } from '../../../src/discover/kind-handler.js';
import { codedeployApplicationHandler } from '../../../src/discover/kinds/codedeploy-application.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startFaultProxy } from '../../support/fault-proxy.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

// No reset between tests: each test uses its own names, and a reset reloads IAM's managed policies (~1 s).
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});

const arnOf = (name: string) => `arn:aws:codedeploy:${TEST_REGION}:${TEST_ACCOUNT}:application:${name}`;

async function givenApplication(ctx: DiscoveryContext, name: string, groups: string[] = []): Promise<void> {
  await ctx.clients.codedeploy.send(
    new CreateApplicationCommand({
      applicationName: name,
      computePlatform: 'ECS',
      tags: [{ Key: 'app', Value: 'bash-dog' }],
    }),
  );
  for (const group of groups) {
    await ctx.clients.codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: name,
        deploymentGroupName: group,
        serviceRoleArn: `arn:aws:iam::${TEST_ACCOUNT}:role/bashDogCodeDeployRole`,
      }),
    );
  }
}

describe('AWS::CodeDeploy::Application', () => {
  it('canonicalizes an ARN to the application name', () => {
    const where = { account: TEST_ACCOUNT, region: TEST_REGION };
    expect(codedeployApplicationHandler.canonicalId!(arnOf('bash-dog'), where)).toBe('bash-dog');
    expect(codedeployApplicationHandler.canonicalId!('bash-dog', where)).toBe('bash-dog');
  });

  it('reads an application that contains its deployment groups', async () => {
    // Given the application the ECS console made for a blue/green service
    const ctx = discoveryContext(moto.clients());
    await givenApplication(ctx, 'AsFbaw-bash-dog', ['AsFbaw-bash-dog-bash-dog']);

    // When it is read
    const result = await codedeployApplicationHandler.read(ctx, ['AsFbaw-bash-dog']);

    // Then it comes back with its tags, and contains its group under reclaim's `<application>/<group>` id
    expect(result.issues).toEqual([]);
    expect(result.resources).toEqual([
      {
        type: 'AWS::CodeDeploy::Application',
        physicalId: 'AsFbaw-bash-dog',
        name: 'AsFbaw-bash-dog',
        aliases: [arnOf('AsFbaw-bash-dog')],
        properties: { ApplicationName: 'AsFbaw-bash-dog', ComputePlatform: 'ECS' },
        tags: { app: 'bash-dog' },
        references: [
          {
            type: 'AWS::CodeDeploy::DeploymentGroup',
            id: 'AsFbaw-bash-dog/AsFbaw-bash-dog-bash-dog',
            via: 'DeploymentGroups',
            kind: 'contains',
          },
        ],
      },
    ]);
  });

  it('tells missing names from present ones when one missing name fails the whole batch', async () => {
    // Given two applications (moto fails BatchGetApplications whole when any name is missing)
    const ctx = discoveryContext(moto.clients());
    await givenApplication(ctx, 'one');
    await givenApplication(ctx, 'two');

    // When they are read with a name that never existed
    const result = await codedeployApplicationHandler.read(ctx, ['one', 'never-was', 'two']);

    // Then the two come back, the missing one is absent, and nothing is an issue
    expect(result.issues).toEqual([]);
    expect(result.resources.map((r) => r.physicalId).sort()).toEqual(['one', 'two']);
    // One batch call, then one per name
    expect(ctx.clients.counter.snapshot().callsByOperation['codedeploy:BatchGetApplications']).toBe(4);

    // And the sweep lists both
    expect(await codedeployApplicationHandler.list!(ctx)).toEqual(
      expect.arrayContaining([
        { physicalId: 'one', name: 'one' },
        { physicalId: 'two', name: 'two' },
      ]),
    );
  });

  it('marks an application unknown when its deployment groups cannot be listed', async () => {
    await givenApplication(discoveryContext(moto.clients()), 'bash-dog', ['bash-dog']);
    const proxy = await startFaultProxy(moto.endpoint, { denyOperations: [/ListDeploymentGroups/] });
    try {
      const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: proxy.endpoint }));
      const result = await codedeployApplicationHandler.read(ctx, ['bash-dog']);
      expect(result.resources).toEqual([
        expect.objectContaining({ physicalId: 'bash-dog', unknown: true, references: [] }),
      ]);
      expect(result.issues).toEqual([
        expect.objectContaining({
          operation: 'codedeploy:ListDeploymentGroups',
          code: 'AccessDeniedException',
          physicalIds: ['bash-dog'],
        }),
      ]);
    } finally {
      await proxy.stop();
    }
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }));
    const result = await codedeployApplicationHandler.read(ctx, ['bash-dog']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        operation: 'codedeploy:BatchGetApplications',
        type: 'AWS::CodeDeploy::Application',
        physicalIds: ['bash-dog'],
      }),
    ]);
  });
});
