/**
 * `npm run build:manifest`: writes oclif.manifest.json, what `oclif manifest`
 * writes (the oclif CLI is not a dependency here): every command's id,
 * summary, flags and examples, and where its bundle is. With it, oclif answers
 * `--version` and `--help` from this file and loads a command's code only to
 * run it. It is generated from the bundles in dist/ on every build, never
 * edited: test/cli/oclif-manifest.test.ts fails when it is older than the
 * commands.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Plugin, settings } from '@oclif/core';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const MANIFEST_FILE = 'oclif.manifest.json';

async function main(): Promise<void> {
  // The manifest must name the bundles in dist/, never src/: no TypeScript path mapping.
  settings.enableAutoTranspile = false;
  const plugin = new Plugin({
    root: ROOT,
    type: 'core',
    isRoot: true,
    ignoreManifest: true,
    errorOnManifestCreate: true,
    respectNoCacheDefault: true,
  });
  await plugin.load();
  await writeFile(`${ROOT}${MANIFEST_FILE}`, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
  process.stderr.write(`wrote ${MANIFEST_FILE}: ${Object.keys(plugin.manifest.commands).length} commands\n`);
}

await main();
