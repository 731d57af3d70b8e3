/**
 * The three files the pipeline reads by name from the repository root, and the
 * spellings people (and AWS's own docs) get wrong. The guide: "appspec.yaml is
 * the correct, and AFAIK only working naming convention", and buildspec.yml
 * and appspec.yaml have different suffixes.
 */
import { editDistance } from '../../util/edit-distance.js';

export type MagicFile = 'taskdef.json' | 'appspec.yaml' | 'buildspec.yml';

export const MAGIC_FILES: readonly MagicFile[] = ['taskdef.json', 'appspec.yaml', 'buildspec.yml'];

/** Stems (lower-case, without `-`, `_`, `.`) that mean each magic file. */
const STEMS: Record<MagicFile, readonly string[]> = {
  'taskdef.json': ['taskdef', 'taskdefinition', 'taskdefs'],
  'appspec.yaml': ['appspec', 'appsec', 'appspecs'],
  'buildspec.yml': ['buildspec', 'buildspecs', 'buildsec'],
};

const EXTENSIONS = new Set(['json', 'yaml', 'yml']);

/**
 * Which magic file a path is a near miss of: a misspelt or mis-suffixed name
 * (`appspec.yml`, `AppSpec.yaml`, `appsec.yml`, `task-definition.json`), or the
 * right name in the wrong directory (`deploy/appspec.yaml`). Undefined for the
 * exact name at the root, and for unrelated files.
 */
export function nearMissOf(path: string): MagicFile | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const extension = base.slice(dot + 1).toLowerCase();
  if (!EXTENSIONS.has(extension)) return undefined;
  const stem = base
    .slice(0, dot)
    .toLowerCase()
    .replace(/[-_.\s]/g, '');
  for (const magic of MAGIC_FILES) {
    if (path === magic) return undefined;
    const close = STEMS[magic].some((known) => stem === known || (stem.length >= 6 && editDistance(stem, known) <= 1));
    if (close) return magic;
  }
  return undefined;
}
