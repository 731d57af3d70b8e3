/**
 * The write side of AWS::ElasticLoadBalancingV2::Listener;
 * `discover/kinds/elbv2-listener.ts` is the read side.
 */
import {
  DeleteListenerCommand,
  ModifyListenerCommand,
  type Action,
  type ModifyListenerCommandInput,
  type ProtocolEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isNotFound } from '../../discover/aws-errors.js';
import { elbv2ListenerHandler } from '../../discover/kinds/elbv2-listener.js';
import type { Properties } from '../../model/resource.js';
import type { KindWriter } from '../kind-writer.js';
import { defined, optionalBoolean, optionalNumber, optionalString, planUpdate } from './converge.js';

/**
 * What `update` changes in place, all through ModifyListener. LoadBalancerArn
 * is a CloudFormation replacement. A listener has no Tags in CloudFormation.
 */
const UPDATABLE = new Set(['Port', 'Protocol', 'SslPolicy', 'Certificates', 'DefaultActions']);

type Structure = Readonly<Record<string, unknown>>;
const structure = (value: unknown): Structure | undefined =>
  value && typeof value === 'object' ? (value as Structure) : undefined;

/** A declared (CloudFormation-shaped) action as the API takes it: the same names, numbers as numbers. */
export function toAction(declared: unknown, index: number): Action {
  const action = structure(declared);
  if (!action?.Type) throw new Error(`DefaultActions.${index} needs a Type`);
  const forward = structure(action.ForwardConfig);
  const stickiness = structure(forward?.TargetGroupStickinessConfig);
  return {
    ...(action as unknown as Action),
    Order: optionalNumber(action.Order),
    ...(forward
      ? {
          ForwardConfig: defined({
            TargetGroups: ((forward.TargetGroups as unknown[] | undefined) ?? []).map((entry) => {
              const tg = structure(entry) ?? {};
              return defined({ TargetGroupArn: optionalString(tg.TargetGroupArn), Weight: optionalNumber(tg.Weight) });
            }),
            TargetGroupStickinessConfig: stickiness
              ? defined({
                  Enabled: optionalBoolean(stickiness.Enabled),
                  DurationSeconds: optionalNumber(stickiness.DurationSeconds),
                })
              : undefined,
          }),
        }
      : {}),
  };
}

/**
 * The listener's default certificate. CloudFormation's `Certificates` on a
 * listener holds exactly that one; more (SNI) certificates are listener
 * certificates, which reclaim does not manage.
 */
function defaultCertificate(value: unknown): Array<{ CertificateArn: string }> {
  const list = Array.isArray(value) ? value : [];
  const arn = structure(list[0])?.CertificateArn;
  if (list.length !== 1 || typeof arn !== 'string') {
    throw new Error('Certificates must hold exactly one {CertificateArn}: the default certificate');
  }
  return [{ CertificateArn: arn }];
}

const noCertificates = (value: unknown): boolean =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** The ModifyListener input for the planned properties that differ. */
function modification(
  properties: Properties,
  todo: ReadonlySet<string>,
): Omit<ModifyListenerCommandInput, 'ListenerArn'> {
  // Moving to HTTPS (or TLS) needs the certificate and policy in the same call: send the declared ones along.
  const sent = (name: string) =>
    todo.has(name) || (todo.has('Protocol') && properties[name] !== undefined && properties[name] !== null);
  return defined({
    Port: todo.has('Port') ? optionalNumber(properties.Port) : undefined,
    Protocol: todo.has('Protocol') ? (optionalString(properties.Protocol) as ProtocolEnum | undefined) : undefined,
    SslPolicy: sent('SslPolicy') ? optionalString(properties.SslPolicy) : undefined,
    // None declared (unset, `[]`): nothing to send; the certificate goes when the protocol moves back to HTTP.
    Certificates:
      sent('Certificates') && !noCertificates(properties.Certificates)
        ? defaultCertificate(properties.Certificates)
        : undefined,
    DefaultActions: todo.has('DefaultActions')
      ? ((properties.DefaultActions as unknown[] | undefined) ?? []).map(toAction)
      : undefined,
  });
}

export const elbv2ListenerWriter: KindWriter = {
  type: 'AWS::ElasticLoadBalancingV2::Listener',

  /**
   * Port, protocol, SSL policy, default certificate and default actions, in
   * one ModifyListener with only what the plan names and live still lacks.
   * Acting only on what the plan names matters here: under CodeDeploy the
   * default action points at whichever target group of the pair is live,
   * which drift (and so the plan) rightly leaves alone.
   */
  async update(ctx, change) {
    const { todo } = await planUpdate(ctx, change, elbv2ListenerHandler, UPDATABLE);
    const input = modification(change.properties, todo);
    if (Object.keys(input).length === 0) return;
    await ctx.clients.elbv2.send(new ModifyListenerCommand({ ListenerArn: change.physicalId, ...input }));
  },

  /** The listener's rules go with it; its target groups and certificate stay. */
  async delete(ctx, change) {
    try {
      await ctx.clients.elbv2.send(new DeleteListenerCommand({ ListenerArn: change.physicalId }));
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'already-gone';
      throw error;
    }
  },
};
