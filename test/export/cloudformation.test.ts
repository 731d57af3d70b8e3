import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/desired/load.js';
import { INTRINSIC_TAGS } from '../../src/desired/yaml-tags.js';
import { cloudFormationFiles } from '../../src/export/cloudformation-files.js';
import { exportCloudFormation } from '../../src/export/cloudformation.js';
import { IMPORT_SUPPORT } from '../../src/export/import-support.js';
import { exportInputFromDesired, exportInputFromSnapshot } from '../../src/export/input.js';
import { validateTemplate } from '../../src/export/validate-template.js';
import { MANAGED_TYPES } from '../../src/model/resource-type.js';
import { resourceSpec } from '../../src/spec/cfn-spec.js';
import { FIXTURE_DIR, LIVE_SNAPSHOT } from '../support/bash-dog-fixture.js';

const fromSnapshot = async () =>
  exportCloudFormation(exportInputFromSnapshot(JSON.parse(await readFile(LIVE_SNAPSHOT, 'utf8')), 'live.json'));
const fromDesired = async () =>
  exportCloudFormation(
    exportInputFromDesired((await loadDesiredState(`${FIXTURE_DIR}reclaim.yaml`)).state, 'reclaim.yaml'),
  );

describe('the import support table', () => {
  it('names, for every importable type, exactly the identifier properties of its spec (primaryIdentifier)', () => {
    for (const type of MANAGED_TYPES) {
      const support = IMPORT_SUPPORT[type];
      if (!support.importable) continue;
      const sample = support.identifier('arn:aws:ecs:us-east-2:1:service/c/s', {});
      expect(Object.keys(sample).sort(), type).toEqual([...(resourceSpec(type)?.primaryIdentifier ?? [])].sort());
    }
  });

  it('gives a reason for every type it cannot import', () => {
    for (const type of MANAGED_TYPES) {
      const support = IMPORT_SUPPORT[type];
      if (!support.importable) expect(support.reason.length, type).toBeGreaterThan(20);
    }
  });
});

describe.each([
  ['a snapshot', fromSnapshot],
  ['a desired-state file', fromDesired],
])('exporting bash-dog from %s to CloudFormation', (_source, exported) => {
  it('declares or lists every managed resource, never dropping one', async () => {
    const result = await exported();
    const declared = Object.keys(result.template.Resources);
    const excluded = result.excluded.map((entry) => entry.id);
    const { state } = await loadDesiredState(`${FIXTURE_DIR}reclaim.yaml`);
    expect([...declared, ...excluded].sort()).toEqual(Object.keys(state.resources).sort());
    expect(declared.filter((id) => excluded.includes(id))).toEqual([]);
  });

  it('retains every resource, and imports each by its identifier', async () => {
    const result = await exported();
    for (const resource of Object.values(result.template.Resources)) {
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.UpdateReplacePolicy).toBe('Retain');
    }
    expect(result.resourcesToImport.map((entry) => entry.LogicalResourceId).sort()).toEqual(
      Object.keys(result.template.Resources).sort(),
    );
    for (const entry of result.resourcesToImport) {
      expect(Object.keys(entry.ResourceIdentifier).sort()).toEqual(
        [...resourceSpec(entry.ResourceType)!.primaryIdentifier!].sort(),
      );
      for (const value of Object.values(entry.ResourceIdentifier)) expect(value).not.toMatch(/\$\{AWS::/);
    }
  });

  it('validates against the CloudFormation spec: names, types, required properties, attributes', async () => {
    expect(validateTemplate((await exported()).template)).toEqual([]);
  });

  it('keeps references as intrinsics and account and region as pseudo parameters', async () => {
    const files = cloudFormationFiles(await exported());
    const template = files.find((file) => file.path === 'template.yaml')!.content;
    expect(template).toContain('RoleArn: !GetAtt PipelineRole.Arn');
    expect(template).toContain('SourceSecurityGroupId: !Ref AlbSgSecurityGroup');
    expect(template).toContain('${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/${NginxRepository}:latest');
    expect(template).not.toContain('123456789012');
    expect(template).not.toContain(':us-east-2:');
    // reclaim's log group ARN is CloudFormation's without `:*`: spelled out, so the policy grants the same.
    expect(template).toContain(
      'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${AwsCodebuildLogGroup}:*',
    );
    // Read back, the YAML is the template (`!GetAtt X.Attr` is CloudFormation's `[X, Attr]`).
    const longGetAtt = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(longGetAtt)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value).map(([key, item]) => [
                key,
                key === 'Fn::GetAtt' && typeof item === 'string' ? item.split('.') : longGetAtt(item),
              ]),
            )
          : value;
    expect(longGetAtt(parse(template, { customTags: INTRINSIC_TAGS }))).toEqual(
      JSON.parse(JSON.stringify((await exported()).template)),
    );
  });

  it('writes references to what stays out as literals (the CodeBuild project, the certificate)', async () => {
    const result = await exported();
    expect(result.excluded.find((entry) => entry.id === 'BuildProject')?.kind).toBe('not-importable');
    const pipeline = JSON.stringify(result.template.Resources.Pipeline);
    expect(pipeline).toContain('"ProjectName":"bash-dog-build-project"');
    const pipelineRole = JSON.stringify(result.template.Resources.PipelineRole);
    // The ARN read live (from a snapshot), or composed from the name (from a desired-state file alone).
    expect(pipelineRole).toMatch(
      /arn:(aws|\$\{AWS::Partition\}):codebuild:\$\{AWS::Region\}:\$\{AWS::AccountId\}:project\/bash-dog-build-project/,
    );
  });

  it('declares the secret by its keys only, and never a value', async () => {
    const result = await exported();
    const secret = result.template.Resources.EcsEnvarsSecret!;
    expect(secret.Properties).toEqual({ Name: 'bash-dog/ecs-envars', Tags: [] });
    expect(result.leftOut).toContainEqual(expect.objectContaining({ id: 'EcsEnvarsSecret', property: 'SecretKeys' }));
    for (const file of cloudFormationFiles(result)) expect(file.content).not.toMatch(/SecretString:|sup3r-s3cret/);
  });

  it('leaves the task definition and load balancers of the CodeDeploy service to CodeDeploy, and says so', async () => {
    const result = await exported();
    const service = result.template.Resources.Service!.Properties;
    expect(service.DeploymentController).toEqual({ Type: 'CODE_DEPLOY' });
    expect(service).not.toHaveProperty('TaskDefinition');
    expect(service).not.toHaveProperty('LoadBalancers');
    expect(result.leftOut.filter((entry) => entry.id === 'Service').map((entry) => entry.property)).toEqual([
      'TaskDefinition',
      'LoadBalancers',
    ]);
    const notes = result.notes.map((note) => `${note.id}: ${note.note}`).join('\n');
    expect(notes).toMatch(
      /Service: DeploymentController CODE_DEPLOY: CodeDeploy \(deployment group DgpECSDeploymentGroup\)/,
    );
    expect(notes).toMatch(/Listener443Listener: the production listener/);
    expect(notes).toMatch(/MainTargetGroup and SecondaryTargetGroup/);
    const readme = cloudFormationFiles(result).find((file) => file.path === 'README.md')!.content;
    expect(readme).toContain('keeps deploying it');
  });

  it('writes the commands of the hand-over in order', async () => {
    const readme = cloudFormationFiles(await exported()).find((file) => file.path === 'README.md')!.content;
    const order = [
      'create-change-set --region us-east-2 --stack-name bash-dog --change-set-name reclaim-import --change-set-type IMPORT --template-body file://template.yaml --resources-to-import file://resources-to-import.json --capabilities CAPABILITY_NAMED_IAM',
      'wait change-set-create-complete',
      'describe-change-set',
      'execute-change-set',
      'wait stack-import-complete',
      'detect-stack-drift',
      'describe-stack-resource-drifts',
    ].map((command) => readme.indexOf(command));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('what only a live read knows', () => {
  it('leaves out what the console stacks own, naming the owner', async () => {
    const result = await fromSnapshot();
    const owned = result.excluded.filter((entry) => entry.kind === 'owned-by-stack');
    expect(owned.map((entry) => entry.id).sort()).toEqual([
      'Cluster',
      'Listener443Listener',
      'LoadBalancer',
      'MainTargetGroup',
      'SecondaryTargetGroup',
    ]);
    expect(owned.find((entry) => entry.id === 'Cluster')!.reason).toMatch(
      /owned by the CloudFormation stack Infra-ECS-Cluster-bash-dog-[0-9a-f]{8}/,
    );
    expect(result.template.Resources.Service!.Properties.Cluster).toBe('bash-dog');
    expect(result.warnings).toEqual([]);
  });

  it('imports the live task definition revision', async () => {
    const result = await fromSnapshot();
    expect(result.resourcesToImport.find((entry) => entry.LogicalResourceId === 'TaskDefinition')).toEqual({
      ResourceType: 'AWS::ECS::TaskDefinition',
      LogicalResourceId: 'TaskDefinition',
      ResourceIdentifier: { TaskDefinitionArn: 'arn:aws:ecs:us-east-2:123456789012:task-definition/bash-dog:3' },
    });
  });

  it('from a desired-state file alone, warns about ownership and asks for the live revision', async () => {
    const result = await fromDesired();
    expect(result.warnings.join('\n')).toMatch(/ECS-Console-V2-Service-bash-dog-bash-dog-[0-9a-f]{8}.*--stack/);
    expect(result.fillIns).toEqual([expect.objectContaining({ token: 'LIVE-REVISION-OF:bash-dog' })]);
    const readme = cloudFormationFiles(result).find((file) => file.path === 'README.md')!.content;
    expect(readme).toContain(
      'arn=$(aws ecs describe-task-definition --region us-east-2 --task-definition bash-dog --query taskDefinition.taskDefinitionArn --output text)',
    );
    expect(readme.indexOf('sed -i.bak')).toBeLessThan(readme.indexOf('create-change-set'));
  });
});
