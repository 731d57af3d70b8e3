import { beforeAll, describe, expect, it } from 'vitest';
import { NO_FACTS, type LiveFacts } from '../../src/doctor/live/live-facts.js';
import type { DoctorReport } from '../../src/doctor/report.js';
import { readRepo } from '../../src/doctor/repo/read-repo.js';
import { asLogicalId, asPhysicalId, type Edge, type Resource } from '../../src/model/resource.js';
import type { ReadIssue, Snapshot } from '../../src/model/snapshot.js';
import { exampleSnapshot, onlyNew, problems, resourceOf, run, SOUND_REPO } from './support/doctor-fixtures.js';

// The live checks on the bundled snapshot of the guide's stack, each on a copy
// broken the way the guide warns about. These are pure: the snapshot is data.
// The emulator test (emulator.test.ts) makes a handful of the same breaks in
// moto; the ones here cover what moto cannot represent (UpdateDeploymentGroup
// and UpdateProject are missing, stacks never fail, listeners cannot change
// certificates' dates) or would cost a rebuild each.

// Tests reach deep into snapshot data to break it; `any` keeps those edits short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Deep = Record<string, any>;
type Mutable = { -readonly [K in keyof Resource]: Resource[K] } & { properties: Deep; attributes: Deep };
type Writable = { resources: Resource[]; edges: Edge[]; issues: ReadIssue[] };

let base: Snapshot;
let baseline: DoctorReport;

beforeAll(async () => {
  base = await exampleSnapshot();
  baseline = run({ snapshot: base });
});

/** A copy of the snapshot with `edit` applied to it. */
function variant(edit: (s: Snapshot, r: (id: string) => Mutable) => void): Snapshot {
  const copy = structuredClone(base);
  edit(copy, (id) => resourceOf(copy, id) as Mutable);
  return copy;
}

const statementsOf = (role: Mutable) =>
  role.properties.Policies[0].PolicyDocument.Statement as Array<Record<string, unknown>>;

describe('the sound stack', () => {
  it('has no error and no warning; only the hardening the guide postponed', () => {
    expect(problems(baseline)).toEqual([]);
    expect(
      baseline.findings.map((f) => [f.code, f.severity, f.location.kind === 'resource' && f.location.property]),
    ).toEqual([
      ['RC015', 'hardening', 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp'],
      ['RC015', 'hardening', 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups'],
    ]);
    expect(baseline.exitCode).toBe(0);
    expect(
      baseline.checks.filter((c) => !['pass', 'skipped'].includes(c.status)).map((c) => [c.code, c.status]),
    ).toEqual([['RC015', 'fail']]);
  });
});

describe('RC002 pipeline deploy action', () => {
  it('errs on a standard ECS deploy instead of blue/green', () => {
    const s = variant((_, r) => (r('Pipeline').properties.Stages[2].Actions[0].ActionTypeId.Provider = 'ECS'));
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC002');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { logicalId: 'Pipeline', property: 'Stages.2.Actions.0.ActionTypeId.Provider' },
    });
    expect(finding!.fix.reclaim).toEqual({
      resource: 'Pipeline',
      type: 'AWS::CodePipeline::Pipeline',
      path: 'Stages.2.Actions.0.ActionTypeId.Provider',
      value: 'CodeDeployToECS',
    });
  });

  it('errs on appspec.yml, and on the source artifact instead of the build artifact', () => {
    const s = variant((_, r) => {
      const config = r('Pipeline').properties.Stages[2].Actions[0].Configuration;
      config.AppSpecTemplatePath = 'appspec.yml';
      config.TaskDefinitionTemplateArtifact = 'SourceArtifact';
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC002');
    expect(found.map((f) => f.location.kind === 'resource' && f.location.property)).toEqual([
      'Stages.2.Actions.0.Configuration.AppSpecTemplatePath',
      'Stages.2.Actions.0.Configuration.TaskDefinitionTemplateArtifact',
    ]);
  });

  it('errs on a buildspec path the repository does not have', async () => {
    const s = variant((_, r) => (r('BuildProject').properties.Source.BuildSpec = 'ci/buildspec.yml'));
    const repo = await readRepo(SOUND_REPO);
    const [finding] = onlyNew(run({ snapshot: s, repo }), run({ snapshot: base, repo }), 'RC002');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { logicalId: 'BuildProject', property: 'Source.BuildSpec' },
    });
    // Without the repository it cannot tell, and says so instead of guessing.
    const offline = run({ snapshot: s });
    expect(offline.findings.filter((f) => f.code === 'RC002')).toEqual([]);
    expect(offline.checks.find((c) => c.code === 'RC002')!.notes[0]).toContain('pass --repo');
  });
});

describe('RC009 ECR repositories', () => {
  it('errs on an immutable repository, with the reclaim.yaml change', () => {
    const s = variant((_, r) => (r('ApiRepository').properties.ImageTagMutability = 'IMMUTABLE'));
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC009');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { logicalId: 'ApiRepository', property: 'ImageTagMutability' },
    });
    expect(finding!.fix.reclaim).toMatchObject({
      resource: 'ApiRepository',
      path: 'ImageTagMutability',
      value: 'MUTABLE',
    });
  });

  it("warns about an image outside the account's ECR", () => {
    const s = variant((_, r) => (r('TaskDefinition').properties.ContainerDefinitions[0].Image = 'nginx:1.27'));
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC009');
    expect(finding).toMatchObject({
      severity: 'warning',
      location: { logicalId: 'TaskDefinition', property: 'ContainerDefinitions.0.Image' },
    });
  });

  it('is unknown, not missing, when the repository could not be read', () => {
    const s = variant((snap) => {
      (snap as unknown as Writable).resources = snap.resources.filter((x) => x.id !== 'SidecarRepository');
      (snap as unknown as Writable).issues = [
        {
          operation: 'ecr:DescribeRepositories',
          code: 'AccessDeniedException',
          message: 'denied',
          type: 'AWS::ECR::Repository',
          physicalIds: ['bash-dog-sidecar'],
        },
      ];
    });
    const report = run({ snapshot: s });
    expect(report.findings.filter((f) => f.code === 'RC009')).toEqual([]);
    expect(report.checks.find((c) => c.code === 'RC009')).toMatchObject({ status: 'unknown' });
    expect(report.exitCode).toBe(1);
  });
});

describe('RC010 CodeBuild environment', () => {
  it('says so when the image is not standard:4.0', () => {
    const s = variant(
      (_, r) => (r('BuildProject').properties.Environment.Image = 'aws/codebuild/amazonlinux2-x86_64-standard:5.0'),
    );
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC010');
    expect(finding).toMatchObject({
      severity: 'warning',
      location: { logicalId: 'BuildProject', property: 'Environment.Image' },
    });
    expect(finding!.fix.reclaim).toMatchObject({
      path: 'Environment.Image',
      value: 'aws/codebuild/amazonlinux2-x86_64-standard:4.0',
    });
  });

  it('errs without privileged mode; warns on no concurrency limit and no logs; 60 minutes is hardening', () => {
    const s = variant((_, r) => {
      const p = r('BuildProject').properties;
      p.Environment.PrivilegedMode = false;
      delete p.ConcurrentBuildLimit;
      p.TimeoutInMinutes = 60;
      p.LogsConfig.CloudWatchLogs.Status = 'DISABLED';
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC010');
    expect(found.map((f) => [f.severity, f.location.kind === 'resource' && f.location.property]).sort()).toEqual([
      ['error', 'Environment.PrivilegedMode'],
      ['hardening', 'TimeoutInMinutes'],
      ['warning', 'ConcurrentBuildLimit'],
      ['warning', 'LogsConfig.CloudWatchLogs.Status'],
    ]);
  });
});

describe('RC011 build role', () => {
  it('errs when the build role may not push, and gives the statement to add', () => {
    const s = variant((_, r) => {
      const statements = statementsOf(r('CodebuildBuildProjectServiceRole'));
      const ecr = statements.find(
        (st) => Array.isArray(st.Action) && (st.Action as string[]).includes('ecr:PutImage'),
      )!;
      ecr.Action = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
    });
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC011');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { logicalId: 'CodebuildBuildProjectServiceRole', property: 'Policies' },
    });
    expect(finding!.what).toContain('push/pull on bash-dog-api, bash-dog-nginx, bash-dog-sidecar');
    expect(finding!.fix.value).toEqual([
      expect.objectContaining({
        Sid: 'EcrPushPull',
        Action: ['ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
      }),
    ]);
    expect(finding!.fix.reclaim?.path).toBe('Policies.0.PolicyDocument.Statement');
  });

  it('errs when the build role may not write the artifact bucket', () => {
    const s = variant((_, r) => {
      const s3 = statementsOf(r('CodebuildBuildProjectServiceRole')).find((st) =>
        JSON.stringify(st.Action).includes('s3:PutObject'),
      )!;
      s3.Action = ['s3:GetObject'];
    });
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC011');
    expect(finding!.what).toContain('s3:PutObject on the artifact bucket');
  });

  it('reads managed policies from the live facts, and is unknown offline when it needs one it cannot know', () => {
    const s = variant((_, r) => {
      const role = r('CodebuildBuildProjectServiceRole');
      role.properties.Policies[0].PolicyDocument.Statement = statementsOf(role).filter(
        (st) => !JSON.stringify(st.Action).includes('ecr:'),
      );
      role.properties.ManagedPolicyArns = ['arn:aws:iam::123456789012:policy/team-ecr-access'];
    });
    const offline = run({ snapshot: s });
    expect(offline.findings.filter((f) => f.code === 'RC011')).toEqual([]);
    expect(offline.checks.find((c) => c.code === 'RC011')).toMatchObject({ status: 'unknown' });
    const facts: LiveFacts = {
      ...NO_FACTS,
      managedPolicies: new Map([
        [
          'arn:aws:iam::123456789012:policy/team-ecr-access',
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] },
        ],
      ]),
    };
    expect(run({ snapshot: s, facts }).checks.find((c) => c.code === 'RC011')).toMatchObject({ status: 'pass' });
  });
});

describe('RC012 task roles', () => {
  it('errs when the execution role may not read the secret', () => {
    const s = variant((_, r) => delete r('ExecutionRoleForECS').properties.Policies);
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC012');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { logicalId: 'ExecutionRoleForECS', property: 'Policies' },
    });
    expect(finding!.fix.value).toMatchObject({
      Action: 'secretsmanager:GetSecretValue',
      Resource: expect.stringContaining(':secret:bash-dog/ecs-envars-'),
    });
  });

  it('errs without the task execution policy, and on a task role that does not trust ecs-tasks', () => {
    const s = variant((_, r) => {
      delete r('ExecutionRoleForECS').properties.ManagedPolicyArns;
      r('ServiceRoleForECS').properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'ec2.amazonaws.com';
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC012');
    expect(
      found.map((f) => [
        f.location.kind === 'resource' && f.location.logicalId,
        f.location.kind === 'resource' && f.location.property,
      ]),
    ).toEqual([
      ['ExecutionRoleForECS', 'ManagedPolicyArns'],
      ['ServiceRoleForECS', 'AssumeRolePolicyDocument'],
    ]);
  });
});

describe('RC013 deploy roles', () => {
  it('errs when the CodeDeploy role lacks AWSCodeDeployRoleForECS, and when the pipeline role trusts another service', () => {
    const s = variant((_, r) => {
      delete r('CodeDeployRole').properties.ManagedPolicyArns;
      r('PipelineRole').properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'codebuild.amazonaws.com';
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC013');
    expect(found.map((f) => f.location.kind === 'resource' && f.location.logicalId)).toEqual([
      'CodeDeployRole',
      'PipelineRole',
    ]);
    expect(found[0]!.fix.reclaim).toMatchObject({
      path: 'ManagedPolicyArns.0',
      value: 'arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS',
    });
  });
});

describe('RC014 source connection', () => {
  it('errs on a PENDING connection', () => {
    const s = variant((_, r) => (r('GithubConnection').attributes.ConnectionStatus = 'PENDING'));
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC014');
    expect(finding).toMatchObject({ severity: 'error', location: { logicalId: 'GithubConnection' } });
  });

  it('warns on another branch unless --branch names it', () => {
    const s = variant((_, r) => (r('Pipeline').properties.Stages[0].Actions[0].Configuration.BranchName = 'develop'));
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC014');
    expect(finding).toMatchObject({
      severity: 'warning',
      location: { property: 'Stages.0.Actions.0.Configuration.BranchName' },
    });
    expect(run({ snapshot: s, branch: 'develop' }).findings.filter((f) => f.code === 'RC014')).toEqual([]);
  });
});

describe('RC015 service network', () => {
  it('errs on the ECS deployment controller', () => {
    const s = variant((_, r) => (r('Service').properties.DeploymentController.Type = 'ECS'));
    const report = run({ snapshot: s });
    // The guide's deployment group then names a service CodeDeploy cannot deploy: RC030 says so too.
    expect(report.findings.filter((f) => f.code === 'RC030').map((f) => f.severity)).toEqual(['warning']);
    const finding = report.findings.find((f) => f.code === 'RC015' && f.severity === 'error');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { logicalId: 'Service', property: 'DeploymentController.Type' },
    });
  });

  it('without a public IP: unknown offline, an error with no NAT route, clean with one', () => {
    const s = variant(
      (_, r) => (r('Service').properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = 'DISABLED'),
    );
    const subnets = resourceOf(s, 'Service').properties.NetworkConfiguration as {
      AwsvpcConfiguration: { Subnets: string[] };
    };
    const vpc = resourceOf(s, 'VpcE916788407da580fd').physicalId;
    const egress = (natRoute: boolean): LiveFacts => ({
      ...NO_FACTS,
      subnetEgress: new Map(
        subnets.AwsvpcConfiguration.Subnets.map((id) => [
          id,
          { routeTableId: 'rtb-1', natRoute, internetGatewayRoute: true },
        ]),
      ),
      vpcEndpoints: new Map([[vpc, []]]),
    });
    expect(run({ snapshot: s }).checks.find((c) => c.code === 'RC015')).toMatchObject({ status: 'unknown' });
    const [finding] = onlyNew(run({ snapshot: s, facts: egress(false) }), baseline, 'RC015');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { property: 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp' },
    });
    expect(problems(run({ snapshot: s, facts: egress(true) }))).toEqual([]);
  });
});

describe('RC016 listener and target groups', () => {
  it('errs on an instance target group and a plain HTTP listener', () => {
    const s = variant((_, r) => {
      r('SecondaryTargetGroup').properties.TargetType = 'instance';
      Object.assign(r('Listener443Listener').properties, { Port: 80, Protocol: 'HTTP' });
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC016');
    expect(found.map((f) => [f.location.kind === 'resource' && f.location.logicalId, f.severity])).toEqual([
      ['Listener443Listener', 'error'],
      ['SecondaryTargetGroup', 'error'],
    ]);
  });

  it('errs on a deployment group with one target group', () => {
    const s = variant((_, r) =>
      r('DgpECSDeploymentGroup').properties.LoadBalancerInfo.TargetGroupPairInfoList[0].TargetGroups.pop(),
    );
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC016');
    expect(finding!.what).toContain('1 target group(s), not two');
  });
});

describe('RC017 termination wait', () => {
  it('warns on the 60-minute default, with the reclaim.yaml change to 5', () => {
    // moto lacks UpdateDeploymentGroup: the wait is changed in the snapshot.
    const s = variant(
      (_, r) =>
        (r(
          'DgpECSDeploymentGroup',
        ).properties.BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes =
          60),
    );
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC017');
    expect(finding).toMatchObject({ severity: 'warning', location: { logicalId: 'DgpECSDeploymentGroup' } });
    expect(finding!.fix.reclaim).toEqual({
      resource: 'DgpECSDeploymentGroup',
      type: 'AWS::CodeDeploy::DeploymentGroup',
      path: 'BlueGreenDeploymentConfiguration.TerminateBlueInstancesOnDeploymentSuccess.TerminationWaitTimeInMinutes',
      value: 5,
    });
  });
});

describe('RC018 deployment groups', () => {
  it('errs on a second group for the service, warns on a stray one', () => {
    const s = variant((snap, r) => {
      const group = r('DgpECSDeploymentGroup');
      const second = structuredClone(group) as Mutable;
      second.id = asLogicalId('SecondDeploymentGroup');
      second.physicalId = asPhysicalId(`${group.properties.ApplicationName}/second`);
      second.properties.DeploymentGroupName = 'second';
      const stray = structuredClone(second) as Mutable;
      stray.id = asLogicalId('StrayDeploymentGroup');
      stray.physicalId = asPhysicalId(`${group.properties.ApplicationName}/stray`);
      stray.properties.ECSServices = [{ ClusterName: 'bash-dog', ServiceName: 'bash-dog-v1' }];
      (snap as unknown as Writable).resources.push(second, stray);
      for (const id of [second.id, stray.id]) {
        (snap as unknown as Writable).edges.push({
          from: id,
          to: asLogicalId('AppECSApplication'),
          via: 'ApplicationName',
        });
      }
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC018');
    expect(found.map((f) => [f.severity, f.location.kind === 'resource' && f.location.logicalId])).toEqual([
      ['error', 'SecondDeploymentGroup'],
      ['warning', 'StrayDeploymentGroup'],
    ]);
  });
});

describe('RC019 lingering stacks', () => {
  it('errs on a leftover console stack and on a failed one', () => {
    // moto never leaves a stack in a failed state: the status is set in the snapshot.
    const s = variant((snap, r) => {
      const stack = r('ECSConsoleV2Service227099bdStack');
      const old = structuredClone(stack) as Mutable;
      old.id = asLogicalId('OldServiceStack');
      old.physicalId = asPhysicalId('ECS-Console-V2-Service-bash-dog-bash-dog-0ld0ld00');
      old.orphan = true;
      (snap as unknown as Writable).resources.push(old);
      r('InfraECSClusterAc917c94Stack').attributes.StackStatus = 'ROLLBACK_COMPLETE';
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC019');
    expect(found.map((f) => [f.location.kind === 'resource' && f.location.logicalId, f.fix.command])).toEqual([
      ['InfraECSClusterAc917c94Stack', 'reclaim cleanup --stack bash-dog'],
      ['OldServiceStack', 'reclaim cleanup --stack bash-dog'],
    ]);
  });

  it('only notes a stack of another tool that merely carries the name', () => {
    const s = variant((snap, r) => {
      const other = structuredClone(r('InfraECSClusterAc917c94Stack')) as Mutable;
      other.id = asLogicalId('DashboardsStack');
      other.physicalId = asPhysicalId('bash-dog-dashboards');
      other.orphan = true;
      other.properties = { StackName: 'bash-dog-dashboards', Description: 'CloudWatch dashboards' };
      (snap as unknown as Writable).resources.push(other);
    });
    const report = run({ snapshot: s });
    expect(report.findings.filter((f) => f.code === 'RC019')).toEqual([]);
    expect(report.checks.find((c) => c.code === 'RC019')!.notes).toEqual([
      'stack bash-dog-dashboards carries the stack name but owns nothing of the running stack',
    ]);
  });
});

describe('RC020 security group path', () => {
  it('errs when the load balancer group admits no 443, and when the service group does not admit the load balancer', () => {
    const s = variant((_, r) => {
      r('AlbSgSecurityGroup').properties.SecurityGroupIngress = [];
      r('ServiceSgSecurityGroup').properties.SecurityGroupIngress[0].FromPort = 8080;
      r('ServiceSgSecurityGroup').properties.SecurityGroupIngress[0].ToPort = 8080;
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC020');
    expect(found.map((f) => [f.location.kind === 'resource' && f.location.logicalId, f.fix.reclaim?.path])).toEqual([
      ['AlbSgSecurityGroup', 'SecurityGroupIngress.0'],
      ['ServiceSgSecurityGroup', 'SecurityGroupIngress.1'],
    ]);
  });
});

describe('RC021 certificate', () => {
  it('errs on an expired certificate and warns on one about to expire', () => {
    const expired = variant((_, r) => (r('ExampleComCertificate').attributes.NotAfter = '2020-01-01T00:00:00.000Z'));
    const [finding] = onlyNew(run({ snapshot: expired }), baseline, 'RC021');
    expect(finding).toMatchObject({ severity: 'error', location: { logicalId: 'ExampleComCertificate' } });
    const soon = variant(
      (snap, r) =>
        (r('ExampleComCertificate').attributes.NotAfter = new Date(
          Date.parse(snap.capturedAt) + 10 * 86_400_000,
        ).toISOString()),
    );
    expect(onlyNew(run({ snapshot: soon }), baseline, 'RC021')[0]!.severity).toBe('warning');
  });

  it("errs on a host two levels below the origin certificate's domain", () => {
    const report = run({ snapshot: base, hosts: ['bash-dog.example.com', 'api.bash-dog.example.com'] });
    const [finding, ...rest] = onlyNew(report, baseline, 'RC021');
    expect(rest).toEqual([]);
    expect(finding!.what).toContain('does not cover api.bash-dog.example.com (from --host)');
    expect(finding!.why).toContain('one level of subdomain');
  });
});

describe('RC006 and RC007 on the live task definition', () => {
  it('RC006: errs on two containers on one port; warns when the load balancer does not face nginx on 80', () => {
    const s = variant((_, r) => {
      r('TaskDefinition').properties.ContainerDefinitions[2].PortMappings[0].ContainerPort = 8000;
      // Port 80 kept, so that only the container behind the load balancer changes (RC020 checks the port).
      Object.assign(r('Service').properties.LoadBalancers[0], { ContainerName: 'bash-dog-api', ContainerPort: 80 });
    });
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC006');
    expect(found.map((f) => [f.severity, f.location.kind === 'resource' && f.location.property])).toEqual([
      ['error', 'ContainerDefinitions.2.PortMappings.0.ContainerPort'],
      ['warning', 'LoadBalancers.0'],
    ]);
  });

  it('RC007: errs on a live environment value that names a container', () => {
    const s = variant(
      (_, r) => (r('TaskDefinition').properties.ContainerDefinitions[0].Environment[0].Value = 'bash-dog-api'),
    );
    const [finding] = onlyNew(run({ snapshot: s }), baseline, 'RC007');
    expect(finding).toMatchObject({
      severity: 'error',
      location: { logicalId: 'TaskDefinition', property: 'ContainerDefinitions.0.Environment.0.Value' },
    });
  });

  it('RC008: errs on a live key the secret does not have', () => {
    const s = variant((_, r) => (r('EcsEnvarsSecret').properties.SecretKeys = ['DB_PASSWORD']));
    const found = onlyNew(run({ snapshot: s }), baseline, 'RC008');
    expect(found.map((f) => f.location.kind === 'resource' && f.location.property)).toEqual([
      'ContainerDefinitions.1.Secrets.1.ValueFrom',
      'ContainerDefinitions.2.Secrets.1.ValueFrom',
    ]);
  });
});
