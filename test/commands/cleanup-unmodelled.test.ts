import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Cleanup from '../../src/commands/cleanup.js';
import Teardown from '../../src/commands/teardown.js';
import type { DeleteChange } from '../../src/model/plan.js';
import type { DestroyReport } from '../../src/reconcile/destroy.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { TEST_REGION } from '../support/moto.js';
import { runCommand } from '../support/run-command.js';
import { createDebrisStackWithTopic, KNOWN_SECRET_VALUE } from '../support/scenario.js';
import { recordCloudControl, type CloudControlRecording } from '../reconcile/support/cloudcontrol-recorded.js';
import { recordCodeDeployDeletes, type CodeDeployRecording } from '../reconcile/support/codedeploy-recorded.js';

// Cleanup of console stacks that own a resource of a type reclaim does not model (an SNS topic).
// moto creates the stacks and their topics; it has no Cloud Control API at all, so GetResource is
// recorded HTTP (test/reconcile/support/cloudcontrol-recorded.ts), as are CodeDeploy's deletes.
let stack: EmulatedStack;
let cloudControl: CloudControlRecording;
let codeDeploy: CodeDeployRecording;
/** Cloud Control finds its topic: the stack must stay. */
let kept: { name: string; topicArn: string };
/** Cloud Control cannot read its topic (access denied): unknown counts as live. */
let unread: { name: string; topicArn: string };
/** Cloud Control says its topic is gone: the stack is the debris it always was. */
let gone: { name: string; topicArn: string };

const cleanup = async (...argv: string[]) => {
  const result = await runCommand(Cleanup, ['--stack', 'bash-dog', '--json', ...argv, ...stack.awsFlags()]);
  return { ...result, report: JSON.parse(result.stdout) as DestroyReport };
};

/** SNS ListTopics read straight from the emulator (reclaim has no SNS client: it does not model topics). */
async function topicArns(): Promise<string[]> {
  const response = await fetch(`${stack.moto.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${TEST_REGION}/sns/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: 'Action=ListTopics&Version=2010-03-31',
  });
  return [...(await response.text()).matchAll(/<TopicArn>([^<]+)<\/TopicArn>/g)].map((match) => match[1]!);
}

async function stackStatus(name: string): Promise<string | undefined> {
  try {
    const described = await stack.moto.clients().cloudformation.send(new DescribeStacksCommand({ StackName: name }));
    return described.Stacks?.[0]?.StackStatus;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  stack = await startEmulatedStack();
  const n = stack.facts.names;
  const make = async (suffix: string) => {
    const name = `ECS-Console-V2-Service-bash-dog-bash-dog-${suffix}`;
    const made = await createDebrisStackWithTopic(
      stack.moto.clients(),
      {
        stack: name,
        cluster: n.cluster,
        service: n.service,
        targetGroup: `bash-dog-tg-${suffix}`,
        topic: `bash-dog-alerts-${suffix}`,
      },
      n.vpcId,
    );
    return { name, topicArn: made.topicArn };
  };
  [kept, unread, gone] = await Promise.all([make('5a5a5a5a'), make('6b6b6b6b'), make('7c7c7c7c')]);
  cloudControl = recordCloudControl(
    stack.moto.endpoint,
    new Map([
      [kept.topicArn, 'found'],
      [unread.topicArn, 'denied'],
      [gone.topicArn, 'not-found'],
    ]),
  );
  codeDeploy = recordCodeDeployDeletes(stack.moto.endpoint);
});

afterAll(async () => {
  cloudControl?.stop();
  codeDeploy?.stop();
  await stack?.stop();
});

describe('cleanup of stacks that own what reclaim does not model', () => {
  it('dry run: a stack whose topic still exists, or cannot be read, is left alone, naming the type and the topic', async () => {
    const text = await runCommand(Cleanup, ['--stack', 'bash-dog', ...stack.awsFlags()]);
    expect(text.exitCode, text.stderr).toBe(2);
    expect(text.stdout).toContain(kept.name);
    expect(text.stdout).toContain(`AWS::SNS::Topic ${kept.topicArn} (Alerts)`);
    expect(text.stdout).toContain(
      `AWS::SNS::Topic ${unread.topicArn} (Alerts; Cloud Control could not read it: AccessDeniedException)`,
    );
    expect(text.stdout).toMatch(/of a type reclaim does not model, which AWS does not say is gone/);
    expect(text.stdout + text.stderr).not.toContain(KNOWN_SECRET_VALUE);

    const { report } = await cleanup();
    const findings = new Map(report.kept.map((finding) => [finding.physicalId, finding]));
    for (const left of [kept, unread]) {
      expect(findings.get(left.name)?.kind, left.name).toBe('owns-live');
      expect(findings.get(left.name)?.why).toContain(left.topicArn);
    }
    const planned = (report.plan.changes as DeleteChange[]).map((change) => change.physicalId);
    expect(planned).not.toContain(kept.name);
    expect(planned).not.toContain(unread.name);
    // Cloud Control says that topic is gone: the stack is treated as before, a leftover that owns only leftovers.
    const goneChange = (report.plan.changes as DeleteChange[]).find((change) => change.physicalId === gone.name);
    expect(goneChange?.reason).toMatch(/a leftover stack that owns only leftovers/);
    expect(goneChange?.detach).toBeUndefined();
    expect(cloudControl.reads).toEqual(
      expect.arrayContaining([kept, unread, gone].map((item) => `AWS::SNS::Topic ${item.topicArn}`)),
    );
  });

  it('teardown (dry run) detaches such a stack instead of deleting its topic with it', async () => {
    const result = await runCommand(Teardown, [
      '--stack',
      'bash-dog',
      '--confirm',
      'bash-dog',
      '--json',
      ...stack.awsFlags(),
    ]);
    const report = JSON.parse(result.stdout) as DestroyReport;
    const change = (report.plan.changes as DeleteChange[]).find((c) => c.physicalId === kept.name);
    expect(change?.detach).toBe(true);
    expect(change?.reason).toContain(`AWS::SNS::Topic ${kept.topicArn}`);
  });

  it('--yes leaves those stacks and their topics; the one whose topic is gone is deleted', async () => {
    const acted = await cleanup('--yes');
    expect(acted.exitCode, acted.stdout + acted.stderr).toBe(0);
    expect(await stackStatus(kept.name)).toBe('CREATE_COMPLETE');
    expect(await stackStatus(unread.name)).toBe('CREATE_COMPLETE');
    expect(await stackStatus(gone.name)).toBeUndefined();
    const topics = await topicArns();
    expect(topics).toEqual(expect.arrayContaining([kept.topicArn, unread.topicArn]));
  });

  it('--detach --yes deletes those stacks and keeps their topics', async () => {
    const detached = await cleanup('--detach', '--yes');
    expect(detached.exitCode, detached.stdout + detached.stderr).toBe(0);
    const changes = detached.report.plan.changes as DeleteChange[];
    for (const left of [kept, unread]) {
      expect(changes.find((change) => change.physicalId === left.name)?.detach, left.name).toBe(true);
      expect(await stackStatus(left.name)).toBeUndefined();
    }
    expect(await topicArns()).toEqual(expect.arrayContaining([kept.topicArn, unread.topicArn]));
  });
});
