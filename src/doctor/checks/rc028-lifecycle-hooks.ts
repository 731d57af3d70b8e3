import { collect, type Check } from '../check.js';
import { allowStatement, gapsIn, policiesOf, trusts } from '../live/iam-policy.js';
import { LiveStack } from '../live/live-stack.js';
import { nativeServicesOf } from '../live/native-blue-green.js';
import { asDict, asList, asString } from '../util/values.js';

const ECS = 'ecs.amazonaws.com';

/**
 * ECS-native deployments call each lifecycle hook's Lambda function with the
 * hook's role: the role must trust ecs.amazonaws.com and allow
 * lambda:InvokeFunction on the function.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-permissions.html
 */
export const lifecycleHooks: Check = {
  code: 'RC028',
  id: 'native-lifecycle-hooks',
  title: 'Native deployments: each lifecycle hook role may invoke its function',
  description:
    'Every lifecycle hook names a Lambda function and a role; ECS assumes the role (it must trust ecs.amazonaws.com) to call lambda:InvokeFunction on the function. A hook ECS cannot call fails the deployment.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const hooked = nativeServicesOf(live).filter(
      (service) => asList(asDict(service.properties.DeploymentConfiguration)?.LifecycleHooks).length > 0,
    );
    if (hooked.length === 0) return out.skip('no lifecycle hooks');
    for (const service of hooked) {
      asList(asDict(service.properties.DeploymentConfiguration)?.LifecycleHooks).forEach((entry, index) => {
        const hook = asDict(entry) ?? {};
        const at = `DeploymentConfiguration.LifecycleHooks.${index}`;
        const target = asString(hook.HookTargetArn);
        const roleId = asString(hook.RoleArn);
        if (!target || !roleId) {
          out.error({
            location: LiveStack.locate(service, at),
            what: `Lifecycle hook ${index} of service ${service.physicalId} names no ${target ? 'role' : 'function'}.`,
            why: 'ECS needs both the function to call and a role to call it with.',
            fix: { text: 'Set HookTargetArn to the Lambda function and RoleArn to a role that may invoke it.' },
          });
          return;
        }
        const role = live.target(service, `${at}.RoleArn`);
        if (role?.status === 'unknown' || (!role && live.unreadable('AWS::IAM::Role', roleId))) {
          out.unknown(live.unknownReason('AWS::IAM::Role', role?.physicalId ?? roleId));
          return;
        }
        if (!role) {
          out.error({
            location: LiveStack.locate(service, `${at}.RoleArn`),
            what: `Lifecycle hook ${index} of service ${service.physicalId} uses role ${roleId}, which does not exist.`,
            why: 'ECS cannot call the hook: the deployment fails at that stage.',
            fix: { text: `Recreate the role, trusted by ${ECS}, allowing lambda:InvokeFunction on ${target}.` },
          });
          return;
        }
        if (!trusts(role.properties.AssumeRolePolicyDocument, ECS)) {
          out.error({
            location: LiveStack.locate(role, 'AssumeRolePolicyDocument'),
            what: `Hook role ${role.physicalId} does not trust ${ECS}.`,
            why: 'ECS assumes the hook role to call the function.',
            fix: { text: `Allow ${ECS} to sts:AssumeRole in the role's trust relationship.` },
          });
        }
        const needed = [{ action: 'lambda:InvokeFunction', resource: target }];
        const gaps = gapsIn(policiesOf(role, live.facts), needed);
        if (gaps.missing.length === 0 && gaps.denied.length === 0) return;
        if (gaps.denied.length === 0 && gaps.undecided.length > 0) {
          out.unknown(`the managed policies ${gaps.undecided.join(', ')} of ${role.physicalId} could not be read`);
          return;
        }
        const statement = allowStatement('InvokeLifecycleHook', needed);
        out.error({
          location: LiveStack.locate(role, 'Policies'),
          what: `Hook role ${role.physicalId} may not call lambda:InvokeFunction on ${target}${gaps.denied.length ? ' (denied)' : ''}.`,
          why: 'ECS calls the hook with this role; a refused call fails the deployment at that stage.',
          fix: { text: `Add an inline policy allowing lambda:InvokeFunction on ${target}.`, value: statement },
        });
      });
    }
    return out.done();
  },
};
