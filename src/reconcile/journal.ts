/**
 * A plan in progress, kept on disk until it has run to the end. Discovery
 * finds a stack from its pipelines, clusters and services, so once a killed
 * teardown has deleted the pipeline, the artifact bucket and the connection
 * only the pipeline named are out of sight, and so is a certificate once its
 * listener is gone. The journal remembers them: the next run of the same
 * command for the same stack, account and region takes up what is unfinished.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { describeSchemaErrors, schemaValidator } from '../io/schemas.js';
import type { DeleteChange, Plan } from '../model/plan.js';
import { asLogicalId, asPhysicalId, type LogicalId, type Resource } from '../model/resource.js';
import type { Snapshot } from '../model/snapshot.js';

export type JournalKey = Pick<Plan, 'mode' | 'account' | 'region' | 'stack'>;

export interface PlanJournal {
  /** The plan an earlier run of the same mode, account, region and stack did not finish. */
  load(key: JournalKey): Promise<Plan | undefined>;
  /** Remembers the plan about to run. */
  save(plan: Plan): Promise<void>;
  /** Forgets it: the plan ran to the end. */
  clear(key: JournalKey): Promise<void>;
}

/** `$RECLAIM_STATE_DIR`, else `$XDG_STATE_HOME/reclaim`, else `~/.local/state/reclaim`. */
export function defaultJournalDir(): string {
  if (process.env.RECLAIM_STATE_DIR) return process.env.RECLAIM_STATE_DIR;
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'reclaim');
}

const fileName = (key: JournalKey) =>
  `${key.mode}-${key.account}-${key.region}-${key.stack.replace(/[^A-Za-z0-9._-]/g, '_')}.plan.json`;

/** One JSON file per plan (the plan schema's shape) in `dir`. */
export function fileJournal(dir: string = defaultJournalDir()): PlanJournal {
  return {
    async load(key) {
      const path = join(dir, fileName(key));
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return undefined;
      }
      const validate = schemaValidator('plan');
      let plan: unknown;
      try {
        plan = JSON.parse(text);
      } catch {
        plan = undefined;
      }
      if (!validate(plan)) {
        throw new UserError('BAD_JOURNAL', `The unfinished plan in ${path} is not a reclaim plan.`, [
          ...describeSchemaErrors(validate.errors).slice(0, 3),
          `Delete ${path} if it is not needed: reclaim then plans from what it can discover.`,
        ]);
      }
      return plan as Plan;
    },
    async save(plan) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, fileName(plan)), `${JSON.stringify(plan, null, 2)}\n`, 'utf8');
    },
    async clear(key) {
      await rm(join(dir, fileName(key)), { force: true });
    },
  };
}

/**
 * The snapshot with the deletes an earlier, unfinished plan had for resources
 * this read no longer reaches, added as leftovers; and those resources' ids
 * (renamed when the new read gave their id to something else) with the
 * earlier change. Pure.
 */
export function withUnfinished(
  snapshot: Snapshot,
  saved: Plan | undefined,
): { snapshot: Snapshot; unfinished: Map<LogicalId, DeleteChange> } {
  const unfinished = new Map<LogicalId, DeleteChange>();
  if (!saved) return { snapshot, unfinished };
  const seen = new Set(snapshot.resources.map((resource) => `${resource.type}|${resource.physicalId}`));
  const taken = new Set<string>(snapshot.resources.map((resource) => resource.id));
  const added: Resource[] = [];
  for (const change of saved.changes) {
    if (change.action !== 'delete' || seen.has(`${change.type}|${change.physicalId}`)) continue;
    let id: string = change.id;
    for (let n = 2; taken.has(id); n += 1) id = `${change.id}Resumed${n}`;
    taken.add(id);
    const logicalId = asLogicalId(id);
    unfinished.set(logicalId, { ...change, id: logicalId });
    added.push({
      id: logicalId,
      type: change.type,
      physicalId: asPhysicalId(change.physicalId),
      properties: change.properties,
      attributes: change.attributes,
      tags: {},
      orphan: true,
      external: false,
      status: 'read',
    });
  }
  return { snapshot: { ...snapshot, resources: [...snapshot.resources, ...added] }, unfinished };
}
