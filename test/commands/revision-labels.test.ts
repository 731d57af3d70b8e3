import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import Cleanup from '../../src/commands/cleanup.js';
import Import from '../../src/commands/import.js';
import Teardown from '../../src/commands/teardown.js';
import type { DeleteChange } from '../../src/model/plan.js';
import type { DestroyReport } from '../../src/reconcile/destroy.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';
import { KNOWN_SECRET_VALUE } from '../support/scenario.js';

// Task definition revisions read the same in import, cleanup and teardown: by where they stand
// relative to the revision the service runs (3). Revision 4 is registered and not yet deployed.
let stack: EmulatedStack;
let newerArn: string;
const arnOf = (revision: number) => stack.facts.names.taskDefinitionArn.replace(/:\d+$/, `:${revision}`);

beforeAll(async () => {
  stack = await startEmulatedStack();
  const ecs = stack.moto.clients().ecs;
  const { taskDefinition: td } = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: stack.facts.names.taskDefinitionArn }),
  );
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: td!.family!,
      containerDefinitions: td!.containerDefinitions!,
      executionRoleArn: td!.executionRoleArn,
      taskRoleArn: td!.taskRoleArn,
      networkMode: td!.networkMode,
      requiresCompatibilities: td!.requiresCompatibilities,
      cpu: td!.cpu,
      memory: td!.memory,
    }),
  );
  newerArn = registered.taskDefinition!.taskDefinitionArn!;
});

afterAll(async () => {
  await stack?.stop();
});

describe('task definition revision labels', () => {
  it('import, cleanup and teardown label each revision by where it stands relative to the live one', async () => {
    expect(newerArn).toBe(arnOf(4));
    const out = join(stack.dir, 'reclaim.yaml');
    const imported = await runCommand(Import, ['--stack', 'bash-dog', '--out', out, ...stack.awsFlags()]);
    expect(imported.exitCode, imported.stderr).toBe(0);
    const desired = parse(await readFile(out, 'utf8')) as { debris: Array<{ physicalId: string; reason: string }> };
    const debris = new Map(
      desired.debris.map((entry) => [entry.physicalId.replace(/^.*task-definition\//, ''), entry.reason]),
    );

    const cleanup = JSON.parse(
      (await runCommand(Cleanup, ['--stack', 'bash-dog', '--json', ...stack.awsFlags()])).stdout,
    ) as DestroyReport;
    const teardown = JSON.parse(
      (await runCommand(Teardown, ['--stack', 'bash-dog', '--confirm', 'bash-dog', '--json', ...stack.awsFlags()]))
        .stdout,
    ) as DestroyReport;
    const said = (report: DestroyReport, revision: number) => {
      const arn = arnOf(revision);
      const change = (report.plan.changes as DeleteChange[]).find((c) => c.physicalId === arn);
      return change?.reason ?? report.kept.find((finding) => finding.physicalId === arn)?.why ?? '';
    };

    const labels: Record<number, string> = {
      1: 'revision 1 of bash-dog, older than live revision 3',
      2: 'revision 2 of bash-dog, older than live revision 3',
      4: 'revision 4 of bash-dog, newer than live revision 3',
    };
    for (const [revision, label] of Object.entries(labels)) {
      expect(debris.get(`bash-dog:${revision}`), `import, revision ${revision}`).toContain(label);
      expect(said(cleanup, Number(revision)), `cleanup, revision ${revision}`).toContain(label);
      expect(said(teardown, Number(revision)), `teardown, revision ${revision}`).toContain(label);
    }
    expect(said(teardown, 3)).toContain('revision 3 of bash-dog, the live revision');
    expect(JSON.stringify([desired, cleanup, teardown])).not.toContain(KNOWN_SECRET_VALUE);
  });
});
