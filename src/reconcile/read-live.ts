import type { AwsClients } from '../aws/clients.js';
import type { DesiredScope, DesiredState } from '../desired/types.js';
import { declaredSeeds } from '../discover/declared.js';
import { discover, type DiscoverOptions } from '../discover/discover.js';
import { readSnapshot } from '../io/snapshot-file.js';
import type { Snapshot } from '../model/snapshot.js';
import { UserError } from '../errors.js';

/** Where live comes from: AWS itself, or a snapshot saved by `reclaim discover --out`. */
export type LiveSource =
  | {
      readonly kind: 'aws';
      readonly clients: AwsClients;
      readonly onProgress?: DiscoverOptions['onProgress'];
      /** Listings saved by `reclaim inventory`, checked fresh (`inventory/reuse.ts`): discovery lists nothing itself. */
      readonly recordedListings?: DiscoverOptions['recordedListings'];
    }
  | { readonly kind: 'snapshot'; readonly file: string };

export function discoverOptionsFor(scope: DesiredScope): DiscoverOptions {
  return {
    stack: scope.stack,
    ...(scope.pipelines ? { pipelines: scope.pipelines } : {}),
    ...(scope.services ? { services: scope.services } : {}),
    ...(scope.tags ? { tags: Object.entries(scope.tags).map(([key, value]) => ({ key, value })) } : {}),
  };
}

/**
 * Reads live to compare with a desired file (drift, plan, apply): the file's
 * scope as `reclaim discover` reads it, plus every resource the file
 * declares, by its recorded physical id, so that one the name and the walk no
 * longer reach is compared rather than called missing. A saved snapshot is
 * taken as it is: it holds what its discovery read, no more.
 */
export async function readLiveFor(desired: DesiredState, source: LiveSource): Promise<Snapshot> {
  return readLive(source, desired.scope, { declared: declaredSeeds(desired) });
}

/** Reads live for a scope, the same way `reclaim discover` would (import: there is no file yet). */
export async function readLive(
  source: LiveSource,
  scope: DesiredScope,
  options: Pick<DiscoverOptions, 'mustMatch' | 'declared'> = {},
): Promise<Snapshot> {
  if (source.kind === 'snapshot') return assertSnapshotOf(await readSnapshot(source.file), source.file, scope);
  return discover(source.clients, {
    ...discoverOptionsFor(scope),
    ...options,
    ...(source.onProgress ? { onProgress: source.onProgress } : {}),
    ...(source.recordedListings ? { recordedListings: source.recordedListings } : {}),
  });
}

/** A saved snapshot must be of the stack the file declares: another stack's would read as all missing and unmanaged. */
function assertSnapshotOf(snapshot: Snapshot, file: string, scope: DesiredScope): Snapshot {
  if (!scope.stack || snapshot.stack === scope.stack) return snapshot;
  throw new UserError(
    'SNAPSHOT_OF_ANOTHER_STACK',
    `${file} is a snapshot of stack "${snapshot.stack}", but the desired state is of stack "${scope.stack}".`,
    [`Save a snapshot of ${scope.stack}: reclaim discover --stack ${scope.stack} --out ${file}`],
  );
}
