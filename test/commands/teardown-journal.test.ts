import { CreateBucketCommand, DeleteBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Teardown from '../../src/commands/teardown.js';
import { discover } from '../../src/discover/discover.js';
import type { DeleteChange, Plan } from '../../src/model/plan.js';
import { applyPlan } from '../../src/reconcile/apply.js';
import type { DestroyReport } from '../../src/reconcile/destroy.js';
import { fileJournal, withUnfinished } from '../../src/reconcile/journal.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';
import { KNOWN_SECRET_VALUE } from '../support/scenario.js';
import { recordCodeDeployDeletes, type CodeDeployRecording } from '../reconcile/support/codedeploy-recorded.js';

// A journal from a teardown of an earlier incarnation of bash-dog, three days old: since then the artifact bucket it
// meant to delete was made again under the same name, and another team's pipeline was pointed at the connection.
// The emulator lacks CodeStar Connections (recorded reads, test/support/codestar-recorded.ts) and CodeDeploy's
// deletes (test/reconcile/support/codedeploy-recorded.ts); everything else runs against moto.
let stack: EmulatedStack;
let codeDeploy: CodeDeployRecording;
let stateDir: string;
let journaled: Plan;
const FAST = { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 1 };
const THREE_DAYS_AGO = new Date(Date.now() - 3 * 24 * 3600 * 1000 - 60_000).toISOString();

const teardown = (...argv: string[]) =>
  runCommand(Teardown, ['--stack', 'bash-dog', '--confirm', 'bash-dog', ...argv, ...stack.awsFlags()]);

beforeAll(async () => {
  stack = await startEmulatedStack();
  codeDeploy = recordCodeDeployDeletes(stack.moto.endpoint);
  stateDir = await mkdtemp(join(tmpdir(), 'reclaim-state-'));
  process.env.RECLAIM_STATE_DIR = stateDir;
  const dry = await teardown('--json');
  journaled = { ...(JSON.parse(dry.stdout) as DestroyReport).plan, createdAt: THREE_DAYS_AGO };
});

afterAll(async () => {
  codeDeploy?.stop();
  await stack?.stop();
});

describe('a teardown journal from an earlier incarnation of the stack', () => {
  it('does not delete a journaled resource that was recreated or is used from outside now, and shows its age', async () => {
    // Given the earlier run's journal, and that run killed after its first 12 changes.
    await fileJournal(stateDir).save(journaled);
    const killed = await applyPlan(
      stack.moto.clients(),
      { ...journaled, changes: journaled.changes.slice(0, 12) },
      { wait: FAST },
    );
    expect(killed.map((outcome) => outcome.status)).toEqual(Array(12).fill('done'));
    const seen = await discover(stack.moto.clients(), { stack: 'bash-dog' });
    const { unfinished } = withUnfinished(seen, journaled);
    const outOfSight = [...unfinished.values()].filter(
      (change) => !seen.resources.some((r) => r.physicalId === change.physicalId),
    );
    const bucket = stack.facts.names.bucket;
    const connection = stack.facts.names.connectionArn;
    expect(outOfSight.map((change) => change.physicalId)).toEqual(expect.arrayContaining([bucket, connection]));

    // And since then: the artifact bucket made again under its name, and another team's pipeline using the connection.
    const clients = stack.moto.clients();
    await clients.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    await clients.s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'us-east-2' } }),
    );
    await clients.s3.send(
      new CreateBucketCommand({
        Bucket: 'bash-cat-artifacts',
        CreateBucketConfiguration: { LocationConstraint: 'us-east-2' },
      }),
    );
    const catRole = await clients.iam.send(
      new CreateRoleCommand({
        RoleName: 'bash-cat-pipeline-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'codepipeline.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await clients.codepipeline.send(
      new CreatePipelineCommand({
        pipeline: {
          name: 'bash-cat-pipeline',
          roleArn: catRole.Role!.Arn!,
          artifactStore: { type: 'S3', location: 'bash-cat-artifacts' },
          stages: [
            {
              name: 'Source',
              actions: [
                {
                  name: 'Source',
                  actionTypeId: {
                    category: 'Source',
                    owner: 'AWS',
                    provider: 'CodeStarSourceConnection',
                    version: '1',
                  },
                  configuration: { ConnectionArn: connection, FullRepositoryId: 'acme/bash-cat', BranchName: 'main' },
                  outputArtifacts: [{ name: 'SourceArtifact' }],
                },
              ],
            },
            {
              name: 'Build',
              actions: [
                {
                  name: 'Build',
                  actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
                  configuration: { ProjectName: 'bash-cat-build' },
                  inputArtifacts: [{ name: 'SourceArtifact' }],
                },
              ],
            },
          ],
        },
      }),
    );

    // When teardown runs again (dry run first).
    const dry = await teardown('--json');
    const report = JSON.parse(dry.stdout) as DestroyReport;
    const planned = (report.plan.changes as DeleteChange[]).map((change) => `${change.type} ${change.physicalId}`);
    expect(planned).not.toContain(`AWS::S3::Bucket ${bucket}`);
    expect(planned).not.toContain(`AWS::CodeStarConnections::Connection ${connection}`);
    const why = new Map(report.kept.map((finding) => [finding.physicalId, finding]));
    expect(why.get(bucket)).toMatchObject({ kind: 'recreated' });
    expect(why.get(bucket)?.why).toMatch(
      /recreated since the journal from a run 3 days ago .* was written \(made \S+, after the journal\)/,
    );
    expect(why.get(connection)).toMatchObject({ kind: 'used-outside' });
    expect(why.get(connection)?.why).toMatch(/pipeline bash-cat-pipeline.*journaled from a run 3 days ago/);
    const resumed = (report.plan.changes as DeleteChange[]).find((change) =>
      /unfinished by an earlier run/.test(change.reason),
    );
    expect(resumed?.reason).toMatch(/from a run 3 days ago/);

    // Then acting deletes the rest and leaves those two standing.
    const acted = await teardown('--yes');
    expect(acted.exitCode, acted.stdout + acted.stderr).toBe(0);
    expect(acted.stdout).toMatch(/from a run 3 days ago/);
    expect(acted.stdout + acted.stderr).not.toContain(KNOWN_SECRET_VALUE);
    // The bucket made since still stands.
    await expect(stack.moto.clients().s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
    expect(await readdir(stateDir)).toEqual([]);
  });
});
