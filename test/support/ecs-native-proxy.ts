import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of the emulator that adds what moto 5.2.1 lacks of
 * ECS-native blue/green (July 2025): moto drops the whole `deploymentConfiguration`
 * (`strategy`, `bakeTimeInMinutes`, `lifecycleHooks`, `linearConfiguration`,
 * `canaryConfiguration`) and keeps the deployment controller a service was
 * created with. (It stores `loadBalancers` as sent, `advancedConfiguration`
 * included, measured on 5.2.1; the proxy keeps that too, so an UpdateService that
 * names the load balancers reads back as AWS answers.) The proxy stores those
 * fields per service on CreateService / UpdateService (ECS JSON protocol,
 * `X-Amz-Target: AmazonEC2ContainerServiceV20141113.*`) and writes them back into
 * every service those calls and DescribeServices return. Everything else,
 * ELBv2 listener rules included (moto serves CreateRule, DescribeRules,
 * ModifyRule and DeleteRule), goes to moto untouched.
 *
 * Shapes: the ECS API reference, DeploymentConfiguration
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html),
 * DeploymentLifecycleHook, AdvancedConfiguration
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AdvancedConfiguration.html),
 * and UpdateService, which since 2025 may change `deploymentController`.
 */
export interface EcsNativeProxy {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const NATIVE_DEPLOYMENT_FIELDS = [
  'strategy',
  'bakeTimeInMinutes',
  'lifecycleHooks',
  'linearConfiguration',
  'canaryConfiguration',
] as const;

type Json = Record<string, unknown>;

interface Stored {
  deployment: Json;
  /** advancedConfiguration by target group ARN of the load balancer entry it came with, in entry order. */
  advanced: Array<Json | undefined>;
  controller?: Json;
}

function nativeDeploymentFields(configuration: unknown): Json {
  if (!configuration || typeof configuration !== 'object') return {};
  const source = configuration as Json;
  return Object.fromEntries(NATIVE_DEPLOYMENT_FIELDS.filter((key) => key in source).map((key) => [key, source[key]]));
}

function serviceKey(cluster: unknown, service: unknown): string {
  const clusterName = String(cluster ?? 'default').replace(/^.*:cluster\//, '');
  const serviceName = String(service ?? '').replace(/^.*\//, '');
  return `${clusterName}/${serviceName}`;
}

function merge(service: Json, stored: Stored | undefined): Json {
  if (!stored) return service;
  const loadBalancers = Array.isArray(service.loadBalancers) ? (service.loadBalancers as Json[]) : [];
  return {
    ...service,
    ...(stored.controller ? { deploymentController: stored.controller } : {}),
    deploymentConfiguration: { ...((service.deploymentConfiguration as Json | undefined) ?? {}), ...stored.deployment },
    loadBalancers: loadBalancers.map((lb, index) =>
      stored.advanced[index] ? { ...lb, advancedConfiguration: stored.advanced[index] } : lb,
    ),
  };
}

export async function startEcsNativeProxy(target: string): Promise<EcsNativeProxy> {
  const upstream = new URL(target);
  const services = new Map<string, Stored>();

  /** Records what a CreateService / UpdateService request sets; returns nothing for other operations. */
  const remember = (operation: string, body: Json): void => {
    if (operation !== 'CreateService' && operation !== 'UpdateService') return;
    const key = serviceKey(body.cluster, operation === 'CreateService' ? body.serviceName : body.service);
    const stored: Stored = services.get(key) ?? { deployment: {}, advanced: [] };
    if (operation === 'CreateService') {
      stored.deployment = {};
      stored.advanced = [];
      stored.controller = undefined;
    }
    if (body.deploymentConfiguration) stored.deployment = nativeDeploymentFields(body.deploymentConfiguration);
    if (Array.isArray(body.loadBalancers)) {
      stored.advanced = (body.loadBalancers as Json[]).map((lb) => lb.advancedConfiguration as Json | undefined);
    }
    if (operation === 'UpdateService' && body.deploymentController)
      stored.controller = body.deploymentController as Json;
    services.set(key, stored);
  };

  const rewrite = (operation: string, reply: Json): Json => {
    const fix = (service: Json) => merge(service, services.get(serviceKey(service.clusterArn, service.serviceName)));
    if (operation === 'DescribeServices' && Array.isArray(reply.services)) {
      return { ...reply, services: (reply.services as Json[]).map(fix) };
    }
    if ((operation === 'CreateService' || operation === 'UpdateService') && reply.service) {
      return { ...reply, service: fix(reply.service as Json) };
    }
    return reply;
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const targetHeader = request.headers['x-amz-target'];
      const operation =
        typeof targetHeader === 'string' && targetHeader.startsWith(PREFIX) ? targetHeader.slice(PREFIX.length) : '';
      let parsed: Json = {};
      if (operation) {
        try {
          parsed = JSON.parse(body.toString('utf8') || '{}') as Json;
        } catch {
          parsed = {};
        }
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: upstream.host, 'accept-encoding': 'identity' },
        },
        (reply) => {
          const interesting = ['CreateService', 'UpdateService', 'DescribeServices'].includes(operation);
          if (!interesting) {
            response.writeHead(reply.statusCode ?? 502, reply.headers);
            reply.pipe(response);
            return;
          }
          const replyChunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => replyChunks.push(chunk));
          reply.on('end', () => {
            let text = Buffer.concat(replyChunks).toString('utf8');
            if ((reply.statusCode ?? 500) < 300) {
              remember(operation, parsed);
              text = JSON.stringify(rewrite(operation, JSON.parse(text) as Json));
            }
            const headers = { ...reply.headers, 'content-length': String(Buffer.byteLength(text)) };
            delete headers['content-encoding'];
            response.writeHead(reply.statusCode ?? 502, headers);
            response.end(text);
          });
        },
      );
      forward.on('error', (error) => {
        response.writeHead(502);
        response.end(String(error));
      });
      forward.end(body);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
