import { expect, it } from 'vitest';
import type { DriftReport } from '../../src/model/drift.js';
import { renderDriftText } from '../../src/render/drift-text.js';

const report = (drifts: DriftReport['drifts']): DriftReport => ({
  schemaVersion: 1,
  stack: 'bash-dog',
  account: '123456789012',
  region: 'us-east-2',
  capturedAt: '2026-11-26T00:00:00.000Z',
  inSync: drifts.length === 0,
  summary: { missing: 0, modified: drifts.length, unmanaged: 0, unknown: 0, ignored: 0 },
  drifts,
});

it('shows what a list gained and lost rather than both lists', () => {
  const rule = (port: number) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: '10.0.0.0/8' });
  const text = renderDriftText(
    report([
      {
        kind: 'modified',
        id: 'ServiceSg',
        type: 'AWS::EC2::SecurityGroup',
        physicalId: 'sg-1',
        path: 'SecurityGroupIngress',
        desired: [rule(80), rule(443)],
        actual: [rule(80), rule(8080)],
      },
    ]),
  );
  expect(text).toContain('    SecurityGroupIngress:\n');
  expect(text).toContain(`      - ${JSON.stringify(rule(443))}  (declared, not live)`);
  expect(text).toContain(`      + ${JSON.stringify(rule(8080))}  (live, not declared)`);
  expect(text).not.toContain(JSON.stringify(rule(80)));
});

it('shows a scalar change as declared → live, and an in-sync report in one line', () => {
  const text = renderDriftText(
    report([
      {
        kind: 'modified',
        id: 'Logs',
        type: 'AWS::Logs::LogGroup',
        physicalId: '/ecs/a',
        path: 'RetentionInDays',
        desired: 30,
        actual: 90,
      },
    ]),
  );
  expect(text).toContain('    RetentionInDays: 30 → 90');
  expect(renderDriftText(report([]))).toMatch(/In sync: live matches the declared state\.$/);
});
