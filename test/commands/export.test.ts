import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Export from '../../src/commands/export.js';
import { FIXTURE_DIR, LIVE_SNAPSHOT } from '../support/bash-dog-fixture.js';
import { runCommand } from '../support/run-command.js';

const outDir = () => mkdtemp(join(tmpdir(), 'reclaim-export-'));

describe('reclaim export --format cloudformation', () => {
  it('writes the template, the resources to import, the README and EXCLUDED.md, and lists what it left out', async () => {
    const out = join(await outDir(), 'stack');
    const result = await runCommand(Export, ['--snapshot', LIVE_SNAPSHOT, '--format', 'cloudformation', '--out', out]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'EXCLUDED.md',
      'README.md',
      'resources-to-import.json',
      'template.yaml',
    ]);
    expect(result.stdout).toContain('20 resources to import; 13 left out');
    expect(result.stdout).toMatch(
      /BuildProject \(AWS::CodeBuild::Project\): AWS::CodeBuild::Project is not a registry/,
    );
    expect(result.stdout).toMatch(/Cluster \(AWS::ECS::Cluster\): owned by the CloudFormation stack Infra-ECS-Cluster/);
    expect(result.stdout).toMatch(/Service\.TaskDefinition: CodeDeploy owns/);
    const imports = JSON.parse(await readFile(join(out, 'resources-to-import.json'), 'utf8')) as unknown[];
    expect(imports).toHaveLength(20);
  });

  it('from the desired-state file, says what it cannot know, and answers --json', async () => {
    const out = await outDir();
    const result = await runCommand(Export, ['--desired', `${FIXTURE_DIR}reclaim.yaml`, '--out', out, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { imported: number; warnings: string[]; files: string[] };
    expect(summary.imported).toBe(25);
    expect(summary.warnings[0]).toMatch(/not what they own/);
    expect(summary.files).toContain('template.yaml');
  });

  it.each([
    ['terraform', [], ['EXCLUDED.md', 'README.md', 'imports.tf', 'main.tf']],
    [
      'cdk',
      ['--language', 'python'],
      ['EXCLUDED.md', 'README.md', 'app.py', 'cdk.json', 'requirements.txt', 'resource-mapping.json', 'stack.py'],
    ],
  ])('writes --format %s from the bundled example', async (format, extra, expected) => {
    const out = await outDir();
    const result = await runCommand(Export, [
      '--desired',
      `${FIXTURE_DIR}reclaim.yaml`,
      '--format',
      format,
      ...extra,
      '--out',
      out,
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(expected);
    expect(result.stdout).toContain(`Wrote ${format} to ${out}`);
  });

  it('refuses two sources at once', async () => {
    const result = await runCommand(Export, ['--desired', 'a.yaml', '--snapshot', LIVE_SNAPSHOT, '--out', 'x']);
    expect(result.exitCode).toBe(1);
  });
});

describe('reclaim export into a folder that already holds an export', () => {
  const exportTo = (out: string, ...rest: string[]) =>
    runCommand(Export, ['--snapshot', LIVE_SNAPSHOT, '--format', 'cloudformation', '--out', out, ...rest]);

  it('writes the same files again, refuses to overwrite a hand-edited one, and overwrites it only with --force', async () => {
    const out = await outDir();
    expect((await exportTo(out)).exitCode).toBe(0);
    expect((await exportTo(out)).exitCode).toBe(0);

    const template = join(out, 'template.yaml');
    await writeFile(template, '# edited by hand\n', 'utf8');
    const refused = await exportTo(out);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/template\.yaml.*Nothing was written/);
    expect(await readFile(template, 'utf8')).toBe('# edited by hand\n');

    expect((await exportTo(out, '--force')).exitCode).toBe(0);
    expect(await readFile(template, 'utf8')).not.toBe('# edited by hand\n');
  });
});
