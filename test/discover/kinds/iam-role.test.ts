import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamRoleHandler } from '../../../src/discover/kinds/iam-role.js';
import { discoveryContext } from '../../support/discovery-context.js';
import { startFaultProxy } from '../../support/fault-proxy.js';
import { startMoto, TEST_ACCOUNT, TEST_REGION, type Moto } from '../../support/moto.js';

// No reset between tests: each test uses its own role names, and a reset reloads IAM's managed policies (~1 s).
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto.stop();
});

const trustPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: '', Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};
const secretsPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: ['arn:aws:secretsmanager:us-east-2:123456789012:secret:bash-dog/*'],
    },
  ],
};
const ecrPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }],
};

describe('AWS::IAM::Role', () => {
  it('canonicalizes role ARNs, with or without a path, to the role name', () => {
    const where = { account: TEST_ACCOUNT, region: TEST_REGION };
    expect(iamRoleHandler.canonicalId!(`arn:aws:iam::${TEST_ACCOUNT}:role/bashDogCodeDeployRole`, where)).toBe(
      'bashDogCodeDeployRole',
    );
    expect(
      iamRoleHandler.canonicalId!(
        `arn:aws:iam::${TEST_ACCOUNT}:role/service-role/codebuild-bash-dog-service-role`,
        where,
      ),
    ).toBe('codebuild-bash-dog-service-role');
    expect(iamRoleHandler.canonicalId!('bashDogCodeDeployRole', where)).toBe('bashDogCodeDeployRole');
  });

  it('reads a role with its decoded trust policy, sorted inline and managed policies, and tags', async () => {
    // Given the execution role of the guide: a managed policy, two inline policies, a path and tags
    const ctx = discoveryContext(moto.clients());
    await ctx.clients.iam.send(
      new CreateRoleCommand({
        RoleName: 'bashDogExecutionRoleForECS',
        Path: '/service-role/',
        Description: 'Pulls images and reads secrets',
        AssumeRolePolicyDocument: JSON.stringify(trustPolicy),
        Tags: [{ Key: 'app', Value: 'bash-dog' }],
      }),
    );
    await ctx.clients.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'bashDogExecutionRoleForECS',
        PolicyName: 'secrets',
        PolicyDocument: JSON.stringify(secretsPolicy),
      }),
    );
    await ctx.clients.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'bashDogExecutionRoleForECS',
        PolicyName: 'ecr-login',
        PolicyDocument: JSON.stringify(ecrPolicy),
      }),
    );
    await ctx.clients.iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'bashDogExecutionRoleForECS',
        PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
      }),
    );
    await ctx.clients.iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'bashDogExecutionRoleForECS',
        PolicyArn: 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS',
      }),
    );

    // When it is read with a name that never existed
    const result = await iamRoleHandler.read(ctx, ['bashDogExecutionRoleForECS', 'never-was']);

    // Then the role comes back in CloudFormation shape, and the missing one is absent
    expect(result.issues).toEqual([]);
    expect(result.resources).toHaveLength(1);
    const [role] = result.resources;
    const arn = `arn:aws:iam::${TEST_ACCOUNT}:role/service-role/bashDogExecutionRoleForECS`;
    expect(role).toMatchObject({
      type: 'AWS::IAM::Role',
      physicalId: 'bashDogExecutionRoleForECS',
      name: 'bashDogExecutionRoleForECS',
      aliases: [arn],
      attributes: { Arn: arn, RoleId: expect.stringMatching(/^AROA/) },
      tags: { app: 'bash-dog' },
      references: [],
    });
    expect(role!.unknown).toBeUndefined();
    expect(role!.properties).toEqual({
      RoleName: 'bashDogExecutionRoleForECS',
      Path: '/service-role/',
      AssumeRolePolicyDocument: trustPolicy,
      Description: 'Pulls images and reads secrets',
      MaxSessionDuration: 3600,
      Policies: [
        { PolicyName: 'ecr-login', PolicyDocument: ecrPolicy },
        { PolicyName: 'secrets', PolicyDocument: secretsPolicy },
      ],
      ManagedPolicyArns: [
        'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS',
        'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
      ],
    });
    // Each call once: the missing role costs one GetRole and nothing more
    expect(ctx.clients.counter.snapshot().callsByOperation).toMatchObject({
      'iam:GetRole': 2,
      'iam:ListRolePolicies': 1,
      'iam:GetRolePolicy': 2,
      'iam:ListAttachedRolePolicies': 1,
    });
  });

  it('leaves out policies a role does not have, and lists roles by name', async () => {
    const ctx = discoveryContext(moto.clients());
    await ctx.clients.iam.send(
      new CreateRoleCommand({ RoleName: 'bare', AssumeRolePolicyDocument: JSON.stringify(trustPolicy) }),
    );
    const [role] = (await iamRoleHandler.read(ctx, ['bare'])).resources;
    expect(role!.properties).toEqual({
      RoleName: 'bare',
      Path: '/',
      AssumeRolePolicyDocument: trustPolicy,
      MaxSessionDuration: 3600,
    });
    expect(role!.tags).toEqual({});
    expect(await iamRoleHandler.list!(ctx)).toContainEqual({ physicalId: 'bare', name: 'bare' });
  });

  it('marks a role unknown when its inline policies cannot be read', async () => {
    // Given a role with an inline policy, and an account that denies GetRolePolicy
    const { iam } = moto.clients();
    await iam.send(
      new CreateRoleCommand({ RoleName: 'guarded', AssumeRolePolicyDocument: JSON.stringify(trustPolicy) }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'guarded', PolicyName: 'p', PolicyDocument: JSON.stringify(ecrPolicy) }),
    );
    const proxy = await startFaultProxy(moto.endpoint, { denyOperations: [/^GetRolePolicy$/] });
    try {
      const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: proxy.endpoint }));

      // When it is read
      const result = await iamRoleHandler.read(ctx, ['guarded']);

      // Then it comes back flagged unknown, with the issue alongside
      expect(result.resources).toEqual([expect.objectContaining({ physicalId: 'guarded', unknown: true })]);
      expect(result.issues).toEqual([
        expect.objectContaining({ operation: 'iam:GetRolePolicy', physicalIds: ['guarded'] }),
      ]);
    } finally {
      await proxy.stop();
    }
  });

  it('records an issue, and does not throw, when AWS cannot be reached', async () => {
    const ctx = discoveryContext(moto.clients(TEST_REGION, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }));
    const result = await iamRoleHandler.read(ctx, ['bare']);
    expect(result.resources).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ operation: 'iam:GetRole', type: 'AWS::IAM::Role', physicalIds: ['bare'] }),
    ]);
  });
});
