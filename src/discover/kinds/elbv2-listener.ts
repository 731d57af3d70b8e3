/**
 * The read side of AWS::ElasticLoadBalancingV2::Listener;
 * `reconcile/writers/elbv2-listener.ts` is the write side.
 */
import { DescribeListenersCommand, type Action, type Listener } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DiscoveredResource, KindHandler, ReadResult, Reference } from '../kind-handler.js';
import { parseArn } from '../../util/arn.js';
import type { Properties } from '../../model/resource.js';
import type { ReadIssue } from '../../model/snapshot.js';
import { defined } from '../../util/properties.js';
import { isNotFound, readIssue } from '../aws-errors.js';
import { describedKey, fetchOnce } from '../described.js';
import type { DiscoveryContext } from '../kind-handler.js';
import { allPages } from '../paginate.js';

const TYPE = 'AWS::ElasticLoadBalancingV2::Listener' as const;

/** Each load balancer's listeners, described whole by one DescribeListeners (paginated) per run. */
const LISTENERS_OF = describedKey<Listener[]>(`${TYPE} by load balancer`);

/**
 * A load balancer's listeners, described whole. The load balancer's read
 * needs them to find its listeners and the listeners' read to describe them;
 * whichever asks first makes the call and the other shares it. Throws what
 * the call threw (LoadBalancerNotFound for a load balancer that is gone).
 */
export function listenersOf(ctx: DiscoveryContext, loadBalancerArn: string): Promise<Listener[]> {
  return fetchOnce(ctx.described, LISTENERS_OF, loadBalancerArn, async () =>
    (
      await allPages(
        ctx,
        (Marker) => ctx.clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, Marker })),
        (page) => page.NextMarker,
      )
    ).flatMap((page) => page.Listeners ?? []),
  );
}

/** A listener ARN's parts: `arn:…:listener/app/LBNAME/lbid/listenerid`; undefined for any other ARN. */
function listenerArnParts(arn: string) {
  const parsed = parseArn(arn);
  const parts = parsed?.resource.split('/');
  if (!parsed || !parts || parts[0] !== 'listener' || parts.length < 5) return undefined;
  return { parsed, kind: parts[1]!, name: parts[2]!, balancerId: parts[3]! };
}

/** The load balancer's name from a listener ARN. */
export function loadBalancerNameFromListenerArn(arn: string): string | undefined {
  return listenerArnParts(arn)?.name;
}

/** The load balancer's ARN from a listener's: `…:listener/app/NAME/lbid/id` is on `…:loadbalancer/app/NAME/lbid`. */
export function loadBalancerArnFromListenerArn(arn: string): string | undefined {
  const listener = listenerArnParts(arn);
  if (!listener) return undefined;
  const { partition, service, region, account } = listener.parsed;
  return `arn:${partition}:${service}:${region}:${account}:loadbalancer/${listener.kind}/${listener.name}/${listener.balancerId}`;
}

/** CloudFormation's action shape (listeners' DefaultActions, rules' Actions); drops the keys whose value is undefined: snapshots are JSON. */
export function toAction(action: Action): Properties {
  const forward = action.ForwardConfig;
  const stickiness = forward?.TargetGroupStickinessConfig;
  return defined({
    Type: action.Type,
    Order: action.Order,
    TargetGroupArn: action.TargetGroupArn,
    ForwardConfig: forward
      ? defined({
          TargetGroups: (forward.TargetGroups ?? []).map((tg) =>
            defined({ TargetGroupArn: tg.TargetGroupArn, Weight: tg.Weight }),
          ),
          // AWS reports stickiness `{Enabled: false}` on every forward action; only an enabled one says something.
          TargetGroupStickinessConfig: stickiness?.Enabled
            ? defined({ Enabled: true, DurationSeconds: stickiness.DurationSeconds })
            : undefined,
        })
      : undefined,
    RedirectConfig: action.RedirectConfig ? defined({ ...action.RedirectConfig }) : undefined,
    FixedResponseConfig: action.FixedResponseConfig ? defined({ ...action.FixedResponseConfig }) : undefined,
  });
}

/**
 * The listener's default certificate: what CloudFormation's `Certificates` on
 * a listener holds (exactly one, for HTTPS and TLS). Certificates added with
 * AddListenerCertificates (SNI) are CloudFormation's separate
 * AWS::ElasticLoadBalancingV2::ListenerCertificate type, which reclaim does
 * not model. AWS's DescribeListeners reports only the default; the emulator
 * reports the added ones after it, so only the first is taken.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Listener.html
 */
function defaultCertificateOf(listener: Listener): string | undefined {
  return listener.Certificates?.[0]?.CertificateArn;
}

function referencesOf(listener: Listener): Reference[] {
  const references: Reference[] = [];
  if (listener.LoadBalancerArn) {
    references.push({
      type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      id: listener.LoadBalancerArn,
      via: 'LoadBalancerArn',
      kind: 'reference',
    });
  }
  const certificate = defaultCertificateOf(listener);
  if (certificate) {
    references.push({
      type: 'AWS::CertificateManager::Certificate',
      id: certificate,
      via: 'Certificates.0.CertificateArn',
      kind: 'reference',
    });
  }
  // A simple forward action is reported twice by AWS (TargetGroupArn and a one-entry ForwardConfig): one reference each.
  const seen = new Set<string>();
  const addTargetGroup = (id: string | undefined, via: string): void => {
    if (!id || seen.has(id)) return;
    seen.add(id);
    references.push({ type: 'AWS::ElasticLoadBalancingV2::TargetGroup', id, via, kind: 'reference' });
  };
  (listener.DefaultActions ?? []).forEach((action, i) => {
    addTargetGroup(action.TargetGroupArn, `DefaultActions.${i}.TargetGroupArn`);
    (action.ForwardConfig?.TargetGroups ?? []).forEach((tg, j) =>
      addTargetGroup(tg.TargetGroupArn, `DefaultActions.${i}.ForwardConfig.TargetGroups.${j}.TargetGroupArn`),
    );
  });
  return references;
}

function toResource(listener: Listener): DiscoveredResource {
  const arn = listener.ListenerArn!;
  const lbName = loadBalancerNameFromListenerArn(arn) ?? arn;
  const certificate = defaultCertificateOf(listener);
  return {
    type: TYPE,
    physicalId: arn,
    name: `${lbName}-${listener.Port}`,
    properties: defined({
      LoadBalancerArn: listener.LoadBalancerArn,
      Port: listener.Port,
      Protocol: listener.Protocol,
      SslPolicy: listener.SslPolicy,
      Certificates: certificate ? [{ CertificateArn: certificate }] : undefined,
      DefaultActions: (listener.DefaultActions ?? []).map(toAction),
    }),
    // Listeners carry tags, but CloudFormation's listener has no Tags property; reclaim does not manage them.
    tags: {},
    references: referencesOf(listener),
  };
}

/** Listeners are found through their load balancers (`contains`), so there is no `list`. */
export const elbv2ListenerHandler: KindHandler = {
  type: TYPE,

  /**
   * Reads listeners through their load balancers: one call per load balancer,
   * the same call its own read makes (`listenersOf`), so a run makes it once
   * whichever read comes first. A listener ARN of no load balancer names
   * nothing AWS could find: it is absent, like a listener that is gone.
   */
  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const wanted = new Map<string, Set<string>>();
    for (const arn of new Set(physicalIds)) {
      const balancer = loadBalancerArnFromListenerArn(arn);
      if (balancer) wanted.set(balancer, (wanted.get(balancer) ?? new Set()).add(arn));
    }
    const found = await Promise.all(
      [...wanted].map(async ([balancer, arns]) => {
        try {
          return (await listenersOf(ctx, balancer)).filter((listener) => arns.has(listener.ListenerArn!));
        } catch (error) {
          if (!isNotFound(error))
            issues.push(
              readIssue('elasticloadbalancing:DescribeListeners', error, { type: TYPE, physicalIds: [...arns] }),
            );
          return [];
        }
      }),
    );
    return { resources: found.flat().map(toResource), issues };
  },
};
