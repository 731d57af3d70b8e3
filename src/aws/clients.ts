import type { ACMClient } from '@aws-sdk/client-acm';
import type { CloudControlClient } from '@aws-sdk/client-cloudcontrol';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { CodeStarConnectionsClient } from '@aws-sdk/client-codestar-connections';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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

/**
 * The SDK client classes reclaim uses, keyed by the IAM service prefix used to
 * name operations, each loaded on first use: a client class brings its
 * service's configuration, endpoint rules and error classes, and a command
 * should load only those of the services it calls. STS alone is loaded up
 * front: every AWS command's first call is GetCallerIdentity. Each class comes
 * from a module of its own in sdk/ that re-exports it alone: a dynamic import
 * of the package itself would keep every export of it in the bundle.
 */
const CLIENT_CLASSES = {
  acm: async () => (await import('./sdk/acm.js')).ACMClient,
  // IAM names its actions cloudformation:GetResource and so on; the key is the endpoint prefix, to tell the two apart.
  cloudcontrolapi: async () => (await import('./sdk/cloudcontrol.js')).CloudControlClient,
  cloudformation: async () => (await import('./sdk/cloudformation.js')).CloudFormationClient,
  logs: async () => (await import('./sdk/cloudwatch-logs.js')).CloudWatchLogsClient,
  codebuild: async () => (await import('./sdk/codebuild.js')).CodeBuildClient,
  codedeploy: async () => (await import('./sdk/codedeploy.js')).CodeDeployClient,
  codepipeline: async () => (await import('./sdk/codepipeline.js')).CodePipelineClient,
  'codestar-connections': async () => (await import('./sdk/codestar-connections.js')).CodeStarConnectionsClient,
  ec2: async () => (await import('./sdk/ec2.js')).EC2Client,
  ecr: async () => (await import('./sdk/ecr.js')).ECRClient,
  ecs: async () => (await import('./sdk/ecs.js')).ECSClient,
  elasticloadbalancing: async () => (await import('./sdk/elastic-load-balancing-v2.js')).ElasticLoadBalancingV2Client,
  iam: async () => (await import('./sdk/iam.js')).IAMClient,
  lambda: async () => (await import('./sdk/lambda.js')).LambdaClient,
  organizations: async () => (await import('./sdk/organizations.js')).OrganizationsClient,
  tag: async () => (await import('./sdk/resource-groups-tagging-api.js')).ResourceGroupsTaggingAPIClient,
  s3: async () => (await import('./sdk/s3.js')).S3Client,
  secretsmanager: async () => (await import('./sdk/secrets-manager.js')).SecretsManagerClient,
  sts: async () => STSClient,
} as const;

type ServiceKey = keyof typeof CLIENT_CLASSES;
type ClientOf<K extends ServiceKey> = InstanceType<Awaited<ReturnType<(typeof CLIENT_CLASSES)[K]>>>;

/**
 * One service's SDK client, built when its first command is sent. `send` is
 * the SDK client's own; `resolve()` gives the client itself, for the SDK's
 * waiters, which take a client.
 */
export interface LazyClient<C extends { send: unknown }> {
  send: C['send'];
  resolve(): Promise<C>;
  /** Closes the client's sockets, if it was ever built. */
  destroy(): void;
}

function lazyClient<C extends { send(command: unknown, options?: unknown): Promise<unknown>; destroy(): void }>(
  build: () => Promise<C>,
): LazyClient<C> {
  let client: Promise<C> | undefined;
  const resolve = () => (client ??= build());
  const send = async (command: unknown, options?: unknown) => (await resolve()).send(command, options);
  const destroy = () => void client?.then((built) => built.destroy());
  return { send: send as C['send'], resolve, destroy };
}

/**
 * Builds and caches one SDK client per service for one account and region,
 * each with adaptive retry and call counting, when its first command is sent. Handlers receive this and never
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

  get acm(): LazyClient<ACMClient> {
    return this.client('acm');
  }
  /** Cloud Control API: reads a resource of any type by its identifier (for types reclaim does not model). */
  get cloudcontrol(): LazyClient<CloudControlClient> {
    return this.client('cloudcontrolapi');
  }
  get cloudformation(): LazyClient<CloudFormationClient> {
    return this.client('cloudformation');
  }
  get logs(): LazyClient<CloudWatchLogsClient> {
    return this.client('logs');
  }
  get codebuild(): LazyClient<CodeBuildClient> {
    return this.client('codebuild');
  }
  get codedeploy(): LazyClient<CodeDeployClient> {
    return this.client('codedeploy');
  }
  get codepipeline(): LazyClient<CodePipelineClient> {
    return this.client('codepipeline');
  }
  get codestarConnections(): LazyClient<CodeStarConnectionsClient> {
    return this.client('codestar-connections');
  }
  get ec2(): LazyClient<EC2Client> {
    return this.client('ec2');
  }
  get ecr(): LazyClient<ECRClient> {
    return this.client('ecr');
  }
  get ecs(): LazyClient<ECSClient> {
    return this.client('ecs');
  }
  get elbv2(): LazyClient<ElasticLoadBalancingV2Client> {
    return this.client('elasticloadbalancing');
  }
  get iam(): LazyClient<IAMClient> {
    return this.client('iam');
  }
  /** Organizations is global: the SDK sends every region's calls to its one endpoint. */
  get organizations(): LazyClient<OrganizationsClient> {
    return this.client('organizations');
  }
  /** Lambda: only listed, for the roles functions run as (guards must not delete a role a function uses). */
  get lambda(): LazyClient<LambdaClient> {
    return this.client('lambda');
  }
  get tagging(): LazyClient<ResourceGroupsTaggingAPIClient> {
    return this.client('tag');
  }
  get s3(): LazyClient<S3Client> {
    return this.client('s3');
  }
  get secretsManager(): LazyClient<SecretsManagerClient> {
    return this.client('secretsmanager');
  }
  get sts(): LazyClient<STSClient> {
    return this.client('sts');
  }

  /**
   * A run over many accounts and regions builds clients per target; without
   * this each target's idle connections would stay open until the process ends.
   */
  destroy(): void {
    for (const client of this.cache.values()) (client as LazyClient<{ send: never }>).destroy();
    this.cache.clear();
  }

  private client<K extends ServiceKey>(service: K): LazyClient<ClientOf<K>> {
    const cached = this.cache.get(service);
    if (cached) return cached as LazyClient<ClientOf<K>>;
    const client = lazyClient(() => this.build(service));
    this.cache.set(service, client);
    return client;
  }

  private async build<K extends ServiceKey>(service: K): Promise<ClientOf<K>> {
    const ClientClass = (await CLIENT_CLASSES[service]()) as unknown as new (config: object) => ClientOf<K>;
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
