import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import type { Change, DeleteChange, Plan } from '../../src/model/plan.js';
import { asLogicalId } from '../../src/model/resource.js';
import type { ResourceType } from '../../src/model/resource-type.js';
import { applyPlan, type ApplyProgress } from '../../src/reconcile/apply.js';
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
