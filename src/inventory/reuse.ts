/**
 * `discover --inventory` and `import --inventory`: a batch of imports after one
 * inventory lists nothing again. The inventory's listings stand in for
 * discovery's own, so they must be of the same account and region, and
 * fresh: a listing an hour old misses what was made since, and an import from
 * it would silently leave that out. A file that is not is refused (exit 1)
 * rather than quietly read past, so the user knows the file was not used.
 */
import type { AwsClients } from '../aws/clients.js';
import { callerAccount } from '../discover/listings.js';
import { UserError } from '../errors.js';
import { readInventoryFile } from '../io/inventory-file.js';
import type { RecordedListings } from '../model/inventory.js';

/** How old an inventory's listings may be for discovery to use them. */
export const INVENTORY_MAX_AGE_MS = 60 * 60 * 1000;

/** The listings `file` recorded for the clients' account and region, when fresh; a `UserError` otherwise. */
export async function listingsFromInventory(
  file: string,
  clients: AwsClients,
  now: Date = new Date(),
): Promise<RecordedListings> {
  const inventory = await readInventoryFile(file);
  const again = `Read it again: reclaim inventory --region ${clients.region} --format json --out ${file}`;
  const ageMs = now.getTime() - Date.parse(inventory.capturedAt);
  if (!(ageMs <= INVENTORY_MAX_AGE_MS)) {
    throw new UserError(
      'INVENTORY_STALE',
      `${file} was read at ${inventory.capturedAt}, ${Math.round(ageMs / 60_000)} minutes ago; reclaim uses an inventory's listings for ${INVENTORY_MAX_AGE_MS / 60_000} minutes at most.`,
      [again, 'Or leave out --inventory to list the account afresh.'],
    );
  }
  const account = await callerAccount(clients);
  const target = inventory.targets.find(
    (candidate) => candidate.account === account && candidate.region === clients.region,
  );
  if (!target?.listings) {
    const read =
      inventory.targets.map((candidate) => `${candidate.account}/${candidate.region}`).join(', ') || 'nothing';
    throw new UserError(
      'INVENTORY_OF_ANOTHER_TARGET',
      `${file} has no listings of ${account}/${clients.region} (it read ${read}).`,
      [again, 'Check --region and --profile, or leave out --inventory.'],
    );
  }
  return target.listings;
}
