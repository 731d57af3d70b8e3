import { CreateClusterCommand, CreateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Discover from '../../src/commands/discover.js';
import Import from '../../src/commands/import.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';

let stack: EmulatedStack;

beforeAll(async () => {
  stack = await startEmulatedStack('bash-dog');
});

afterAll(async () => {
  await stack?.stop();
});

const discoverJson = async (...argv: string[]) => {
  const result = await runCommand(Discover, ['--stack', 'bash-dog', ...argv, '--json', ...stack.awsFlags()]);
  return { ...result, snapshot: result.exitCode === 0 ? (JSON.parse(result.stdout) as Snapshot) : undefined };
};
const labels = (snapshot: Snapshot) =>
  snapshot.resources.map(
    (resource) => `${resource.type} ${resource.physicalId} ${resource.orphan ? 'debris' : 'live'}`,
  );

describe('--service NAME without its cluster', () => {
  it('resolves to the one service of that name: the same graph as CLUSTER/SERVICE, no live resource called debris', async () => {
    const qualified = await discoverJson('--service', 'bash-dog/bash-dog');
    expect(qualified.exitCode, qualified.stderr).toBe(0);
    const bare = await discoverJson('--service', 'bash-dog');
    expect(bare.exitCode, bare.stderr).toBe(0);
    expect(labels(bare.snapshot!)).toEqual(labels(qualified.snapshot!));
    // Before, the bare name read as nothing, and the service, its cluster and all they use came out as debris.
    const debris = bare.snapshot!.resources.filter((resource) => resource.orphan).map((resource) => resource.type);
    for (const type of ['AWS::ECS::Service', 'AWS::ECS::Cluster', 'AWS::ECS::TaskDefinition'])
      expect(
        bare.snapshot!.resources.some((resource) => resource.type === type && !resource.orphan),
        type,
      ).toBe(true);
    expect(debris).not.toContain('AWS::ECS::Cluster');
  });

  it('a name no cluster has is refused, naming the form to use', async () => {
    const result = await discoverJson('--service', 'no-such-service');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('SERVICE_NOT_FOUND');
    expect(result.stdout).toContain('CLUSTER/SERVICE');
  });

  it('a name two clusters have is refused, listing both; import writes nothing', async () => {
    const ecs = stack.moto.clients().ecs;
    await ecs.send(new CreateClusterCommand({ clusterName: 'bash-dog-staging' }));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'bash-dog-staging',
        serviceName: 'bash-dog',
        taskDefinition: 'bash-dog',
        desiredCount: 0,
      }),
    );
    const result = await discoverJson('--service', 'bash-dog');
    expect(result.exitCode).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('AMBIGUOUS_SERVICE');
    expect(error.message).toContain('bash-dog-staging/bash-dog, bash-dog/bash-dog');

    const out = `${stack.dir}/reclaim.yaml`;
    const imported = await runCommand(Import, [
      '--stack',
      'bash-dog',
      '--service',
      'bash-dog',
      '--out',
      out,
      ...stack.awsFlags(),
    ]);
    expect(imported.exitCode).toBe(1);
    expect(imported.stderr).toContain('--service bash-dog-staging/bash-dog or --service bash-dog/bash-dog');
  });
});
