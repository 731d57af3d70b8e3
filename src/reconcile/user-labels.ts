/** How a guard names, for people, the resource that uses another: `task definition beagle:4`, `security group sg-1 (web)`. */

const NOUNS: Readonly<Record<string, string>> = {
  'AWS::CloudFormation::Stack': 'CloudFormation stack',
  'AWS::CodeBuild::Project': 'build project',
  'AWS::CodeDeploy::Application': 'CodeDeploy application',
  'AWS::CodeDeploy::DeploymentGroup': 'deployment group',
  'AWS::CodePipeline::Pipeline': 'pipeline',
  'AWS::EC2::SecurityGroup': 'security group',
  'AWS::ECS::Service': 'service',
  'AWS::ECS::TaskDefinition': 'task definition',
  'AWS::ElasticLoadBalancingV2::Listener': 'listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule': 'listener rule',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load balancer',
  'AWS::IAM::InstanceProfile': 'instance profile',
  'AWS::Lambda::Function': 'Lambda function',
};

export interface LabelledUser {
  readonly type: string;
  readonly name: string;
  readonly physicalId: string;
}

/** The user's kind in words and the name a person finds it by in the console. */
export function userLabel(user: LabelledUser): string {
  const noun = NOUNS[user.type] ?? user.type;
  switch (user.type) {
    // Revisions share the family's name: `family:revision` says which one runs.
    case 'AWS::ECS::TaskDefinition':
      return `${noun} ${user.physicalId.slice(user.physicalId.lastIndexOf('/') + 1)}`;
    // Group names repeat across VPCs: the id finds it, the name says what it is.
    case 'AWS::EC2::SecurityGroup':
      return `${noun} ${user.physicalId} (${user.name})`;
    default:
      return `${noun} ${user.name}`;
  }
}
