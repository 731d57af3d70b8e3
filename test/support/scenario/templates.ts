/**
 * CloudFormation templates in the shape the ECS console submits on the
 * user's behalf ("Infra-ECS-Cluster-…", "ECS-Console-V2-Service-…"), cut to
 * what the emulator creates. The ECS service itself is not templated: the
 * emulator's templated service ignores network, load balancers and the
 * deployment controller, so the builder creates it with the SDK.
 */

export function clusterTemplate(): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'The template used to create an ECS Cluster from the ECS Console.',
    Parameters: {
      ECSClusterName: {
        Type: 'String',
        Description: 'Specifies the ECS Cluster Name with which the resources would be associated',
      },
    },
    Resources: {
      ECSCluster: {
        Type: 'AWS::ECS::Cluster',
        Properties: {
          ClusterName: { Ref: 'ECSClusterName' },
          CapacityProviders: ['FARGATE', 'FARGATE_SPOT'],
          ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }],
        },
      },
    },
    Outputs: {
      ECSCluster: { Description: 'The created cluster.', Value: { Ref: 'ECSCluster' } },
    },
  });
}

export interface ServiceTemplateOptions {
  /** HTTPS on 443 with the certificate (the guide), or plain HTTP on 80 (the decoy). */
  readonly https: boolean;
  readonly targetGroupNames: readonly string[];
}

/** Load balancer, one listener forwarding to the first target group, and the target groups. */
export function serviceTemplate(options: ServiceTemplateOptions): string {
  const targetGroups: Record<string, object> = {};
  options.targetGroupNames.forEach((name, index) => {
    targetGroups[`TargetGroup${index === 0 ? '' : index + 1}`] = targetGroupResource(name);
  });
  const listener: Record<string, unknown> = {
    LoadBalancerArn: { Ref: 'LoadBalancer' },
    Port: options.https ? 443 : 80,
    Protocol: options.https ? 'HTTPS' : 'HTTP',
    DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroup' } }],
  };
  if (options.https) {
    listener.Certificates = [{ CertificateArn: { Ref: 'CertificateArn' } }];
    listener.SslPolicy = 'ELBSecurityPolicy-2016-08';
  }
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'The template used to create an ECS Service from the ECS Console.',
    Parameters: {
      ECSClusterName: { Type: 'String' },
      ECSServiceName: { Type: 'String' },
      SecurityGroupIDs: { Type: 'CommaDelimitedList' },
      SubnetIDs: { Type: 'CommaDelimitedList' },
      VpcID: { Type: 'String' },
      LoadBalancerName: { Type: 'String' },
      ...(options.https ? { CertificateArn: { Type: 'String' } } : {}),
    },
    Resources: {
      LoadBalancer: {
        Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
        Properties: {
          Name: { Ref: 'LoadBalancerName' },
          Type: 'application',
          Scheme: 'internet-facing',
          SecurityGroups: { Ref: 'SecurityGroupIDs' },
          Subnets: { Ref: 'SubnetIDs' },
        },
      },
      Listener: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        DependsOn: Object.keys(targetGroups),
        Properties: listener,
      },
      ...Object.fromEntries(Object.entries(targetGroups).map(([id, body]) => [id, body])),
    },
    Outputs: {
      LoadBalancer: { Value: { Ref: 'LoadBalancer' } },
      Listener: { Value: { Ref: 'Listener' } },
    },
  });
}

/** What a failed console attempt leaves: a service stack whose only surviving resource is a target group. */
export function debrisTemplate(): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'The template used to create an ECS Service from the ECS Console.',
    Parameters: {
      ECSClusterName: { Type: 'String' },
      ECSServiceName: { Type: 'String' },
      VpcID: { Type: 'String' },
      TargetGroupName: { Type: 'String' },
    },
    Resources: {
      TargetGroup: targetGroupResource({ Ref: 'TargetGroupName' }),
    },
  });
}

/**
 * A failed attempt's service stack that also made an SNS topic (a type reclaim
 * does not model): the emulator creates topics from templates.
 */
export function debrisWithTopicTemplate(): string {
  const base = JSON.parse(debrisTemplate()) as { Parameters: object; Resources: object };
  return JSON.stringify({
    ...base,
    Parameters: { ...base.Parameters, TopicName: { Type: 'String' } },
    Resources: {
      ...base.Resources,
      Alerts: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'TopicName' } } },
    },
  });
}

function targetGroupResource(name: unknown): object {
  return {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: {
      Name: name,
      Port: 80,
      Protocol: 'HTTP',
      TargetType: 'ip',
      VpcId: { Ref: 'VpcID' },
      HealthCheckPath: '/',
      HealthCheckProtocol: 'HTTP',
    },
  };
}

/** CloudFormation parameters from a plain record. */
export function parameters(values: Record<string, string | readonly string[]>) {
  return Object.entries(values).map(([ParameterKey, value]) => ({
    ParameterKey,
    ParameterValue: typeof value === 'string' ? value : value.join(','),
  }));
}
