import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { asString } from '../util/values.js';

const FAILED = /(_FAILED|ROLLBACK_COMPLETE|ROLLBACK_IN_PROGRESS)$/;

/** The stacks the ECS console makes for a service or a cluster (by name, or by the description it writes). */
const isConsoleStack = (name: string, description: string | undefined) =>
  /^(ECS-Console-V2-Service-|Infra-ECS-Cluster-)/.test(name) || /from the ECS Console/i.test(description ?? '');

/**
 * Guide, step 12 ("Service Cleanup"): when a console attempt fails, delete the
 * service's CloudFormation stack completely before trying again; a lingering
 * stack for a reused service name "can result in all kinds of strange and sad
 * behavior", and rebuilding while the old one still deletes "will cause you pain".
 */
export const lingeringStacks: Check = {
  code: 'RC019',
  id: 'lingering-stacks',
  title: 'No lingering CloudFormation stacks for the same service',
  description:
    'Stacks left by earlier console attempts (ECS-Console-V2-Service-…) for the same service name, failed stacks and stacks still deleting make a reused name misbehave. `reclaim cleanup` removes them.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    if (live.unreadable('AWS::CloudFormation::Stack')) out.unknown('the CloudFormation stacks could not all be read');
    const command = `reclaim cleanup --stack ${live.snapshot.stack}`;
    for (const stack of live.resources('AWS::CloudFormation::Stack', { orphans: true })) {
      const status = asString(stack.attributes.StackStatus) ?? '';
      if (stack.orphan && !isConsoleStack(stack.physicalId, asString(stack.properties.Description))) {
        // A stack of another tool that merely carries the name: `reclaim cleanup` lists it; not a console leftover.
        if (!FAILED.test(status)) {
          out.note(`stack ${stack.physicalId} carries the stack name but owns nothing of the running stack`);
          continue;
        }
      }
      if (stack.orphan) {
        out.error({
          location: LiveStack.locate(stack),
          what: `CloudFormation stack ${stack.physicalId} (${status}) lingers from an earlier attempt: nothing of the running stack belongs to it.`,
          why: "A lingering stack for a reused service name makes the console's next attempt (and its rollbacks) misbehave.",
          fix: { text: 'Delete the stack and what it still owns.', command },
        });
      } else if (status === 'DELETE_IN_PROGRESS') {
        out.error({
          location: LiveStack.locate(stack),
          what: `CloudFormation stack ${stack.physicalId} is still deleting.`,
          why: 'Rebuilding the service while its old stack deletes takes the new resources down with it.',
          fix: {
            text: 'Wait for the deletion to finish before creating anything of the same name.',
            command: `aws cloudformation wait stack-delete-complete --stack-name ${stack.physicalId}`,
          },
        });
      } else if (FAILED.test(status)) {
        out.error({
          location: LiveStack.locate(stack),
          what: `CloudFormation stack ${stack.physicalId} is ${status}.`,
          why: "A failed console stack cannot be updated, only deleted, and it still claims the service's names.",
          fix: { text: "Take what the stack still owns under reclaim's management, then delete the stack.", command },
        });
      }
    }
    return out.done();
  },
};
