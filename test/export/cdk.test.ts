import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cdkFiles, stackClassName } from '../../src/export/cdk.js';
import { exportCloudFormation } from '../../src/export/cloudformation.js';
import { exportInputFromSnapshot } from '../../src/export/input.js';
import { isNoValue } from '../../src/model/unset.js';
import { LIVE_SNAPSHOT } from '../support/bash-dog-fixture.js';

// Inside the worktree (gitignored), so the generated app resolves aws-cdk-lib from node_modules.
const WORK = fileURLToPath(new URL(`../../.reclaim-tmp/cdk-${process.pid}/`, import.meta.url));
afterAll(() => rm(WORK, { recursive: true, force: true }));

const exported = async () =>
  exportCloudFormation(exportInputFromSnapshot(JSON.parse(await readFile(LIVE_SNAPSHOT, 'utf8')), 'live.json'));

const PSEUDO: Record<string, string> = {
  'AWS::Region': 'us-east-2',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * A template's value with its intrinsics evaluated (references to resources
 * as `<Id>` / `<Id.Attribute>`), the way CloudFormation would read it: the
 * CDK writes `!Sub` over pseudo parameters as `Fn::Join`, drops a property
 * set to `AWS::NoValue`, and renders empty `Tags` as none.
 */
function evaluated(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(evaluated);
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if ('Ref' in record) return PSEUDO[record.Ref as string] ?? `<${String(record.Ref)}>`;
  if ('Fn::GetAtt' in record) {
    const target = record['Fn::GetAtt'];
    return `<${Array.isArray(target) ? target.join('.') : String(target)}>`;
  }
  if ('Fn::Sub' in record)
    return (record['Fn::Sub'] as string).replace(
      /\$\{([^!}][^}]*)\}/g,
      (_, name: string) => PSEUDO[name] ?? `<${name}>`,
    );
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(evaluated).join(separator);
  }
  return Object.fromEntries(
    Object.entries(record)
      .filter(([name, item]) => !isNoValue(item) && !(name === 'Tags' && Array.isArray(item) && item.length === 0))
      .map(([name, item]) => [name, evaluated(item)]),
  );
}

describe('reclaim export --format cdk', () => {
  it('names the stack class after the stack', () => {
    expect(stackClassName('bash-dog')).toBe('BashDogStack');
    expect(stackClassName('9lives')).toBe('S9livesStack');
  });

  it('writes a TypeScript app that synthesizes back to the exported template', async () => {
    const result = await exported();
    const files = cdkFiles(result, 'typescript');
    expect(files.map((file) => file.path).sort()).toEqual([
      'EXCLUDED.md',
      'README.md',
      'bin/app.ts',
      'cdk.json',
      'lib/stack.ts',
      'package.json',
      'resource-mapping.json',
      'tsconfig.json',
    ]);
    await mkdir(WORK, { recursive: true });
    await writeFile(join(WORK, 'stack.ts'), files.find((file) => file.path === 'lib/stack.ts')!.content);
    const { BashDogStack } = (await import(join(WORK, 'stack.ts'))) as Record<
      string,
      new (...args: unknown[]) => { stackName: string }
    >;
    const cdk = await import('aws-cdk-lib');
    const app = new cdk.App();
    const stack = new BashDogStack!(app, 'bash-dog', {});
    const synthesized = app.synth().getStackByName(stack.stackName).template as {
      Resources: Record<string, Record<string, unknown>>;
    };
    const resources = Object.fromEntries(
      Object.entries(synthesized.Resources).filter(([, resource]) => resource.Type !== 'AWS::CDK::Metadata'),
    );
    expect(Object.keys(resources).sort()).toEqual(Object.keys(result.template.Resources).sort());
    for (const [id, resource] of Object.entries(result.template.Resources)) {
      const cdkResource = resources[id]!;
      expect([cdkResource.Type, cdkResource.DeletionPolicy, cdkResource.UpdateReplacePolicy], id).toEqual([
        resource.Type,
        'Retain',
        'Retain',
      ]);
      expect(evaluated(cdkResource.Properties), id).toEqual(evaluated(resource.Properties));
    }
  }, 60_000);

  it('writes a Python app that parses and names every resource, and the import mapping', async () => {
    const result = await exported();
    const files = cdkFiles(result, 'python');
    const stack = files.find((file) => file.path === 'stack.py')!.content;
    const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: stack });
    expect(parsed.status, String(parsed.stderr)).toBe(0);
    for (const id of Object.keys(result.template.Resources)) expect(stack).toContain(`'${id}'`);
    expect(stack.match(/update_replace_policy = cdk\.CfnDeletionPolicy\.RETAIN/g)).toHaveLength(
      Object.keys(result.template.Resources).length,
    );
    const mapping = JSON.parse(files.find((file) => file.path === 'resource-mapping.json')!.content) as Record<
      string,
      unknown
    >;
    expect(mapping['bash-dog/TaskDefinition']).toEqual({
      TaskDefinitionArn: 'arn:aws:ecs:us-east-2:123456789012:task-definition/bash-dog:3',
    });
    const readme = files.find((file) => file.path === 'README.md')!.content;
    expect(readme).toContain('npx cdk import bash-dog --resource-mapping resource-mapping.json');
    for (const file of files) expect(file.content).not.toMatch(/secret_string|secretString|SecretString:|sup3r-s3cret/);
  });
});
