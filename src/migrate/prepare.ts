import { desiredFromSnapshot } from '../desired/from-snapshot.js';
import { parseDesiredState } from '../desired/load.js';
import type { DesiredScope, DesiredState } from '../desired/types.js';
import { renderDesiredState } from '../desired/write.js';
import { UserError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';
import { readLive, readLiveFor, type LiveSource } from '../reconcile/read-live.js';
import { migrateToEcsBlueGreen, type EcsBlueGreenMigration } from './ecs-blue-green.js';
import { takenPrioritiesFromAws, takenPrioritiesFromSnapshot } from './taken-priorities.js';

/** What is migrated: the stack as live has it (imported first), or a desired file the user keeps. */
export type MigrationOrigin =
  { readonly kind: 'stack'; readonly scope: DesiredScope } | { readonly kind: 'file'; readonly desired: DesiredState };

export interface PreparedMigration extends EcsBlueGreenMigration {
  /** The migrated desired state as the file `reclaim plan --desired` reads. */
  readonly text: string;
  readonly snapshot: Snapshot;
}

/**
 * Reads live, migrates the desired state (`migrateToEcsBlueGreen`) and
 * renders it, read back through the file format so that what is written is
 * a file reclaim accepts. Refuses an incomplete read: a migration decided on
 * part of the stack could point a rule at the wrong target group.
 */
export async function prepareEcsBlueGreenMigration(
  origin: MigrationOrigin,
  live: LiveSource,
): Promise<PreparedMigration> {
  const snapshot =
    origin.kind === 'stack'
      ? await readLive(live, origin.scope, { mustMatch: true })
      : await readLiveFor(origin.desired, live);
  if (snapshot.issues.length > 0) {
    throw new UserError(
      'INCOMPLETE_READ',
      `Part of ${snapshot.stack} could not be read, so no migration was written:\n${snapshot.issues.map((issue) => `  ${issue.operation}: ${issue.code}: ${issue.message}`).join('\n')}`,
      ['Grant the missing read permissions (or wait out the throttling) and run again.'],
    );
  }
  const desired =
    origin.kind === 'stack'
      ? desiredFromSnapshot(snapshot, { scope: { ...origin.scope, stack: snapshot.stack } })
      : origin.desired;
  const takenPriorities =
    live.kind === 'aws'
      ? await takenPrioritiesFromAws(live.clients, listenersOf(snapshot))
      : takenPrioritiesFromSnapshot(snapshot);
  const migration = migrateToEcsBlueGreen({ desired, snapshot, takenPriorities });
  const text = renderDesiredState(migration.desired);
  // A migration that wrote a file reclaim itself rejects is a bug here, not the user's: fail before writing it.
  parseDesiredState(text, 'the migrated desired state');
  return { ...migration, text, snapshot };
}

const listenersOf = (snapshot: Snapshot): string[] =>
  snapshot.resources
    .filter((resource) => resource.type === 'AWS::ElasticLoadBalancingV2::Listener' && !resource.external)
    .map((resource) => resource.physicalId);
