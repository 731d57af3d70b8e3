import { DeleteCertificateCommand } from '@aws-sdk/client-acm';
import { DescribeListenersCommand, ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import Drift from '../../src/commands/drift.js';
import Plan from '../../src/commands/plan.js';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { parseDesiredState } from '../../src/desired/load.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { declaredSeeds } from '../../src/discover/declared.js';
import { discover } from '../../src/discover/discover.js';
import type { DriftReport } from '../../src/model/drift.js';
import type { Plan as PlanData } from '../../src/model/plan.js';
import { planCleanup } from '../../src/reconcile/cleanup.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { runCommand } from '../support/run-command.js';
import { importOriginCertificate } from '../support/scenario/environment.js';
import type { ScenarioFacts } from '../support/scenario.js';

// Declared resources are read by the physical id the file records, not only by name and walk.
// Everything is moto except CodeStar Connections (recorded HTTP: the emulator lacks the service).
const CERTIFICATE = 'AWS::CertificateManager::Certificate';
let stack: EmulatedStack;
let facts: ScenarioFacts;
let aws: AwsClients;
let desiredFile: string;
let imported: string;

beforeAll(async () => {
  stack = await startEmulatedStack();
  ({ facts } = stack);
  aws = stack.moto.clients();
  imported = renderDesiredState(desiredFromSnapshot(await discover(stack.moto.clients(), { stack: 'bash-dog' })));
  desiredFile = join(stack.dir, 'reclaim.yaml');
  await writeFile(desiredFile, imported, 'utf8');
});

afterAll(async () => {
  await stack?.stop();
});

async function driftReport(): Promise<{ exitCode: number; report: DriftReport }> {
  const result = await runCommand(Drift, ['--desired', desiredFile, '--format', 'json', ...stack.awsFlags()]);
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout) as DriftReport };
}
const certificateDrifts = (report: DriftReport) => report.drifts.filter((drift) => drift.type === CERTIFICATE);

describe('declared resources the walk no longer reaches', () => {
  it('cost no call while the walk reaches every declared resource', async () => {
    const declared = declaredSeeds(parseDesiredState(imported, 'reclaim.yaml').state);
    const [plain, seeded] = [stack.moto.clients(), stack.moto.clients()];
    // One call at a time: how many batches a concurrent run makes may hang on which answer comes first.
    const without = await discover(plain, { stack: 'bash-dog', concurrency: 1 });
    const withDeclared = await discover(seeded, { stack: 'bash-dog', declared, concurrency: 1 });
    expect(withDeclared.stats.callsByOperation).toEqual(without.stats.callsByOperation);
    expect(withDeclared.resources).toEqual(without.resources);
    const { exitCode, report } = await driftReport();
    expect(exitCode).toBe(0);
    expect(report.inSync).toBe(true);
  });

  it('reads the imported certificate after the listener moved to another: not missing, and plan creates none', async () => {
    // Given the listener's default certificate is switched by hand to a newly imported one
    const other = await importOriginCertificate(aws);
    await aws.elbv2.send(
      new ModifyListenerCommand({ ListenerArn: facts.names.listenerArn, Certificates: [{ CertificateArn: other }] }),
    );
    const listener = (await aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [facts.names.listenerArn] })))
      .Listeners![0]!;
    expect(listener.Certificates?.[0]?.CertificateArn).toBe(other);

    // When drift runs, then the old certificate (which still exists) is read and compared, not called missing:
    // the listener's Certificates differ, and the new certificate is in scope but undeclared.
    const { exitCode, report } = await driftReport();
    expect(exitCode).toBe(2);
    expect(report.drifts.filter((drift) => drift.kind === 'missing')).toEqual([]);
    expect(report.drifts).toContainEqual(
      expect.objectContaining({
        kind: 'modified',
        type: 'AWS::ElasticLoadBalancingV2::Listener',
        path: 'Certificates',
      }),
    );
    expect(certificateDrifts(report)).toEqual([expect.objectContaining({ kind: 'unmanaged', physicalId: other })]);

    // And the plan puts the listener back on it instead of creating a second certificate
    const planned = await runCommand(Plan, ['--desired', desiredFile, '--json', ...stack.awsFlags()]);
    expect(planned.exitCode, planned.stderr).toBe(2);
    const plan = JSON.parse(planned.stdout) as PlanData;
    expect(plan.changes.filter((change) => change.action === 'create')).toEqual([]);
    expect(plan.changes).toContainEqual(
      expect.objectContaining({ action: 'update', type: 'AWS::ElasticLoadBalancingV2::Listener' }),
    );

    // And the old certificate, an orphan in that read, is not debris to cleanup even when cleanup sees it
    const declared = declaredSeeds(parseDesiredState(imported, 'reclaim.yaml').state);
    const seen = await discover(stack.moto.clients(), { stack: 'bash-dog', declared });
    expect(seen.resources).toContainEqual(
      expect.objectContaining({ physicalId: facts.names.certificateArn, orphan: true }),
    );
    const cleanup = planCleanup(seen);
    expect(cleanup.plan.changes.filter((change) => change.type === CERTIFICATE)).toEqual([]);
  });

  it('still reports a declared certificate that AWS says is gone as missing', async () => {
    // Given the imported certificate, unused now, is deleted
    await aws.acm.send(new DeleteCertificateCommand({ CertificateArn: facts.names.certificateArn }));

    // Then drift reports it missing, and plan would create it again
    const { exitCode, report } = await driftReport();
    expect(exitCode).toBe(2);
    expect(certificateDrifts(report)).toContainEqual(
      expect.objectContaining({ kind: 'missing', physicalId: facts.names.certificateArn }),
    );
    const planned = await runCommand(Plan, ['--desired', desiredFile, '--json', ...stack.awsFlags()]);
    const plan = JSON.parse(planned.stdout) as PlanData;
    expect(plan.changes).toContainEqual(expect.objectContaining({ action: 'create', type: CERTIFICATE }));
  });
});
