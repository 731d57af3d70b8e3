import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDesiredState } from '../../../src/desired/load.js';
import { describeSchemaErrors, schemaValidator } from '../../../src/io/schemas.js';
import type { DriftReport } from '../../../src/model/drift.js';
import type { Resource } from '../../../src/model/resource.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { computeDrift } from '../../../src/reconcile/diff/drift.js';
import { copy, importedExample, withResource, type ImportedExample } from '../../support/bash-dog-fixture.js';

/** The JSON drift report is a contract: `schemas/drift-report.schema.json` describes exactly what computeDrift returns. */
const schema = JSON.parse(
  readFileSync(new URL('../../../schemas/drift-report.schema.json', import.meta.url), 'utf8'),
) as { properties: Record<string, unknown>; definitions: Record<string, { properties: Record<string, unknown> }> };

/** As `reclaim drift --format json` prints it: through JSON, which drops values that are not set. */
const asPrinted = (report: DriftReport): unknown => JSON.parse(JSON.stringify(report));

function expectValid(data: unknown): void {
  const validate = schemaValidator('drift-report');
  expect(validate(data), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
}

let example: ImportedExample;
let drifted: DriftReport;

beforeAll(async () => {
  example = await importedExample();
  // Every kind at once: a policy added by hand (no declared value), a role deleted, a target group added,
  // a repository that could not be read, a failed read naming no resource, and a drift under an expired rule.
  let snapshot: Snapshot = withResource(example.snapshot, 'ExecutionRoleForECS', (role) => ({
    ...role,
    properties: {
      ...role.properties,
      Policies: [
        ...(role.properties.Policies as unknown[]),
        { PolicyName: 'added-by-hand', PolicyDocument: { Version: '2012-10-17', Statement: [] } },
      ],
    },
  }));
  snapshot = withResource(snapshot, 'EcsLogGroup', (group) => ({
    ...group,
    properties: { ...group.properties, RetentionInDays: 90 },
  }));
  snapshot = withResource(snapshot, 'ApiRepository', (repository) => ({ ...repository, status: 'unknown' }));
  const main = snapshot.resources.find((resource) => resource.id === 'MainTargetGroup')!;
  const canary: Resource = {
    ...copy(main),
    id: 'CanaryTargetGroup' as Resource['id'],
    physicalId: main.physicalId.replace('bash-dog-main', 'bash-dog-canary') as Resource['physicalId'],
  };
  snapshot = {
    ...snapshot,
    resources: [...snapshot.resources.filter((resource) => resource.id !== 'ServiceRoleForECS'), canary],
    issues: [
      {
        operation: 'ecr:DescribeRepositories',
        code: 'AccessDeniedException',
        message: 'denied',
        type: 'AWS::ECR::Repository',
        physicalIds: ['bash-dog-api'],
      },
      { operation: 'acm:ListCertificates', code: 'ThrottlingException', message: 'Rate exceeded' },
    ],
  };
  const text = example.text.replace(
    'ignore: []',
    'ignore:\n  - id: EcsLogGroup\n    reason: review\n    expires: 2020-01-01\n',
  );
  drifted = computeDrift(parseDesiredState(text, 'reclaim.yaml').state, snapshot);
});

describe('schemas/drift-report.schema.json', () => {
  it('validates an in-sync report', () => {
    const report = computeDrift(example.desired, example.snapshot);
    expect(report.inSync).toBe(true);
    expectValid(asPrinted(report));
  });

  it('validates a report with every kind of drift, notes and unset values', () => {
    expect(new Set(drifted.drifts.map((drift) => drift.kind))).toEqual(
      new Set(['missing', 'modified', 'unmanaged', 'unknown']),
    );
    const added = drifted.drifts.find((drift) => drift.path === 'Policies[added-by-hand]')!;
    expect(added.desired).toBeUndefined();
    expect(drifted.drifts.some((drift) => drift.note?.includes('expired'))).toBe(true);
    expect(drifted.drifts.some((drift) => drift.type === '' && drift.id === '')).toBe(true);
    expectValid(asPrinted(drifted));
  });

  it('names exactly the fields a report and a drift have', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(drifted).sort());
    expect(Object.keys(schema.definitions.summary!.properties).sort()).toEqual(Object.keys(drifted.summary).sort());
    const fields = new Set(drifted.drifts.flatMap((drift) => Object.keys(drift)));
    expect(Object.keys(schema.definitions.drift!.properties).sort()).toEqual([...fields].sort());
  });

  it('rejects what the report never contains', () => {
    const validate = schemaValidator('drift-report');
    const printed = asPrinted(drifted) as { drifts: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    expect(validate({ ...printed, verdict: 'drift' })).toBe(false);
    expect(validate({ ...printed, drifts: [{ ...printed.drifts[0], kind: 'changed' }] })).toBe(false);
    expect(validate({ ...printed, drifts: [{ ...printed.drifts[0], severity: 'high' }] })).toBe(false);
    expect(validate({ ...printed, summary: { ...printed.summary, ignored: -1 } })).toBe(false);
    expect(validate({ ...printed, capturedAt: 'yesterday' })).toBe(false);
  });
});
