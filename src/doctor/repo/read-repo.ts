import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import { parseDockerfile, type DockerfileInfo } from './dockerfile.js';
import { MAGIC_FILES, nearMissOf, type MagicFile } from './magic-files.js';
import { parseNginxConf, type NginxConf } from './nginx-conf.js';
import { parseJson, parseYaml } from './positions.js';
import type { MagicFileFound, RepoFiles, StructuredFile } from './repo-files.js';

const SKIPPED_DIRECTORIES = new Set([
  '.git',
  'node_modules',
  'vendor',
  'dist',
  'build',
  '.venv',
  'venv',
  '__pycache__',
  'target',
  '.terraform',
  '.next',
  'coverage',
]);
const MAX_DEPTH = 4;
const MAX_FILES = 5000;

/** The repository's files, relative and `/`-separated, sorted: a bounded walk. */
async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || files.length >= MAX_FILES) return;
    const entries = await readdir(join(root, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(path, depth + 1);
      } else if (entry.isFile() && files.length < MAX_FILES) {
        files.push(path);
      }
    }
  };
  await walk('', 0);
  return files;
}

const readText = (root: string, path: string) => readFile(join(root, ...path.split('/')), 'utf8');

async function structured(root: string, path: string): Promise<StructuredFile> {
  const text = await readText(root, path);
  return { path, parsed: path.toLowerCase().endsWith('.json') ? parseJson(text) : parseYaml(text) };
}

/** The exact name at the root, or else the closest near miss (root first, then shallowest). */
async function findMagic(
  root: string,
  files: readonly string[],
  magic: MagicFile,
): Promise<MagicFileFound | undefined> {
  if (files.includes(magic)) return { ...(await structured(root, magic)), expected: magic, exactName: true };
  const misses = files
    .filter((file) => nearMissOf(file) === magic)
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const nearest = misses[0];
  return nearest ? { ...(await structured(root, nearest)), expected: magic, exactName: false } : undefined;
}

/**
 * The nginx configuration files the Dockerfile copies from the build context into
 * an image (to `/etc/nginx/…`, or any `*.conf` / `*.conf.template`); a copied
 * directory contributes its `.conf` and `.template` files.
 */
function nginxSources(dockerfile: DockerfileInfo | undefined, files: readonly string[]): string[] {
  const found = new Set<string>();
  for (const copy of dockerfile?.copies ?? []) {
    if (copy.from) continue;
    const toNginx = copy.destination.startsWith('/etc/nginx');
    for (const source of copy.sources) {
      const path = posix.normalize(source.replace(/^\.\//, '')).replace(/\/$/, '');
      const looksLikeConf = /\.conf(\.template)?$/.test(path);
      if (!toNginx && !looksLikeConf) continue;
      if (files.includes(path)) found.add(path);
      for (const file of files) {
        if (file.startsWith(`${path}/`) && /\.(conf|template)$/.test(file)) found.add(file);
      }
    }
  }
  if (found.size === 0) {
    for (const file of files) if (/(^|\/)nginx\.conf$/.test(file)) found.add(file);
  }
  return [...found].sort();
}

/** Reads the application repository once: the pipeline's three files, Dockerfile, nginx.conf, compose, reclaim.yaml. */
export async function readRepo(path: string): Promise<RepoFiles> {
  const root = resolve(path);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UserError('REPO_NOT_FOUND', `--repo ${path} is not a directory.`, [
      'Point --repo at the root of the application repository (where taskdef.json, appspec.yaml and buildspec.yml live).',
    ]);
  }
  const files = await listFiles(root);
  const [taskdef, appspec, buildspec] = await Promise.all(MAGIC_FILES.map((magic) => findMagic(root, files, magic)));
  const dockerfilePath = files.includes('Dockerfile')
    ? 'Dockerfile'
    : files.find((f) => f.toLowerCase() === 'dockerfile');
  const dockerfile = dockerfilePath ? parseDockerfile(dockerfilePath, await readText(root, dockerfilePath)) : undefined;
  const nginx: NginxConf[] = await Promise.all(
    nginxSources(dockerfile, files).map(async (file) => parseNginxConf(file, await readText(root, file))),
  );
  const composePath = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yaml', 'compose.yml'].find((name) =>
    files.includes(name),
  );
  return {
    root,
    files,
    ...(taskdef ? { taskdef } : {}),
    ...(appspec ? { appspec } : {}),
    ...(buildspec ? { buildspec } : {}),
    ...(dockerfile ? { dockerfile } : {}),
    nginx,
    ...(composePath ? { compose: await structured(root, composePath) } : {}),
    ...(files.includes('reclaim.yaml') ? { reclaimYaml: await structured(root, 'reclaim.yaml') } : {}),
  };
}
