import { ACMClient } from '@aws-sdk/client-acm';
import { CloudControlClient } from '@aws-sdk/client-cloudcontrol';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { CodeStarConnectionsClient } from '@aws-sdk/client-codestar-connections';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AdaptiveRetryStrategy, ConfiguredRetryStrategy, StandardRetryStrategy } from '@smithy/util-retry';
import { CloudflareApi, type CloudflareOptions } from '../cloudflare/client.js';
import { CallCounter } from './call-stats.js';
import { CONNECTION_TIMEOUT_MS, QuickConnectionFailures, reportUnreachableEndpoint } from './connection.js';
import { addIsoTimestampTolerance, ISO_TIMESTAMP_SERVICES } from './emulator-compat.js';

/** Where and as whom to talk to AWS. Everything optional falls back to the SDK's standard chain. */
export interface ClientOptions {
  readonly region: string;
  readonly profile?: string;
  /** One endpoint for every service (an emulator); `AWS_ENDPOINT_URL` is honoured by the SDK itself. */
  readonly endpointUrl?: string;
  /**
   * Attempts per command, first one included. Real accounts throttle in bursts,
   * so the default is far above the SDK's 3: discovery must finish, not give up.
   */
  readonly maxAttempts?: number;
  /**
   * `adaptive` (default) also slows the client's send rate after throttling,
   * which is what a real account's rate limits want; `standard` only backs off.
   */
  readonly retryMode?: 'adaptive' | 'standard';
  /**
   * Milliseconds to wait before retry N, instead of the SDK's exponential
   * backoff. For tests that inject faults and must not sleep for real.
   */
  readonly retryBackoffMs?: (attempt: number) => number;
  readonly credentials?: AwsCredentialIdentityProvider;
  /**
   * The Cloudflare API token (and, for tests, API base). Absent: the Cloudflare
   * kinds are skipped, and discovery says so once.
   */
  readonly cloudflare?: CloudflareOptions;
  /** Called with every client built, to add middleware of one's own (benchmarks trace call chains this way). */
  readonly instrument?: (client: { middlewareStack: unknown }, service: string) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 12;

/** The SDK client classes reclaim uses, keyed by the IAM service prefix used to name operations. */
const CLIENT_CLASSES = {
  acm: ACMClient,
  // IAM names its actions cloudformation:GetResource and so on; the key is the endpoint prefix, to tell the two apart.
  cloudcontrolapi: CloudControlClient,
  cloudformation: CloudFormationClient,
  logs: CloudWatchLogsClient,
  codebuild: CodeBuildClient,
  codedeploy: CodeDeployClient,
  codepipeline: CodePipelineClient,
  'codestar-connections': CodeStarConnectionsClient,
  ec2: EC2Client,
  ecr: ECRClient,
  ecs: ECSClient,
  elasticloadbalancing: ElasticLoadBalancingV2Client,
  iam: IAMClient,
  organizations: OrganizationsClient,
  tag: ResourceGroupsTaggingAPIClient,
  s3: S3Client,
  secretsmanager: SecretsManagerClient,
  sts: STSClient,
} as const;

type ServiceKey = keyof typeof CLIENT_CLASSES;
type ClientOf<K extends ServiceKey> = InstanceType<(typeof CLIENT_CLASSES)[K]>;

/**
 * Builds and caches one SDK client per service for one account and region,
 * each with adaptive retry and call counting. Handlers receive this and never
 * construct clients of their own, so every call is counted and configured alike.
 */
export class AwsClients {
  readonly counter = new CallCounter();
  private readonly cache = new Map<ServiceKey, unknown>();
  private readonly credentials: AwsCredentialIdentityProvider;

  constructor(readonly options: ClientOptions) {
    this.credentials =
      options.credentials ?? fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  }

  private get maxAttempts(): number {
    return this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  private identity?: Promise<GetCallerIdentityCommandOutput>;

  /**
   * Who the credentials belong to, asked of STS once per set of clients: the
   * account guard and discovery both need it, and a run should not ask twice.
   * A failed answer is not kept, so a later call asks again.
   */
  callerIdentity(): Promise<GetCallerIdentityCommandOutput> {
    this.identity ??= this.sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => {
      this.identity = undefined;
      throw error;
    });
    return this.identity;
  }

  get region(): string {
    return this.options.region;
  }

  private cloudflareApi?: CloudflareApi;

  /** The Cloudflare client of this run, counted with the AWS calls; undefined without a token. */
  get cloudflare(): CloudflareApi | undefined {
    if (!this.options.cloudflare) return undefined;
    this.cloudflareApi ??= new CloudflareApi(this.options.cloudflare, this.counter);
    return this.cloudflareApi;
  }

  get acm(): ACMClient {
    return this.client('acm');
  }
  /** Cloud Control API: reads a resource of any type by its identifier (for types reclaim does not model). */
  get cloudcontrol(): CloudControlClient {
    return this.client('cloudcontrolapi');
  }
  get cloudformation(): CloudFormationClient {
    return this.client('cloudformation');
  }
  get logs(): CloudWatchLogsClient {
    return this.client('logs');
  }
  get codebuild(): CodeBuildClient {
    return this.client('codebuild');
  }
  get codedeploy(): CodeDeployClient {
    return this.client('codedeploy');
  }
  get codepipeline(): CodePipelineClient {
    return this.client('codepipeline');
  }
  get codestarConnections(): CodeStarConnectionsClient {
    return this.client('codestar-connections');
  }
  get ec2(): EC2Client {
    return this.client('ec2');
  }
  get ecr(): ECRClient {
    return this.client('ecr');
  }
  get ecs(): ECSClient {
    return this.client('ecs');
  }
  get elbv2(): ElasticLoadBalancingV2Client {
    return this.client('elasticloadbalancing');
  }
  get iam(): IAMClient {
    return this.client('iam');
  }
  /** Organizations is global: the SDK sends every region's calls to its one endpoint. */
  get organizations(): OrganizationsClient {
    return this.client('organizations');
  }
  get tagging(): ResourceGroupsTaggingAPIClient {
    return this.client('tag');
  }
  get s3(): S3Client {
    return this.client('s3');
  }
  get secretsManager(): SecretsManagerClient {
    return this.client('secretsmanager');
  }
  get sts(): STSClient {
    return this.client('sts');
  }

  /**
   * Closes the SDK clients built so far (their keep-alive sockets with them).
   * A run over many accounts and regions builds clients per target; without
   * this each target's idle connections would stay open until the process ends.
   */
  destroy(): void {
    for (const client of this.cache.values()) (client as { destroy(): void }).destroy();
    this.cache.clear();
  }

  private client<K extends ServiceKey>(service: K): ClientOf<K> {
    const cached = this.cache.get(service);
    if (cached) return cached as ClientOf<K>;
    const ClientClass = CLIENT_CLASSES[service] as unknown as new (config: object) => ClientOf<K>;
    const client = new ClientClass({
      region: this.options.region,
      credentials: this.credentials,
      maxAttempts: this.maxAttempts,
      retryStrategy: new QuickConnectionFailures(this.retryStrategy()),
      // A connection that is not made in a few seconds will not be: fail over to the (quick) retry instead of hanging.
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
      ...(this.options.endpointUrl ? { endpoint: this.options.endpointUrl } : {}),
      // Path-style S3 addressing: emulators and custom endpoints cannot serve virtual-host names.
      ...(service === 's3' && this.options.endpointUrl ? { forcePathStyle: true } : {}),
    });
    this.instrument(service, client);
    reportUnreachableEndpoint(client as unknown as { middlewareStack: unknown }, service, {
      region: this.options.region,
      ...(this.options.endpointUrl ? { endpointUrl: this.options.endpointUrl } : {}),
    });
    if (this.options.endpointUrl && ISO_TIMESTAMP_SERVICES.has(service)) {
      addIsoTimestampTolerance(client as unknown as { middlewareStack: unknown });
    }
    this.options.instrument?.(client as unknown as { middlewareStack: unknown }, service);
    this.cache.set(service, client);
    return client;
  }

  /** The SDK's strategy for throttling and 5xx: adaptive by default, or fixed delays for tests. */
  private retryStrategy() {
    if (this.options.retryBackoffMs) return new ConfiguredRetryStrategy(this.maxAttempts, this.options.retryBackoffMs);
    return this.options.retryMode === 'standard'
      ? new StandardRetryStrategy(this.maxAttempts)
      : new AdaptiveRetryStrategy(this.maxAttempts);
  }

  /**
   * Counts commands once at `initialize` and attempts at `deserialize`, which
   * the retry middleware (in `finalizeRequest`) runs once per attempt.
   */
  private instrument(service: ServiceKey, client: ClientOf<ServiceKey>): void {
    const counter = this.counter;
    const stack = (client as unknown as { middlewareStack: MiddlewareStackLike }).middlewareStack;
    stack.add(
      (next, context) => async (args) => {
        counter.recordCall(`${service}:${String(context.commandName ?? 'Unknown').replace(/Command$/, '')}`);
        return next(args);
      },
      { step: 'initialize', name: 'reclaimCountCalls', priority: 'high' },
    );
    stack.add(
      (next) => async (args) => {
        counter.recordAttempt();
        return next(args);
      },
      { step: 'deserialize', name: 'reclaimCountAttempts', priority: 'low' },
    );
  }
}

type Handler = (args: unknown) => Promise<unknown>;
interface MiddlewareStackLike {
  add(
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: string; name: string; priority: 'high' | 'low' },
  ): void;
}
