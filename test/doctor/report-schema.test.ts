import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import Doctor from '../../src/commands/doctor.js';
import type { DoctorReport } from '../../src/doctor/report.js';
import { describeSchemaErrors, schemaValidator } from '../../src/io/schemas.js';
import { runCommand } from '../support/run-command.js';
import { BROKEN_REPO, EXAMPLE_SNAPSHOT, SOUND_REPO } from './support/doctor-fixtures.js';

/** `schemas/doctor-report.schema.json` is a contract: it describes exactly what `reclaim doctor` prints as JSON. */

function expectValid(data: unknown): void {
  const validate = schemaValidator('doctor-report');
  expect(validate(data), describeSchemaErrors(validate.errors).join('\n')).toBe(true);
}

/** Runs `reclaim doctor ARGS` in this process and parses what it printed. */
async function doctorJson(...args: string[]): Promise<{ report: DoctorReport; exitCode: number }> {
  const { stdout, exitCode } = await runCommand(Doctor, args);
  return { report: JSON.parse(stdout) as DoctorReport, exitCode };
}

afterEach(() => {
  vi.restoreAllMocks();
});

let broken: { report: DoctorReport; exitCode: number };
let sound: { report: DoctorReport; exitCode: number };

beforeAll(async () => {
  broken = await doctorJson('--snapshot', EXAMPLE_SNAPSHOT, '--repo', BROKEN_REPO, '--format', 'json');
  sound = await doctorJson('--repo', SOUND_REPO, '--format', 'json');
});

describe('doctor report schema', () => {
  it('validates the report of the example with the guide’s mistakes, checked against the saved stack', () => {
    const { report, exitCode } = broken;
    expect(exitCode).toBe(2);
    expect(report.exitCode).toBe(2);
    // Findings of several kinds: on files and on live resources, errors and hardening.
    expect(new Set(report.findings.map((f) => f.location.kind))).toEqual(new Set(['file', 'resource']));
    expect(new Set(report.findings.map((f) => f.severity))).toEqual(new Set(['error', 'hardening']));
    expect(report.stack).toBeDefined();
    expectValid(report);
  });

  it('validates the report of the sound repository checked alone', () => {
    const { report, exitCode } = sound;
    expect(exitCode).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.stack).toBeUndefined();
    expect(report.checks.some((c) => c.status === 'skipped' && c.reason !== undefined)).toBe(true);
    expectValid(report);
  });

  it('validates what --json prints and returns: the same report as --format json', async () => {
    const run = vi.spyOn(Doctor.prototype, 'run');
    const printed = await doctorJson('--snapshot', EXAMPLE_SNAPSHOT, '--repo', BROKEN_REPO, '--json');
    expect(printed.exitCode).toBe(2);
    expectValid(printed.report);
    expect(printed.report).toEqual(broken.report);

    expect(run).toHaveBeenCalledTimes(1);
    const returned = await (run.mock.results[0]!.value as Promise<DoctorReport>);
    expectValid(returned);
    expect(JSON.parse(JSON.stringify(returned))).toEqual(printed.report);
  });

  it('rejects a report with an unknown severity', () => {
    const mutated = structuredClone(broken.report) as unknown as { findings: Array<{ severity: string }> };
    mutated.findings[0]!.severity = 'critical';
    const validate = schemaValidator('doctor-report');
    expect(validate(mutated)).toBe(false);
    expect(describeSchemaErrors(validate.errors)).toContain(
      '/findings/0/severity must be equal to one of the allowed values',
    );
  });
});
