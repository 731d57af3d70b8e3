import { fileURLToPath } from 'node:url';
import { desiredFromSnapshot } from '../../src/desired/from-snapshot.js';
import { parseDesiredState } from '../../src/desired/load.js';
import type { DesiredState } from '../../src/desired/types.js';
import { renderDesiredState } from '../../src/desired/write.js';
import { readSnapshot } from '../../src/io/snapshot-file.js';
import type { Resource } from '../../src/model/resource.js';
import type { Snapshot } from '../../src/model/snapshot.js';

/**
 * The bundled example (a snapshot reclaim captured from the guide's stack in
 * the emulator), and the desired state `reclaim import` writes from it, read
 * back through the real file format. For pure tests that need realistic
 * shapes without starting the emulator.
 */
export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/bash-dog/', import.meta.url));
export const LIVE_SNAPSHOT = `${FIXTURE_DIR}live.json`;

export interface ImportedExample {
  readonly snapshot: Snapshot;
  /** The text `reclaim import` writes for the snapshot. */
  readonly text: string;
  /** That text loaded as `reclaim drift` loads it. */
  readonly desired: DesiredState;
}

export async function importedExample(): Promise<ImportedExample> {
  const snapshot = await readSnapshot(LIVE_SNAPSHOT);
  const text = renderDesiredState(desiredFromSnapshot(snapshot));
  return { snapshot, text, desired: parseDesiredState(text, 'reclaim.yaml').state };
}

/** A deep copy, so a test may change it freely. */
export const copy = <T>(value: T): T => structuredClone(value);

export function liveResource(snapshot: Snapshot, type: string, predicate: (r: Resource) => boolean = () => true) {
  const found = snapshot.resources.find(
    (resource) => resource.type === type && !resource.orphan && predicate(resource),
  );
  if (!found) throw new Error(`the snapshot has no ${type}`);
  return found;
}

/** Replaces one resource of a snapshot (by logical id) with a changed copy. */
export function withResource(snapshot: Snapshot, id: string, change: (resource: Resource) => Resource): Snapshot {
  return {
    ...snapshot,
    resources: snapshot.resources.map((resource) => (resource.id === id ? change(copy(resource)) : resource)),
  };
}

/** The 1-based line and column where `needle` first occurs in `text`. */
export function positionIn(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}
