import { readFile } from 'node:fs/promises';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { exportCloudFormation } from '../../src/export/cloudformation.js';
import { exportInputFromSnapshot } from '../../src/export/input.js';
import { TERRAFORM_MAPPINGS } from '../../src/export/terraform/mappings.js';
import { exportTerraform, terraformName } from '../../src/export/terraform/terraform.js';
import { resourceSpec } from '../../src/spec/cfn-spec.js';
import { LIVE_SNAPSHOT } from '../support/bash-dog-fixture.js';

const exported = async () =>
  exportCloudFormation(exportInputFromSnapshot(JSON.parse(await readFile(LIVE_SNAPSHOT, 'utf8')), 'live.json'));

type Parsed = {
  resource: Record<string, Record<string, Array<Record<string, unknown>>>>;
  import: Array<{ to: string; id: string }>;
};

describe('the Terraform mapping tables', () => {
  it('map only properties and attributes the CloudFormation spec has', () => {
    for (const [type, mapping] of Object.entries(TERRAFORM_MAPPINGS)) {
      const spec = resourceSpec(type)!;
      for (const property of Object.keys(mapping.properties))
        expect(spec.properties, `${type}.${property}`).toHaveProperty(property);
      for (const name of Object.keys(mapping.attributes)) expect(spec.attributes, `${type}.${name}`).toContain(name);
      expect(mapping.resource).toMatch(/^aws_[a-z0-9_]+$/);
    }
  });

  it('names resources in snake case', () => {
    expect(terraformName('EcsLogGroup')).toBe('ecs_log_group');
    expect(terraformName('ExecutionRoleForECS')).toBe('execution_role_for_ecs');
  });
});

describe('reclaim export --format terraform (bash-dog)', () => {
  it('writes HCL that parses, one import block per resource, references as resource references', async () => {
    const cloudFormation = await exported();
    const terraform = exportTerraform(cloudFormation);
    const main = terraform.files.find((file) => file.path === 'main.tf')!.content;
    const imports = terraform.files.find((file) => file.path === 'imports.tf')!.content;
    const parsed = (await parse('main.tf', `${main}\n${imports}`)) as Parsed;
    const declared = Object.entries(parsed.resource).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => `${type}.${name}`),
    );
    expect(parsed.import.map((entry) => entry.to.replace(/^\$\{(.*)\}$/, '$1')).sort()).toEqual(declared.sort());
    // Every resource of the CloudFormation hand-over is in Terraform, or listed with its reason.
    const excludedHere = terraform.excluded.map((entry) => entry.id);
    expect(declared).toHaveLength(Object.keys(cloudFormation.template.Resources).length - excludedHere.length);
    expect(terraform.excluded.find((entry) => entry.id === 'Service')?.reason).toMatch(/no Terraform mapping table/);

    const serviceGroup = parsed.resource.aws_security_group!.service_sg_security_group![0]!;
    expect(serviceGroup.ingress).toEqual([
      expect.objectContaining({ security_groups: ['${aws_security_group.alb_sg_security_group.id}'] }),
    ]);
    const role = parsed.resource.aws_iam_role!.codebuild_build_project_service_role![0]!;
    const policy = (role.inline_policy as Array<{ policy: string }>)[0]!.policy;
    expect(policy).toContain('aws_cloudwatch_log_group.aws_codebuild_log_group.name');
    expect(policy).toContain('data.aws_region.current.name');
    expect(policy).toMatch(/aws_s3_bucket\.codepipeline_us_east2\d+_bucket\.arn/);
    expect(parsed.resource.aws_lb_target_group).toBeUndefined(); // owned by the console stack
    expect(parsed.import).toContainEqual({ to: '${aws_iam_role.pipeline_role}', id: 'bash-dog-pipeline-role' });
    expect(main).not.toContain('123456789012');
    for (const file of terraform.files) expect(file.content).not.toMatch(/secret_string|sup3r-s3cret/);
  });

  it('maps a target group health check and tags, and lists what a table does not map', async () => {
    const cloudFormation = exportCloudFormation(
      { ...exportInputFromSnapshot(JSON.parse(await readFile(LIVE_SNAPSHOT, 'utf8')), 'live.json'), owners: new Map() },
      {},
    );
    const terraform = exportTerraform(cloudFormation);
    const parsed = (await parse('main.tf', terraform.files.find((file) => file.path === 'main.tf')!.content)) as Parsed;
    const group = parsed.resource.aws_lb_target_group!.main_target_group![0]!;
    expect(group).toMatchObject({ name: 'bash-dog-main', port: 80, vpc_id: expect.stringMatching(/^vpc-[0-9a-f]+$/) });
    expect(group.health_check).toEqual([
      expect.objectContaining({ path: '/', matcher: '200', healthy_threshold: 5, interval: 30 }),
    ]);
    const excluded = terraform.files.find((file) => file.path === 'EXCLUDED.md')!.content;
    for (const entry of [...cloudFormation.excluded, ...terraform.excluded])
      expect(excluded).toContain(`| ${entry.id} |`);
    for (const entry of terraform.leftOut) expect(excluded).toContain(`| ${entry.id} | ${entry.property} |`);
  });
});
