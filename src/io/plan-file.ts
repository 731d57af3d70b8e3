import { readFile, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { Plan } from '../model/plan.js';
import { describeSchemaErrors, schemaValidator } from './schemas.js';

/** Reads a plan saved by `reclaim plan --out`, checked against the plan schema. */
export async function readPlan(file: string): Promise<Plan> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError('PLAN_UNREADABLE', `reading plan ${file}: ${(error as Error).message}`, [
      'Write one with `reclaim plan --desired reclaim.yaml --out plan.json`.',
    ]);
  }
  const validate = schemaValidator('plan');
  if (!validate(data)) {
    throw new UserError(
      'PLAN_INVALID',
      `${file} is not a reclaim plan:\n  ${describeSchemaErrors(validate.errors).slice(0, 20).join('\n  ')}`,
      ['Write it again with `reclaim plan --desired reclaim.yaml --out plan.json`.'],
    );
  }
  return data as Plan;
}

export async function writePlan(file: string, plan: Plan): Promise<void> {
  await writeFile(file, `${JSON.stringify(plan, null, 2)}\n`, 'utf8');
}
