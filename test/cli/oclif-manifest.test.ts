import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from '@oclif/core';
import { expect, it, vi } from 'vitest';

/**
 * oclif.manifest.json (written by `npm run build`, scripts/oclif-manifest.ts)
 * is what `reclaim --help` shows and what flags oclif knows before it loads a
 * command: one older than the commands would hide a new flag or command. Each
 * command in src/commands is cached here the way the manifest caches it, and
 * must equal its entry.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MANIFEST = join(ROOT, 'oclif.manifest.json');
const STALE = 'oclif.manifest.json is older than src/commands: run `npm run build`';

// oclif's own serializer of a command (what its manifest holds), not among the package's exports: loaded by path.
const require = createRequire(import.meta.url);
const { cacheCommand } = require(join(dirname(require.resolve('@oclif/core')), 'util', 'cache-command.js')) as {
  cacheCommand(command: Command.Class, plugin: undefined, respectNoCacheDefault: boolean): Promise<object>;
};

/** Where the command lives, not what it is: the manifest names the bundle, src/ the source. */
const LOCATION_KEYS = ['pluginAlias', 'pluginName', 'pluginType', 'isESM', 'relativePath'];

interface Manifest {
  readonly version: string;
  readonly commands: Record<string, Record<string, unknown>>;
}

/** Command ids as oclif derives them from files: `inventory/merge.ts` is `inventory:merge`, `inventory/index.ts` is `inventory`. */
function sourceCommands(): Map<string, string> {
  const dir = join(ROOT, 'src', 'commands');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  return new Map(
    files.map((file) => {
      const parts = file.replace(/\.ts$/, '').split(/[\\/]/);
      if (parts.at(-1) === 'index') parts.pop();
      return [parts.join(':'), join(dir, file)];
    }),
  );
}

function readManifest(): Manifest {
  if (!existsSync(MANIFEST)) throw new Error(`oclif.manifest.json is missing: run \`npm run build\``);
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
}

/** The entry as JSON would carry it (no undefined, no functions), without where it lives. */
function described(entry: object): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(entry)) as Record<string, unknown>;
  for (const key of LOCATION_KEYS) delete json[key];
  return json;
}

it('lists every command in src/commands, each at its bundle in dist/, for this version', () => {
  const manifest = readManifest();
  const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(manifest.version).toBe(pjson.version);
  expect(Object.keys(manifest.commands).sort(), STALE).toEqual([...sourceCommands().keys()].sort());
  const sources = sourceCommands();
  for (const [id, entry] of Object.entries(manifest.commands)) {
    expect(entry.isESM, id).toBe(true);
    // The bundle sits where its source does: `inventory/index.ts` → `dist/commands/inventory/index.js`.
    const source = relative(join(ROOT, 'src', 'commands'), sources.get(id)!).replace(/\.ts$/, '.js');
    expect(entry.relativePath, id).toEqual(['dist', 'commands', ...source.split(/[\\/]/)]);
  }
});

it('describes each command, its flags and examples as the source does', async () => {
  // Fresh modules: a command another file in this worker ran has had its flags filled in by oclif's parser.
  vi.resetModules();
  const manifest = readManifest();
  for (const [id, file] of sourceCommands()) {
    const CommandClass = ((await import(pathToFileURL(file).href)) as { default: Command.Class }).default;
    const cached = { ...(await cacheCommand(CommandClass, undefined, true)), id };
    expect(described(manifest.commands[id] ?? {}), `${STALE} (${id})`).toEqual(described(cached));
  }
});
