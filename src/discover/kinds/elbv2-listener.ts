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
import { describeInBatches } from '../batched-describe.js';
import { describedKey, takeDescribed } from '../described.js';

const TYPE = 'AWS::ElasticLoadBalancingV2::Listener' as const;

/** DescribeListeners documents no ARN limit; 20 keeps each call in line with the other ELBv2 batch calls. */
const BATCH = 20;

/** Listeners a load balancer's read described whole (it lists them to find them): reads by ARN take them from there. */
export const LISTENERS_DESCRIBED = describedKey<Listener>(TYPE);

/** The load balancer's name from a listener ARN: `arn:…:listener/app/LBNAME/lbid/listenerid`. */
export function loadBalancerNameFromListenerArn(arn: string): string | undefined {
  const parsed = parseArn(arn);
  const parts = parsed?.resource.split('/');
  return parts && parts[0] === 'listener' && parts.length >= 5 ? parts[2] : undefined;
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

  async read(ctx, physicalIds): Promise<ReadResult> {
    const issues: ReadIssue[] = [];
    const known = await takeDescribed(ctx.described, LISTENERS_DESCRIBED, [...new Set(physicalIds)]);
    // One missing ARN fails the whole batch on AWS (ListenerNotFound; moto drops it silently).
    const described = await describeInBatches(
      ctx,
      known.missing,
      {
        batchSize: BATCH,
        operation: 'elasticloadbalancing:DescribeListeners',
        type: TYPE,
        describe: async (ListenerArns) =>
          (await ctx.clients.elbv2.send(new DescribeListenersCommand({ ListenerArns }))).Listeners ?? [],
      },
      issues,
    );
    return { resources: [...known.found.values(), ...described].map(toResource), issues };
  },
};
