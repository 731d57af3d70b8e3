import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetRepositoryPolicyCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import {
  AddListenerCertificatesCommand,
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import {
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import Apply from '../../src/commands/apply.js';
import Drift from '../../src/commands/drift.js';
import Import from '../../src/commands/import.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { ESCALATIONS, makeEscalations } from '../support/hand-changes.js';
import { runCommand } from '../support/run-command.js';
import { importOriginCertificate } from '../support/scenario/environment.js';
import { KNOWN_SECRET_VALUE, type ScenarioNames } from '../support/scenario.js';

/**
 * Issue 9, item 1: what import saw unset is managed. A privilege escalation
 * made by hand after import (an allow-all inline policy, AdministratorAccess,
 * a retention where there was none) is drift, and apply takes it away again.
 * Everything runs against moto (started with MOTO_IAM_LOAD_MANAGED_POLICIES);
 * CodeStar Connections is recorded HTTP (the emulator lacks it).
 */
let stack: EmulatedStack;
let aws: AwsClients;
let names: ScenarioNames;
let desiredFile: string;

const inlinePolicies = async (role: string) =>
  (await aws.iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? [];
const managedPolicies = async (role: string) =>
  ((await aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? []).map(
    (policy) => policy.PolicyArn,
  );
const retentionOf = async (name: string) =>
  (await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups!.find(
    (group) => group.logGroupName === name,
  )?.retentionInDays;

beforeAll(async () => {
  stack = await startEmulatedStack();
  aws = stack.moto.clients();
  names = stack.facts.names;
  desiredFile = join(stack.dir, 'reclaim.yaml');
});

afterAll(async () => {
  await stack?.stop();
});

describe('a value set by hand where import saw none', () => {
  it('is reported by drift, removed by apply, and live reads back clean', async () => {
    // Given the stack as import found it: the CodeDeploy role has no inline policy, the build role no
    // managed policy, the build log group no retention.
    expect(await inlinePolicies(names.codeDeployRole)).toEqual([]);
    expect(await managedPolicies(names.buildRole)).toEqual([]);
    expect(await retentionOf(names.buildLogGroup)).toBeUndefined();
    const imported = await runCommand(Import, ['--stack', 'bash-dog', '--out', desiredFile, ...stack.awsFlags()]);
    expect(imported.exitCode, imported.stderr).toBe(0);
    const inSync = await runCommand(Drift, ['--desired', desiredFile, ...stack.awsFlags()]);
    expect(inSync.exitCode, inSync.stdout).toBe(0);

    // When someone widens access by hand
    await makeEscalations(aws, names);

    // Then drift names each change
    const drifted = await runCommand(Drift, ['--desired', desiredFile, '--format', 'json', ...stack.awsFlags()]);
    expect(drifted.exitCode).toBe(2);
    const report = JSON.parse(drifted.stdout) as { drifts: Array<Record<string, unknown>> };
    expect(report.drifts.map(({ kind, physicalId, path }) => `${kind} ${physicalId} ${path}`).sort()).toEqual(
      [
        `modified ${names.buildLogGroup} RetentionInDays`,
        `modified ${names.buildRole} ManagedPolicyArns`,
        `modified ${names.codeDeployRole} Policies[${ESCALATIONS.inlinePolicyName}]`,
      ].sort(),
    );
    expect(report.drifts).toContainEqual(
      expect.objectContaining({
        path: 'RetentionInDays',
        desired: null,
        actual: ESCALATIONS.retentionInDays,
      }),
    );
    expect(report.drifts).toContainEqual(
      expect.objectContaining({ path: 'ManagedPolicyArns', desired: [], actual: [ESCALATIONS.managedPolicyArn] }),
    );
    const text = await runCommand(Drift, ['--desired', desiredFile, ...stack.awsFlags()]);
    expect(text.stdout).toContain(ESCALATIONS.inlinePolicyName);
    expect(text.stdout).toContain('AdministratorAccess');

    // And apply takes each away again
    const applied = await runCommand(Apply, ['--desired', desiredFile, '--yes', ...stack.awsFlags()]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout + applied.stderr).not.toContain(KNOWN_SECRET_VALUE);
    expect(await inlinePolicies(names.codeDeployRole)).toEqual([]);
    expect(await managedPolicies(names.buildRole)).toEqual([]);
    expect(await retentionOf(names.buildLogGroup)).toBeUndefined();
    const after = await runCommand(Drift, ['--desired', desiredFile, ...stack.awsFlags()]);
    expect(after.exitCode, after.stdout).toBe(0);
  });

  it('takes away a public access block and tags put on a bucket that had none', async () => {
    // Given the file import wrote (the bucket had neither); when both are put on by hand
    await aws.s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: names.bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true },
      }),
    );
    await aws.s3.send(
      new PutBucketTaggingCommand({ Bucket: names.bucket, Tagging: { TagSet: [{ Key: 'owner', Value: 'me' }] } }),
    );
    const drifted = await runCommand(Drift, ['--desired', desiredFile, '--format', 'json', ...stack.awsFlags()]);
    expect(drifted.exitCode).toBe(2);
    const paths = (JSON.parse(drifted.stdout) as { drifts: Array<{ path: string }> }).drifts.map((d) => d.path);
    expect(paths.sort()).toEqual(['PublicAccessBlockConfiguration', 'Tags']);

    // Then apply deletes them, and drift is clean
    const applied = await runCommand(Apply, ['--desired', desiredFile, '--yes', ...stack.awsFlags()]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    await expect(aws.s3.send(new GetPublicAccessBlockCommand({ Bucket: names.bucket }))).rejects.toThrow();
    const tagging = await aws.s3.send(new GetBucketTaggingCommand({ Bucket: names.bucket })).catch(() => undefined);
    expect(tagging?.TagSet ?? []).toEqual([]);
    const after = await runCommand(Drift, ['--desired', desiredFile, ...stack.awsFlags()]);
    expect(after.exitCode, after.stdout).toBe(0);
  });

  it('takes away a repository policy put on a repository that had none', async () => {
    // Given the file import wrote: the api repository had no policy, so it says `RepositoryPolicyText: !Ref AWS::NoValue`
    const repositoryName = names.repositories.api;
    await expect(aws.ecr.send(new GetRepositoryPolicyCommand({ repositoryName }))).rejects.toThrow(
      /RepositoryPolicyNotFound|does not exist/,
    );
    // When someone lets every account pull from it (and push to it) by hand
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'anyone', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:PutImage'] }],
    };
    await aws.ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText: JSON.stringify(policy) }));

    // Then drift names it, with the document as set
    const drifted = await runCommand(Drift, ['--desired', desiredFile, '--format', 'json', ...stack.awsFlags()]);
    expect(drifted.exitCode, drifted.stdout + drifted.stderr).toBe(2);
    const report = JSON.parse(drifted.stdout) as { drifts: Array<Record<string, unknown>> };
    expect(report.drifts.map(({ kind, physicalId, path }) => `${kind} ${physicalId} ${path}`)).toEqual([
      `modified ${repositoryName} RepositoryPolicyText`,
    ]);
    expect(report.drifts[0]).toMatchObject({ desired: null, actual: { Statement: [{ Sid: 'anyone' }] } });

    // And apply deletes it: the policy reads back gone and drift is clean
    const applied = await runCommand(Apply, ['--desired', desiredFile, '--yes', ...stack.awsFlags()]);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    await expect(aws.ecr.send(new GetRepositoryPolicyCommand({ repositoryName }))).rejects.toThrow(
      /RepositoryPolicyNotFound|does not exist/,
    );
    const after = await runCommand(Drift, ['--desired', desiredFile, ...stack.awsFlags()]);
    expect(after.exitCode, after.stdout).toBe(0);
  });

  it('does not manage a certificate added to the listener (SNI): drift stays in sync', async () => {
    // Given the file import wrote: the HTTPS listener declares its one default certificate (`Certificates`)
    const listenerArn = names.listenerArn;
    const defaultCertificateOf = async () =>
      (await aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))).Listeners![0]!
        .Certificates?.[0]?.CertificateArn;
    expect(await defaultCertificateOf()).toBe(names.certificateArn);
    const other = await importOriginCertificate(aws);

    // When a second certificate is added to the listener by hand (SNI, AddListenerCertificates)
    await aws.elbv2.send(
      new AddListenerCertificatesCommand({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: other }] }),
    );
    // Then drift does not report it: CloudFormation models it as AWS::ElasticLoadBalancingV2::ListenerCertificate,
    // which reclaim does not manage (the README says so). The emulator lists it in DescribeListeners after the
    // default; AWS lists only the default there, and reclaim reads it as AWS does.
    const withExtra = await runCommand(Drift, ['--desired', desiredFile, '--format', 'json', ...stack.awsFlags()]);
    expect(withExtra.exitCode, withExtra.stdout + withExtra.stderr).toBe(0);
    const listed = await aws.elbv2.send(new DescribeListenerCertificatesCommand({ ListenerArn: listenerArn }));
    expect(listed.Certificates?.map((certificate) => certificate.CertificateArn)).toContain(other);
    expect(await defaultCertificateOf()).toBe(names.certificateArn);
  });

  it('stays unmanaged in a file written before import recorded unset', async () => {
    // Given an old file: the same import without the unset markers
    const oldFile = join(stack.dir, 'old.yaml');
    const current = await readFile(desiredFile, 'utf8');
    const withoutMarkers = current
      .split('\n')
      .filter((line) => !/^\s+\w+: (\[\]|!Ref AWS::NoValue)$/.test(line))
      .join('\n');
    expect(withoutMarkers).not.toBe(current);
    await writeFile(oldFile, withoutMarkers);

    // When the same escalations are made
    await makeEscalations(aws, names);

    // Then drift keeps today's meaning: undeclared is unmanaged
    const result = await runCommand(Drift, ['--desired', oldFile, ...stack.awsFlags()]);
    expect(result.exitCode, result.stdout).toBe(0);
  });
});
