import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTargetGroupsCommand, CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Apply from '../../src/commands/apply.js';
import Plan from '../../src/commands/plan.js';
import type { AwsClients } from '../../src/aws/clients.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { discover } from '../../src/discover/discover.js';
import { canonicalJson } from '../../src/model/fingerprint.js';
import type { Change, Plan as PlanData } from '../../src/model/plan.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';
import { buildDecoyStack, KNOWN_SECRET_VALUE, type ScenarioFacts } from '../support/scenario.js';

// Section 3 of issue 9: a saved plan is what was reviewed, or nothing. Everything runs against moto;
// CodeStar Connections is recorded HTTP (the emulator lacks it).
let stack: EmulatedStack;
let aws: AwsClients;
let facts: ScenarioFacts;
let desiredFile: string;
let doghouseFile: string;

const awsFlags = () => stack.awsFlags();
const file = (name: string) => join(stack.dir, name);
const retentionOf = async (name: string) =>
  (await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups!.find(
    (group) => group.logGroupName === name,
  )?.retentionInDays;
const readPlanFile = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as PlanData;
const writePlanFile = (path: string, plan: PlanData) => writeFile(path, JSON.stringify(plan, null, 2));
/** The plan contract's digest of its changes: sha256 of their canonical JSON (what a careful forger would recompute). */
const changesDigest = (changes: readonly Change[]) =>
  `sha256:${createHash('sha256').update(canonicalJson(changes)).digest('hex')}`;

/** `reclaim plan --out FILE`, with the desired file first. */
async function savePlan(name: string, ...argv: string[]): Promise<string> {
  const out = file(name);
  const planned = await runCommand(Plan, ['--desired', desiredFile, '--out', out, ...argv, ...awsFlags()]);
  expect(planned.exitCode, planned.stderr).toBe(2);
  return out;
}

const apply = (...argv: string[]) => runCommand(Apply, [...argv, ...awsFlags()]);

/** Every refusal: exit 1, nothing changed, and the fix is to make the plan again. */
function expectRefused(result: { exitCode: number; stderr: string; stdout: string }, what: RegExp) {
  expect(result.exitCode, result.stdout + result.stderr).toBe(1);
  expect(result.stderr).toMatch(what);
  expect(result.stderr).toMatch(/nothing was changed/);
  expect(result.stderr).toMatch(/reclaim plan .*--out/);
  expect(result.stdout + result.stderr).not.toContain(KNOWN_SECRET_VALUE);
}

beforeAll(async () => {
  stack = await startEmulatedStack();
  facts = stack.facts;
  aws = stack.moto.clients();
  await buildDecoyStack(aws, 'bash-doghouse');
  desiredFile = file('reclaim.yaml');
  doghouseFile = file('doghouse.yaml');
  const [dog, doghouse] = await Promise.all([
    discover(aws, { stack: 'bash-dog' }),
    discover(aws, { stack: 'bash-doghouse' }),
  ]);
  await writeFile(desiredFile, renderDesiredState(desiredFromSnapshot(dog)));
  await writeFile(doghouseFile, renderDesiredState(desiredFromSnapshot(doghouse)));
  // One drift to plan for: a retention changed by hand (the file says 30).
  await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: facts.names.taskLogGroup, retentionInDays: 90 }));
});

afterAll(async () => {
  await stack?.stop();
});

describe('apply --plan runs a saved plan only if it is what was reviewed', () => {
  it('refuses a plan whose changes were edited by hand, and changes nothing', async () => {
    const planFile = await savePlan('edited-value.json');
    const plan = await readPlanFile(planFile);
    const update = plan.changes.find((change) => change.type === 'AWS::Logs::LogGroup')!;
    expect(update.action).toBe('update');
    (update.properties as Record<string, unknown>).RetentionInDays = 1;
    await writePlanFile(planFile, plan);

    const result = await apply('--plan', planFile, '--yes');
    expectRefused(result, /changes in \S+edited-value\.json were edited after it was written/);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);
  });

  it('refuses an edit whose digest was recomputed too: the plan re-derived from the file and live differs', async () => {
    const planFile = await savePlan('edited-and-resealed.json');
    const plan = await readPlanFile(planFile);
    const changes = plan.changes.map((change) =>
      change.type === 'AWS::Logs::LogGroup'
        ? { ...change, properties: { ...change.properties, RetentionInDays: 1 } }
        : change,
    ) as Change[];
    await writePlanFile(planFile, { ...plan, changes, changesDigest: changesDigest(changes) });

    const result = await apply('--plan', planFile, '--yes');
    expectRefused(result, /differs from the plan made now from .*reclaim\.yaml and live/);
    expect(result.stderr).toMatch(
      /only in the saved plan: update \w*LogGroup .*only in the plan made now: update \w*LogGroup/,
    );
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);
  });

  it('refuses an injected delete of a declared secret (no --prune), and the secret stays', async () => {
    const planFile = await savePlan('injected-delete.json');
    const plan = await readPlanFile(planFile);
    const injected: Change = {
      action: 'delete',
      id: 'Secret' as Change['id'],
      type: 'AWS::SecretsManager::Secret',
      physicalId: facts.names.secretArn,
      reason: 'unmanaged',
      properties: {},
      attributes: {},
    };
    await writePlanFile(planFile, { ...plan, changes: [...plan.changes, injected] });

    const result = await apply('--plan', planFile, '--yes', '--force-delete-secrets');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/nothing was changed/);
    const secret = await aws.secretsManager.send(new DescribeSecretCommand({ SecretId: facts.names.secretArn }));
    expect(secret.DeletedDate).toBeUndefined();
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);

    // Even with the digest recomputed, the re-derived plan has no such delete.
    const changes = [...plan.changes, injected];
    await writePlanFile(planFile, { ...plan, changes, changesDigest: changesDigest(changes) });
    const resealed = await apply('--plan', planFile, '--yes');
    expectRefused(resealed, /differs from the plan made now/);
    expect(resealed.stderr).toMatch(/only in the saved plan: delete Secret \(AWS::SecretsManager::Secret\)/);
    const still = await aws.secretsManager.send(new DescribeSecretCommand({ SecretId: facts.names.secretArn }));
    expect(still.DeletedDate).toBeUndefined();
  });

  it('refuses a plan made with --prune when apply is run without it, naming the flag', async () => {
    // Something to prune: a target group in the stack's VPC that the file does not declare.
    const { TargetGroups } = await aws.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'bash-dog-canary',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: facts.names.vpcId,
        TargetType: 'ip',
      }),
    );
    const canary = TargetGroups![0]!.TargetGroupArn!;
    const planFile = await savePlan('pruned.json', '--prune');
    expect((await readPlanFile(planFile)).changes.some((change) => change.action === 'delete')).toBe(true);

    const result = await apply('--plan', planFile, '--yes');
    expectRefused(result, /made with --prune/);
    const left = await aws.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [canary] }));
    expect(left.TargetGroups).toHaveLength(1);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);

    // And the other way round: a plan without --prune is not run with it.
    const plain = await savePlan('not-pruned.json');
    expectRefused(await apply('--plan', plain, '--prune', '--yes'), /made without --prune/);
  });

  it('says a plan of another stack, account or region is one, not that live has changed', async () => {
    const planFile = file('doghouse-plan.json');
    const planned = await runCommand(Plan, ['--desired', doghouseFile, '--out', planFile, ...awsFlags()]);
    expect(planned.exitCode, planned.stderr).toBeLessThan(2);
    const result = await apply('--plan', planFile, '--desired', desiredFile, '--yes');
    expectRefused(result, /another stack: bash-doghouse, not bash-dog/);
    expect(result.stderr).not.toMatch(/Live has changed/);

    const ours = await savePlan('for-another-account.json');
    await writePlanFile(ours, { ...(await readPlanFile(ours)), account: '999999999999' });
    expectRefused(await apply('--plan', ours, '--yes'), /another account: 999999999999, not 123456789012/);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);
  });

  it('refuses a plan whose desired file was edited since', async () => {
    const planFile = await savePlan('before-edit.json');
    const original = await readFile(desiredFile, 'utf8');
    await writeFile(desiredFile, original.replace(/RetentionInDays: 30/, 'RetentionInDays: 14'));
    try {
      const result = await apply('--plan', planFile, '--yes');
      expectRefused(result, /reclaim\.yaml has changed since this plan was made/);
      expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);
    } finally {
      await writeFile(desiredFile, original);
    }
  });

  it('refuses, before any write, a plan with a secret key change when secret writes are not allowed', async () => {
    const edited = file('new-secret-key.yaml');
    const text = await readFile(desiredFile, 'utf8');
    const withKey = text.replace(/(SecretKeys:\n(\s+)- \S+\n)/, '$1$2- NEW_KEY\n');
    expect(withKey).not.toBe(text);
    await writeFile(edited, withKey);
    const keysOf = async () =>
      Object.keys(
        JSON.parse(
          (await aws.secretsManager.send(new GetSecretValueCommand({ SecretId: facts.names.secretArn }))).SecretString!,
        ) as object,
      ).sort();
    const keysBefore = await keysOf();

    const result = await apply('--desired', edited, '--yes');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/--allow-secret-writes/);
    expect(result.stdout).toMatch(/not run\s+update AWS::Logs::LogGroup/);
    expect(result.stdout + result.stderr).not.toContain(KNOWN_SECRET_VALUE);
    // The other change (the retention) did not happen, nor did the key change.
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(90);
    expect(await keysOf()).toEqual(keysBefore);

    // The plan says so before anyone applies it.
    const planned = await runCommand(Plan, ['--desired', edited, ...awsFlags()]);
    expect(planned.stdout).toMatch(/apply refuses this plan: .*--allow-secret-writes/);
  });

  it('applies a fresh plan, made and applied with the same flags, exactly', async () => {
    const planFile = await savePlan('fresh.json', '--prune');
    const result = await apply('--plan', planFile, '--prune', '--yes');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(await retentionOf(facts.names.taskLogGroup)).toBe(30);
  });
});
