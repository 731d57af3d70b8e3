import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import type { DiscoveredResource } from '../../src/discover/kind-handler.js';
import { readAccountView, type AccountView } from '../../src/inventory/account-view.js';
import { recordCodeStarConnections } from '../support/codestar-recorded.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, type Moto } from '../support/moto.js';
import { buildConsoleStack, type ScenarioFacts } from '../support/scenario.js';

// IAM roles read in bulk (ListRoles + GetAccountAuthorizationDetails) against the emulator, compared with the
// per-role reads. CodeStar Connections is recorded HTTP (test/support/codestar-recorded.ts).
let moto: Moto;
let facts: ScenarioFacts;
let denied: FaultProxy;
const stops: Array<() => void> = [];

const rolesOf = (view: AccountView): DiscoveredResource[] =>
  [...view.resources.values()]
    .filter((resource) => resource.type === 'AWS::IAM::Role')
    .sort((a, b) => a.physicalId.localeCompare(b.physicalId));

beforeAll(async () => {
  moto = await startMoto();
  facts = await buildConsoleStack(moto.clients(), { name: 'kennel', withDebris: false });
  // A role with everything the two bulk reads split between them: path, description, session length, tags,
  // boundary, an inline policy.
  await moto.clients().iam.send(
    new CreateRoleCommand({
      RoleName: 'deploy-bot',
      Path: '/automation/',
      Description: 'deploys things',
      MaxSessionDuration: 7200,
      PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      Tags: [{ Key: 'team', Value: 'platform' }],
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await moto.clients().iam.send(
    new PutRolePolicyCommand({
      RoleName: 'deploy-bot',
      PolicyName: 'read-buckets',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a/*' }],
      }),
    }),
  );
  denied = await startFaultProxy(moto.endpoint, { denyOperations: [/GetAccountAuthorizationDetails/] });
  stops.push(() => void denied.stop());
  for (const endpoint of [moto.endpoint, denied.endpoint]) {
    stops.push(recordCodeStarConnections(endpoint, [facts.connection!]));
  }
}, 120_000);

afterAll(async () => {
  for (const stop of stops) stop();
  await moto?.stop();
});

describe('IAM roles in bulk', () => {
  it('reads every role with the same properties, tags and attributes as the per-role reads', async () => {
    const bulk = await readAccountView(moto.clients());
    const oneByOne = await readAccountView(moto.clients(), { bulkIam: false });
    expect(rolesOf(bulk).length).toBeGreaterThanOrEqual(6);
    expect(rolesOf(bulk)).toEqual(rolesOf(oneByOne));
    const bot = rolesOf(bulk).find((role) => role.physicalId === 'deploy-bot')!;
    expect(bot.properties).toMatchObject({
      Path: '/automation/',
      Description: 'deploys things',
      MaxSessionDuration: 7200,
      PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    expect(bot.tags).toEqual({ team: 'platform' });

    const calls = bulk.stats.callsByOperation;
    expect(calls['iam:GetAccountAuthorizationDetails']).toBe(1);
    expect(calls['iam:ListRoles']).toBe(1);
    for (const perRole of [
      'iam:GetRole',
      'iam:ListRolePolicies',
      'iam:GetRolePolicy',
      'iam:ListAttachedRolePolicies',
    ]) {
      expect(calls[perRole], perRole).toBeUndefined();
      expect(oneByOne.stats.callsByOperation[perRole], perRole).toBeGreaterThan(0);
    }
  });

  it('falls back to per-role reads when the caller may not read the authorization details', async () => {
    const view = await readAccountView(moto.clients(undefined, { endpoint: denied.endpoint }));
    const oneByOne = await readAccountView(moto.clients(), { bulkIam: false });
    expect(denied.counts.denied).toBe(1);
    expect(view.issues).toEqual([]);
    expect(view.stats.callsByOperation['iam:GetRole']).toBe(rolesOf(view).length);
    expect(rolesOf(view)).toEqual(rolesOf(oneByOne));
  });

  it('one-stack discovery reads its roles in bulk too, and per role when refused, with the same snapshot', async () => {
    const bulk = await discover(moto.clients(), { stack: 'kennel' });
    const refused = await discover(moto.clients(undefined, { endpoint: denied.endpoint }), { stack: 'kennel' });
    const roles = (snapshot: typeof bulk) =>
      snapshot.resources.filter((resource) => resource.type === 'AWS::IAM::Role');
    expect(roles(bulk).length).toBeGreaterThanOrEqual(4);
    expect(roles(bulk)).toEqual(roles(refused));
    expect(refused.issues).toEqual([]);
    expect(bulk.stats.callsByOperation['iam:GetAccountAuthorizationDetails']).toBe(1);
    expect(bulk.stats.callsByOperation['iam:GetRole']).toBeUndefined();
    expect(refused.stats.callsByOperation['iam:GetRole']).toBe(roles(refused).length);
  });
});
