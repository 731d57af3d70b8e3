import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import Apply from '../../src/commands/apply.js';
import Cleanup from '../../src/commands/cleanup.js';
import Discover from '../../src/commands/discover.js';
import Doctor from '../../src/commands/doctor.js';
import Drift from '../../src/commands/drift.js';
import Export from '../../src/commands/export.js';
import Import from '../../src/commands/import.js';
import InventoryCommand from '../../src/commands/inventory/index.js';
import InventoryMerge from '../../src/commands/inventory/merge.js';
import MigrateEcsBlueGreen from '../../src/commands/migrate/ecs-blue-green.js';
import Plan from '../../src/commands/plan.js';
import Teardown from '../../src/commands/teardown.js';

/**
 * The public surface, locked: every command and its flags are checked in
 * (command-snapshot.json), so that adding, renaming or dropping one is a
 * deliberate change. Run with RECLAIM_UPDATE_COMMAND_SNAPSHOT=1 to accept one.
 */
const COMMANDS = {
  apply: Apply,
  cleanup: Cleanup,
  discover: Discover,
  doctor: Doctor,
  drift: Drift,
  export: Export,
  import: Import,
  inventory: InventoryCommand,
  'inventory merge': InventoryMerge,
  'migrate ecs-blue-green': MigrateEcsBlueGreen,
  plan: Plan,
  teardown: Teardown,
};
const SNAPSHOT = new URL('../../command-snapshot.json', import.meta.url);

it('matches the checked-in command and flag list', () => {
  const surface = Object.entries(COMMANDS).map(([command, CommandClass]) => ({
    command,
    flags: Object.keys({ ...CommandClass.baseFlags, ...CommandClass.flags, json: true }).sort(),
  }));
  if (process.env.RECLAIM_UPDATE_COMMAND_SNAPSHOT === '1')
    writeFileSync(SNAPSHOT, `${JSON.stringify(surface, null, 2)}\n`);
  expect(surface).toEqual(JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
});

it('gives every command a summary and examples', () => {
  for (const [command, CommandClass] of Object.entries(COMMANDS)) {
    expect(CommandClass.summary, command).toBeTruthy();
    expect(CommandClass.examples?.length, command).toBeGreaterThan(0);
  }
});
