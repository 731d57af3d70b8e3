import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../src/model/resource-type.js';
import {
  ANY_TYPE,
  RECLAIM_EXTENSIONS,
  SPEC_SOURCE,
  SPEC_TYPES,
  defaultValueAt,
  documentationAt,
  maybeReplacement,
  propertyAt,
  replacementReasons,
  resourceSpec,
  validateProperties,
} from '../../src/spec/cfn-spec.js';

const SPEC_FILE = new URL('../../src/spec/cfn-spec.json', import.meta.url);

describe('the checked-in spec subset', () => {
  it('describes exactly the types reclaim knows, from the CDK package', () => {
    expect([...SPEC_TYPES].sort()).toEqual([...RESOURCE_TYPES].sort());
    expect(SPEC_SOURCE.package).toBe('@aws-cdk/aws-service-spec');
  });

  it('stays small enough to check in', () => {
    expect(statSync(SPEC_FILE).size).toBeLessThan(600 * 1024);
  });

  it('keeps documentation to one short sentence', () => {
    const text = readFileSync(SPEC_FILE, 'utf8');
    const docs = [...text.matchAll(/"documentation": ("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string);
    expect(docs.length).toBeGreaterThan(500);
    for (const doc of docs) expect(doc.length).toBeLessThanOrEqual(200);
  });
});

describe('propertyAt', () => {
  it('knows which ECR repository properties replace the repository', () => {
    expect(propertyAt('AWS::ECR::Repository', ['RepositoryName'])).toMatchObject({
      type: { kind: 'string' },
      causesReplacement: 'yes',
      required: false,
    });
    expect(propertyAt('AWS::ECR::Repository', ['ImageTagMutability'])?.causesReplacement).toBe('no');
  });

  it('types RetentionInDays as an integer from a fixed list', () => {
    const retention = propertyAt('AWS::Logs::LogGroup', ['RetentionInDays']);
    expect(retention?.type.kind).toBe('integer');
    expect(retention?.type).toMatchObject({ allowed: expect.arrayContaining([1, 30, 365]) });
  });

  it('has the ECS service health check grace period as an integer', () => {
    expect(propertyAt('AWS::ECS::Service', ['HealthCheckGracePeriodSeconds'])?.type).toEqual({ kind: 'integer' });
  });

  it('walks nested structures, array indexes, keyed selectors and map keys', () => {
    const type = 'AWS::ECS::TaskDefinition';
    expect(propertyAt(type, ['ContainerDefinitions', '0', 'Secrets', '1', 'ValueFrom'])).toMatchObject({
      type: { kind: 'string' },
      required: true,
    });
    // An index may be left out.
    expect(propertyAt(type, ['ContainerDefinitions', 'Secrets', 'ValueFrom'])?.type.kind).toBe('string');
    expect(propertyAt(type, ['ContainerDefinitions[bash-dog-api]', 'Image'])?.required).toBe(true);
    expect(
      propertyAt(type, ['ContainerDefinitions', '0', 'LogConfiguration', 'Options', 'awslogs-group'])?.type,
    ).toEqual({ kind: 'string' });
    expect(propertyAt('AWS::IAM::Role', ['Policies[bashDogEcsEnvarsSecretAccess]', 'PolicyName'])?.required).toBe(true);
  });

  it('answers for free-form JSON with the JSON property itself', () => {
    const statement = propertyAt('AWS::IAM::Role', ['AssumeRolePolicyDocument', 'Statement', '0', 'Effect']);
    expect(statement?.type).toEqual({ kind: 'json' });
    expect(statement?.documentation).toBe(documentationAt('AWS::IAM::Role', ['AssumeRolePolicyDocument']));
  });

  it('is undefined off the spec', () => {
    expect(propertyAt('AWS::ECR::Repository', ['RepositoryNam'])).toBeUndefined();
    expect(propertyAt('AWS::ECR::Repository', ['RepositoryName', 'Length'])).toBeUndefined();
    expect(propertyAt('AWS::ECR::Repository', [])).toBeUndefined();
    expect(propertyAt('AWS::Lambda::Function', ['FunctionName'])).toBeUndefined();
  });

  it('marks reclaim extensions with their reason', () => {
    expect(propertyAt('AWS::SecretsManager::Secret', ['SecretKeys'])).toMatchObject({
      type: { kind: 'array', element: { kind: 'string' } },
      extension: expect.stringContaining('never the values'),
    });
    expect(propertyAt('AWS::ECR::Repository', ['Tags', 'team'])?.type).toEqual({ kind: 'string' });
    expect(propertyAt('AWS::ECR::Repository', ['Tags', '0', 'Key'])?.required).toBe(true);
  });
});

describe('replacement', () => {
  it('names the changes that replace the resource', () => {
    expect(
      replacementReasons('AWS::ECR::Repository', [
        ['RepositoryName'],
        ['ImageTagMutability'],
        ['EncryptionConfiguration', 'KmsKey'],
        ['ImageScanningConfiguration', 'ScanOnPush'],
      ]),
    ).toEqual(['RepositoryName', 'EncryptionConfiguration.KmsKey']);
  });

  it('judges nested and listed changes by every property on the way', () => {
    expect(
      replacementReasons('AWS::ECS::TaskDefinition', [['ContainerDefinitions', '1', 'Environment', '0', 'Value']]),
    ).toEqual(['ContainerDefinitions.1.Environment.0.Value']);
    expect(
      replacementReasons('AWS::ECS::Service', [
        ['DesiredCount'],
        ['NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets', '0'],
        ['LaunchType'],
      ]),
    ).toEqual(['LaunchType']);
    expect(
      replacementReasons('AWS::IAM::Role', [['Policies[x]', 'PolicyDocument', 'Statement'], ['RoleName']]),
    ).toEqual(['RoleName']);
  });

  it('keeps "maybe" apart from "yes"', () => {
    expect(replacementReasons('AWS::EC2::VPC', [['InstanceTenancy']])).toEqual([]);
    expect(maybeReplacement('AWS::EC2::VPC', [['InstanceTenancy'], ['CidrBlock']])).toEqual(['InstanceTenancy']);
    expect(maybeReplacement('AWS::ECR::Repository', [['RepositoryName']])).toEqual([]);
  });

  it('ignores paths the spec does not know, and counts each path once', () => {
    expect(replacementReasons('AWS::ECR::Repository', [['Nope'], ['RepositoryName'], ['RepositoryName']])).toEqual([
      'RepositoryName',
    ]);
  });

  it('replaces a stack whose name changes (a reclaim extension)', () => {
    expect(replacementReasons('AWS::CloudFormation::Stack', [['StackName'], ['Description']])).toEqual(['StackName']);
  });
});

describe('defaults, documentation, attributes', () => {
  it('parses the defaults the spec gives', () => {
    expect(defaultValueAt('AWS::IAM::Role', ['Path'])).toBe('/');
    expect(defaultValueAt('AWS::ECS::Service', ['PlatformVersion'])).toBe('LATEST');
    expect(
      defaultValueAt('AWS::ElasticLoadBalancingV2::LoadBalancer', ['EnableCapacityReservationProvisionStabilize']),
    ).toBe(false);
    expect(defaultValueAt('AWS::ECR::Repository', ['RepositoryName'])).toBeUndefined();
  });

  it('keeps the first sentence of the documentation', () => {
    expect(documentationAt('AWS::ECR::Repository', ['RepositoryName'])).toBe('The name to use for the repository.');
  });

  it('lists GetAtt attributes and the primary identifier', () => {
    expect(resourceSpec('AWS::ECR::Repository')).toMatchObject({
      attributes: ['Arn', 'RepositoryUri'],
      primaryIdentifier: ['RepositoryName'],
      tagProperty: 'Tags',
    });
    expect(resourceSpec('AWS::ECS::Service')?.primaryIdentifier).toEqual(['ServiceArn', 'Cluster']);
  });
});

describe('validateProperties', () => {
  it('accepts every resource reclaim discovered in the bash-dog fixture, tags included', () => {
    const live = JSON.parse(readFileSync(new URL('../../fixtures/bash-dog/live.json', import.meta.url), 'utf8')) as {
      resources: Array<{ id: string; type: string; properties: unknown; tags: Record<string, string> }>;
    };
    expect(new Set(live.resources.map((r) => r.type)).size).toBeGreaterThanOrEqual(19);
    for (const resource of live.resources) {
      expect({ id: resource.id, problems: validateProperties(resource.type, resource.properties) }).toEqual({
        id: resource.id,
        problems: [],
      });
      expect(validateProperties(resource.type, { Tags: resource.tags })).toEqual([]);
    }
  });

  it('suggests the property a misspelled name meant, at any depth', () => {
    expect(validateProperties('AWS::ECR::Repository', { RepositoryNam: 'bash-dog-api' })).toEqual([
      {
        path: ['RepositoryNam'],
        message: 'AWS::ECR::Repository has no property "RepositoryNam"',
        fix: 'did you mean "RepositoryName"?',
      },
    ]);
    expect(
      validateProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'api', image: 'nginx' }] }),
    ).toEqual([
      {
        path: ['ContainerDefinitions', '0', 'image'],
        message: 'ContainerDefinition has no property "image"',
        fix: 'did you mean "Image"?',
      },
    ]);
    expect(validateProperties('AWS::ECR::Repository', { Frobnicate: true })[0]?.fix).toBeUndefined();
  });

  it('is strict about integers and booleans, and says how to fix a quoted one', () => {
    expect(validateProperties('AWS::Logs::LogGroup', { RetentionInDays: '30' })).toEqual([
      {
        path: ['RetentionInDays'],
        message: 'expected an integer, got the string "30"',
        fix: 'write 30 without quotes',
      },
    ]);
    expect(validateProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 1.5 })).toHaveLength(1);
    expect(validateProperties('AWS::ECS::Service', { EnableECSManagedTags: 'true' })[0]?.fix).toBe(
      'write true without quotes',
    );
    expect(validateProperties('AWS::ECS::Service', { EnableECSManagedTags: 1 })[0]?.message).toBe(
      'expected true or false, got the number 1',
    );
  });

  it('is lenient about strings, as CloudFormation is', () => {
    expect(validateProperties('AWS::ECS::TaskDefinition', { Cpu: 512, Memory: '1024' })).toEqual([]);
    expect(validateProperties('AWS::ECS::TaskDefinition', { Cpu: [512] })[0]?.message).toBe(
      'expected a string, got a list',
    );
  });

  it('checks enumerated values', () => {
    expect(validateProperties('AWS::ECS::Service', { LaunchType: 'FARGAT' })).toEqual([
      {
        path: ['LaunchType'],
        message: 'the string "FARGAT" is not one of EC2, EXTERNAL, FARGATE',
        fix: 'did you mean "FARGATE"?',
      },
    ]);
    expect(validateProperties('AWS::Logs::LogGroup', { RetentionInDays: 31 })[0]?.fix).toBe('did you mean "30"?');
  });

  it('tells a list from a mapping', () => {
    const rule = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' };
    expect(validateProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: rule })).toEqual([
      {
        path: ['SecurityGroupIngress'],
        message: 'expected a list of mappings (Ingress), got a mapping',
        fix: 'write it as a one-item list',
      },
    ]);
    expect(validateProperties('AWS::ECR::Repository', { ImageScanningConfiguration: [{ ScanOnPush: true }] })).toEqual([
      {
        path: ['ImageScanningConfiguration'],
        message: 'expected a mapping (ImageScanningConfiguration), got a list',
      },
    ]);
  });

  it('accepts intrinsic functions wherever a value goes', () => {
    expect(
      validateProperties('AWS::ECS::Service', {
        Cluster: { Ref: 'Cluster' },
        DesiredCount: { Ref: 'DesiredCount' },
        EnableECSManagedTags: { 'Fn::If': ['Tagged', true, false] },
        TaskDefinition: { 'Fn::GetAtt': ['TaskDefinition', 'TaskDefinitionArn'] },
        ServiceName: { 'Fn::Sub': '${AWS::StackName}-api' },
        NetworkConfiguration: {
          AwsvpcConfiguration: { Subnets: { 'Fn::Split': [',', { Ref: 'Subnets' }] }, SecurityGroups: [{ Ref: 'Sg' }] },
        },
        LoadBalancers: [{ Ref: 'AWS::NoValue' }],
      }),
    ).toEqual([]);
    // Two keys is no intrinsic.
    expect(validateProperties('AWS::ECS::Service', { DesiredCount: { Ref: 'A', Other: 1 } })).toHaveLength(1);
  });

  it("accepts reclaim's extensions, and checks them too", () => {
    expect(validateProperties('AWS::SecretsManager::Secret', { Name: 's', SecretKeys: ['API_TOKEN'] })).toEqual([]);
    expect(validateProperties('AWS::SecretsManager::Secret', { SecretKeys: 'API_TOKEN' })[0]?.path).toEqual([
      'SecretKeys',
    ]);
    expect(
      validateProperties('AWS::CloudFormation::Stack', { StackName: 'x', Parameters: { VpcID: 'vpc-1' } }),
    ).toEqual([]);
    expect(validateProperties('AWS::S3::Bucket', { Tags: { team: 'web', cost: 12 } })).toEqual([]);
    expect(validateProperties('AWS::S3::Bucket', { Tags: [{ Key: 'team', Value: 'web' }] })).toEqual([]);
    expect(validateProperties('AWS::S3::Bucket', { Tags: [{ Key: 'team', Vaule: 'web' }] })).toEqual([
      { path: ['Tags', '0', 'Vaule'], message: 'Tag has no property "Vaule"', fix: 'did you mean "Value"?' },
    ]);
    expect(validateProperties('AWS::S3::Bucket', { Tags: 'team=web' })[0]?.message).toBe(
      'expected a list of mappings (Tag) or a mapping, got the string "team=web"',
    );
  });

  it('does not ask for required properties: a file may declare a subset', () => {
    expect(validateProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Essential: true }] })).toEqual([]);
  });

  it('refuses what is no resource', () => {
    expect(validateProperties('AWS::ECR::Repositry', {})).toEqual([
      {
        path: [],
        message: 'no CloudFormation spec for type "AWS::ECR::Repositry"',
        fix: 'did you mean "AWS::ECR::Repository"?',
      },
    ]);
    expect(validateProperties('AWS::ECR::Repository', ['RepositoryName'])[0]?.message).toBe(
      'the properties of AWS::ECR::Repository must be a mapping, got a list',
    );
  });
});

describe('RECLAIM_EXTENSIONS', () => {
  it('gives every extension a reason, on a type reclaim knows', () => {
    for (const [type, properties] of Object.entries(RECLAIM_EXTENSIONS)) {
      if (type !== ANY_TYPE) expect(SPEC_TYPES).toContain(type);
      for (const extension of Object.values(properties)) expect(extension.reason.length).toBeGreaterThan(20);
    }
  });
});
