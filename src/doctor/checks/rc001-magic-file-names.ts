import { collect, type Check } from '../check.js';
import { atLine, fileOnly } from '../repo/locate.js';
import { MAGIC_FILES, nearMissOf, type MagicFile } from '../repo/magic-files.js';

const PURPOSE: Record<MagicFile, string> = {
  'taskdef.json': 'the deploy action registers the task definition from it',
  'appspec.yaml': 'the deploy action hands it to CodeDeploy',
  'buildspec.yml': 'CodeBuild runs it when the project names no other buildspec',
};

/**
 * Guide, step 1: the three magic files sit at the repository root with exactly
 * these names. Near misses (`appspec.yml`, `AppSpec.yaml`, `appsec.yml`,
 * `buildspec.yaml`, `task-definition.json`, or the right name in a subdirectory)
 * are named as such.
 */
export const magicFileNames: Check = {
  code: 'RC001',
  id: 'magic-file-names',
  title: 'taskdef.json, appspec.yaml and buildspec.yml at the repository root, spelt exactly',
  description:
    'The pipeline reads three files from the repository root by name: taskdef.json, appspec.yaml (not .yml) and buildspec.yml (not .yaml). Other spellings are silently ignored and the pipeline fails.',
  appliesTo: 'repo',

  run({ repo }) {
    const out = collect(this);
    if (!repo) return out.done();
    for (const magic of MAGIC_FILES) {
      const misses = repo.files.filter((file) => nearMissOf(file) === magic);
      const present = repo.files.includes(magic);
      if (!present && misses.length === 0) {
        out.error({
          location: fileOnly(magic),
          what: `${magic} is missing from the repository root.`,
          why: `The pipeline looks for exactly ${magic} at the root: ${PURPOSE[magic]}.`,
          fix: { text: `Add ${magic} at the repository root (start from the guide's template).`, value: magic },
        });
        continue;
      }
      for (const miss of misses) {
        const move = `git mv ${miss} ${magic}`;
        if (present) {
          out.warning({
            location: atLine(miss, 1),
            what: `${miss} is a near miss of ${magic}, which also exists: the pipeline ignores ${miss}.`,
            why: 'Two spellings of one magic file invite edits to the one that is never read.',
            fix: { text: `Delete ${miss}, or merge what it has into ${magic}.`, command: `git rm ${miss}` },
          });
        } else {
          out.error({
            location: atLine(miss, 1),
            what: `${miss} is a near miss of ${magic}; ${magic} itself is missing from the root.`,
            why: `The pipeline reads only ${magic} at the root (${PURPOSE[magic]}); other spellings fail the pipeline.`,
            fix: { text: `Rename ${miss} to ${magic} at the repository root.`, value: magic, command: move },
          });
        }
      }
    }
    return out.done();
  },
};
