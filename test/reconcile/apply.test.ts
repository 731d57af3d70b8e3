import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import type { Change, DeleteChange, Plan } from '../../src/model/plan.js';
import { asLogicalId } from '../../src/model/resource.js';
import type { ResourceType } from '../../src/model/resource-type.js';
import { applyPlan, refusalsOf, type ApplyProgress } from '../../src/reconcile/apply.js';
import type { KindWriter, WriterContext } from '../../src/reconcile/kind-writer.js';

const del = (id: string, type: ResourceType, physicalId = id): DeleteChange => ({
  action: 'delete',
  id: asLogicalId(id),
  type,
  physicalId,
  reason: 'test',
  properties: {},
  attributes: {},
});

const plan = (changes: Change[]): Plan => ({
  schemaVersion: 1,
  mode: 'teardown',
  account: '123456789012',
  region: 'us-east-2',
  stack: 'web',
  createdAt: '2026-01-01T00:00:00.000Z',
  liveFingerprint: `sha256:${'0'.repeat(64)}`,
  changes,
});

const clients = {} as AwsClients;

describe('applyPlan', () => {
  it('runs the changes in order through their writers, reporting gone resources as already done', async () => {
    const seen: string[] = [];
    let context: WriterContext | undefined;
    const writers = new Map<ResourceType, KindWriter>([
      [
        'AWS::ECR::Repository',
        {
          type: 'AWS::ECR::Repository',
          delete: async (ctx, change) => {
            context = ctx;
            seen.push(change.id);
            ctx.note(`deleting ${change.physicalId}`);
            return change.id === 'Gone' ? 'already-gone' : 'deleted';
          },
        },
      ],
    ]);
    const events: ApplyProgress[] = [];
    const outcomes = await applyPlan(
      clients,
      plan([del('A', 'AWS::ECR::Repository'), del('Gone', 'AWS::ECR::Repository')]),
      { writers, onProgress: (event) => events.push(event), forceDeleteSecrets: true },
    );
    expect(seen).toEqual(['A', 'Gone']);
    expect(outcomes).toEqual([
      { id: 'A', action: 'delete', status: 'done' },
      { id: 'Gone', action: 'delete', status: 'already-done' },
    ]);
    expect(events.map((event) => `${event.phase} ${event.index}`)).toEqual([
      'start 1',
      'note 1',
      'finish 1',
      'start 2',
      'note 2',
      'finish 2',
    ]);
    expect(context?.options.forceDeleteSecrets).toBe(true);
    expect(context?.willDelete('AWS::ECR::Repository', 'A')).toBe(true);
    expect(context?.willDelete('AWS::ECR::Repository', 'elsewhere')).toBe(false);
    expect(context?.account).toBe('123456789012');
  });

  it('stops at the first failure, naming the action, resource and error; the rest is not run', async () => {
    const writers = new Map<ResourceType, KindWriter>([
      [
        'AWS::IAM::Role',
        {
          type: 'AWS::IAM::Role',
          delete: async () => {
            throw Object.assign(new Error('Cannot delete entity, must detach all policies first.'), {
              name: 'DeleteConflict',
            });
          },
        },
      ],
      ['AWS::S3::Bucket', { type: 'AWS::S3::Bucket', delete: async () => 'deleted' }],
    ]);
    const outcomes = await applyPlan(
      clients,
      plan([
        del('Bucket', 'AWS::S3::Bucket'),
        del('Role', 'AWS::IAM::Role', 'web-role'),
        del('Later', 'AWS::S3::Bucket'),
      ]),
      { writers },
    );
    expect(outcomes).toEqual([
      { id: 'Bucket', action: 'delete', status: 'done' },
      {
        id: 'Role',
        action: 'delete',
        status: 'failed',
        error:
          'deleting AWS::IAM::Role (web-role): DeleteConflict: Cannot delete entity, must detach all policies first.',
      },
      { id: 'Later', action: 'delete', status: 'not-run' },
    ]);
  });

  it('runs nothing of a plan with a change no writer can make', async () => {
    const deleted: string[] = [];
    const writers = new Map<ResourceType, KindWriter>([
      [
        'AWS::EC2::Subnet',
        {
          type: 'AWS::EC2::Subnet' as never,
          delete: async (_ctx, change) => {
            deleted.push(change.id);
            return 'deleted';
          },
        },
      ],
    ]);
    const create: Change = {
      action: 'create',
      id: asLogicalId('Vpc'),
      type: 'AWS::EC2::VPC',
      reason: 'x',
      properties: {},
    };
    const outcomes = await applyPlan(clients, plan([del('Subnet', 'AWS::EC2::Subnet'), create]), { writers });
    expect(outcomes).toEqual([
      { id: 'Subnet', action: 'delete', status: 'not-run' },
      {
        id: 'Vpc',
        action: 'create',
        status: 'failed',
        error: 'creating AWS::EC2::VPC (Vpc): reclaim cannot create this type',
      },
    ]);
    expect(deleted).toEqual([]);
  });

  it('refuses a replacement up front, saying which property forces it', async () => {
    const replace: Change = {
      action: 'replace',
      id: asLogicalId('Repo'),
      type: 'AWS::ECR::Repository',
      physicalId: 'bash-dog-api',
      reason: 'x',
      properties: {},
      changes: [{ path: 'EncryptionConfiguration.EncryptionType', before: 'AES256', after: 'KMS' }],
      replacedBecause: ['EncryptionConfiguration.EncryptionType'],
    };
    const [outcome] = await applyPlan(clients, plan([replace]), { writers: new Map() });
    expect(outcome).toMatchObject({ status: 'failed' });
    expect((outcome as { error: string }).error).toMatch(
      /EncryptionConfiguration\.EncryptionType cannot change in place, and reclaim does not delete and recreate/,
    );
  });

  it('dispatches creates and updates to the same writers (for reconcile plans)', async () => {
    const writers = new Map<ResourceType, KindWriter>([
      [
        'AWS::Logs::LogGroup',
        {
          type: 'AWS::Logs::LogGroup',
          create: async (_ctx, change) => ({ physicalId: String(change.properties.LogGroupName) }),
          update: async () => undefined,
        },
      ],
    ]);
    const outcomes = await applyPlan(
      clients,
      plan([
        {
          action: 'create',
          id: asLogicalId('Logs'),
          type: 'AWS::Logs::LogGroup',
          reason: 'x',
          properties: { LogGroupName: '/ecs/web' },
        },
        {
          action: 'update',
          id: asLogicalId('Other'),
          type: 'AWS::Logs::LogGroup',
          reason: 'x',
          physicalId: '/ecs/other',
          properties: {},
          changes: [],
        },
      ]),
      { writers },
    );
    expect(outcomes).toEqual([
      { id: 'Logs', action: 'create', status: 'done', physicalId: '/ecs/web' },
      { id: 'Other', action: 'update', status: 'done' },
    ]);
  });
});

/** Clients whose one service answers every command, and fails the ones named in `failing`. */
function fakeClients(failing: readonly string[] = []): AwsClients {
  const iam = {
    middlewareStack: {},
    send: async (command: { constructor: { name: string } }) => {
      const name = command.constructor.name;
      if (failing.includes(name))
        throw Object.assign(new Error(`not authorized to perform ${name}`), { name: 'AccessDenied' });
      return {};
    },
  };
  return { iam, region: 'us-east-2' } as unknown as AwsClients;
}

class ListAttachedRolePoliciesCommand {
  constructor(readonly input: object) {}
}
class DetachRolePolicyCommand {
  constructor(readonly input: object) {}
}
class PutSecretValueCommand {
  constructor(readonly input: object) {}
}
class DeleteRoleCommand {
  constructor(readonly input: object) {}
}

describe('applyPlan reports what a change did before it failed', () => {
  const roleWriter: KindWriter = {
    type: 'AWS::IAM::Role',
    delete: async (ctx) => {
      const send = (command: object) =>
        (ctx.clients.iam as unknown as { send(c: object): Promise<unknown> }).send(command);
      await send(new ListAttachedRolePoliciesCommand({ RoleName: 'web-role' }));
      await send(
        new DetachRolePolicyCommand({ RoleName: 'web-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      );
      await send(new PutSecretValueCommand({ SecretId: 'x', SecretString: 'do-not-print-me' }));
      await send(new DeleteRoleCommand({ RoleName: 'web-role' }));
      return 'deleted';
    },
  };

  it('a change that fails after some writes is partial, with each write AWS confirmed (reads and values left out)', async () => {
    const writers = new Map<ResourceType, KindWriter>([['AWS::IAM::Role', roleWriter]]);
    const outcomes = await applyPlan(
      fakeClients(['DeleteRoleCommand']),
      plan([del('Role', 'AWS::IAM::Role', 'web-role'), del('Later', 'AWS::IAM::Role')]),
      { writers },
    );
    expect(outcomes).toEqual([
      {
        id: 'Role',
        action: 'delete',
        status: 'partial',
        steps: ['DetachRolePolicy arn:aws:iam::aws:policy/ReadOnlyAccess', 'PutSecretValue'],
        error: 'deleting AWS::IAM::Role (web-role): AccessDenied: not authorized to perform DeleteRoleCommand',
      },
      { id: 'Later', action: 'delete', status: 'not-run' },
    ]);
    expect(JSON.stringify(outcomes)).not.toContain('do-not-print-me');
  });

  it('a change that fails before any write is failed, not partial', async () => {
    const writers = new Map<ResourceType, KindWriter>([['AWS::IAM::Role', roleWriter]]);
    const [outcome] = await applyPlan(fakeClients(['DetachRolePolicyCommand']), plan([del('Role', 'AWS::IAM::Role')]), {
      writers,
    });
    expect(outcome).toMatchObject({ status: 'failed' });
  });

  it('refuses the whole plan before any write when a writer refuses one change (secret keys without the flag)', async () => {
    const ran: string[] = [];
    const writers = new Map<ResourceType, KindWriter>([
      [
        'AWS::SecretsManager::Secret',
        {
          type: 'AWS::SecretsManager::Secret',
          refuses: (_change, options) => (options.allowSecretWrites ? undefined : 'pass --allow-secret-writes'),
          delete: async (_ctx, change) => (ran.push(change.id), 'deleted'),
        },
      ],
      [
        'AWS::S3::Bucket',
        { type: 'AWS::S3::Bucket', delete: async (_ctx, change) => (ran.push(change.id), 'deleted') },
      ],
    ]);
    const changes = plan([del('Bucket', 'AWS::S3::Bucket'), del('Secret', 'AWS::SecretsManager::Secret')]);
    expect(refusalsOf(changes, { writers })).toEqual([
      {
        id: 'Secret',
        action: 'delete',
        reason: 'pass --allow-secret-writes',
        error: 'deleting AWS::SecretsManager::Secret (Secret): pass --allow-secret-writes',
      },
    ]);
    const outcomes = await applyPlan(clients, changes, { writers });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['not-run', 'failed']);
    expect(ran).toEqual([]);
    expect(refusalsOf(changes, { writers, allowSecretWrites: true })).toEqual([]);
    await applyPlan(clients, changes, { writers, allowSecretWrites: true });
    expect(ran).toEqual(['Bucket', 'Secret']);
  });
});
