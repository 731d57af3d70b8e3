/**
 * Who outside a stack's graph uses its resources, answered from the whole
 * account (the account view), not from the stack's own graph: the graph is
 * walked from the stack's roots outwards, so it never sees another stack's
 * task definition naming this stack's role. What `teardown` and `cleanup`
 * leave alone, and why.
 */
import type { AwsClients } from '../aws/clients.js';
import type { DiscoveredResource } from '../discover/kind-handler.js';
import { roleNameFrom } from '../discover/kinds/iam-role.js';
import { AwsError } from '../errors.js';
import { readAccountView, usesIndex, type AccountView } from '../inventory/account-view.js';
import { groupStacks, stacksOf } from '../inventory/group-stacks.js';
import { listRoleUsers, type RoleUser } from '../inventory/role-users.js';
import type { ReadIssue, Snapshot } from '../model/snapshot.js';
import { createLimiter } from '../util/limiter.js';
import type { OutsideUse, OutsideUser } from './delete-plan.js';
import { userLabel } from './user-labels.js';

/**
 * The name of the stack a user belongs to, from the inventory's grouping of
 * the account into stacks; undefined when the grouping does not place it.
 * Without one, a user is named by its own name (`beagle` for the task
 * definition family `beagle`).
 */
export type StackOfUser = (key: string, user: DiscoveredResource) => string | undefined;

export interface AccountUsesOptions {
  readonly concurrency?: number;
  /** An account view already read in this run (by inventory); read afresh otherwise. */
  readonly view?: AccountView;
  readonly stackOf?: StackOfUser;
}

export interface AccountUses {
  readonly uses: readonly OutsideUse[];
  /** What could not be read: any of it may hide a user, so nothing may be deleted on this picture. */
  readonly issues: readonly ReadIssue[];
}

/**
 * Names users by the app stack the inventory's grouping puts them in (the
 * stack `reclaim discover --stack NAME` would find them in), other than the
 * one being torn down; a user no stack holds is named by its own name.
 */
function stacksByGrouping(view: AccountView, ownStack: string): StackOfUser {
  const grouping = groupStacks(view, view.listings);
  return (key) => stacksOf(grouping, key).find((name) => name !== ownStack);
}

/** Statuses of a resource that exists no more as a user: a deregistered revision, a deleted service. */
const GONE = new Set(['INACTIVE', 'DRAINING', 'DELETE_IN_PROGRESS']);

/**
 * Reads the account view and the role users reclaim lists but does not
 * model (instance profiles, Lambda functions), once each, and finds every
 * use of the snapshot's resources by anything not in the snapshot.
 * Read-only.
 */
export async function findAccountUses(
  clients: AwsClients,
  snapshot: Snapshot,
  options: AccountUsesOptions = {},
): Promise<AccountUses> {
  const [view, roleUsers] = await Promise.all([
    options.view ?? readAccountView(clients, options.concurrency ? { concurrency: options.concurrency } : {}),
    listRoleUsers(clients, createLimiter(options.concurrency ?? 4)),
  ]);
  return {
    uses: outsideUsesOf(snapshot, view, roleUsers.users, options.stackOf ?? stacksByGrouping(view, snapshot.stack)),
    issues: [...view.issues, ...roleUsers.issues],
  };
}

/**
 * Pure: every use of one of the snapshot's (non-external) resources by a
 * resource of the account that is not in the snapshot, one per target and
 * user, with every property that carries it. A user in the snapshot is the
 * stack's own, deleted (or kept) with it: no outside use. A user AWS reports
 * as gone (an INACTIVE revision, a DRAINING service) runs nothing.
 */
export function outsideUsesOf(
  snapshot: Snapshot,
  view: AccountView,
  roleUsers: readonly RoleUser[],
  stackOf: StackOfUser = () => undefined,
): OutsideUse[] {
  const inStack = new Map(
    snapshot.resources.map((resource) => [view.resolve(resource.type, resource.physicalId), resource] as const),
  );
  inStack.delete(undefined);
  const index = usesIndex(view);
  const uses: OutsideUse[] = [];
  for (const [key, resource] of inStack) {
    if (resource.external) continue;
    const byUser = new Map<string, string[]>();
    for (const use of index.get(key!) ?? []) {
      if (inStack.has(use.user) || GONE.has(String(view.resources.get(use.user)?.attributes?.Status))) continue;
      byUser.set(use.user, [...(byUser.get(use.user) ?? []), use.via]);
    }
    for (const [userKey, vias] of byUser) {
      const user = view.resources.get(userKey)!;
      const stack = stackOf(userKey, user);
      uses.push(
        outsideUse(
          resource.id,
          { type: user.type, physicalId: user.physicalId, via: vias, ...(stack ? { stack } : {}) },
          {
            owner: stack ?? user.name,
            label: userLabel(user),
          },
        ),
      );
    }
  }
  const roles = snapshot.resources.filter((resource) => resource.type === 'AWS::IAM::Role' && !resource.external);
  for (const role of roles) {
    for (const user of roleUsers.filter((candidate) => candidate.role === roleNameFrom(role.physicalId))) {
      uses.push(
        outsideUse(
          role.id,
          { type: user.type, physicalId: user.name, via: [user.via] },
          { owner: user.name, label: userLabel({ type: user.type, name: user.name, physicalId: user.name }) },
        ),
      );
    }
  }
  return uses;
}

/** `beagle (task definition beagle:4, ExecutionRoleArn)`: who, as what, through which properties. */
function outsideUse(id: OutsideUse['id'], user: OutsideUser, words: { owner: string; label: string }): OutsideUse {
  return { id, by: `${words.owner} (${words.label}, ${user.via.join(', ')})`, user };
}

/**
 * Refuses to plan on a partial picture of the account: a listing or a read
 * that failed may hide a user of any of the stack's resources, and what
 * might be shared must not be deleted. Says what could not be read.
 */
export function assertAccountReadComplete(snapshot: Snapshot, issues: readonly ReadIssue[]): void {
  if (issues.length === 0) return;
  const lines = issues.map((issue) => {
    const about = issue.physicalIds?.length ? ` (${issue.physicalIds.join(', ')})` : '';
    return `${issue.operation}${about}: ${issue.code}: ${issue.message}`;
  });
  throw new AwsError(
    'INCOMPLETE_READ',
    `Not all of account ${snapshot.account} / ${snapshot.region} could be read, so what else uses stack ${snapshot.stack}'s resources is not known; nothing was planned or changed:\n  ${lines.join('\n  ')}`,
    [
      'Grant the read permissions named above (or wait out the throttling) and run again.',
      "The guards read every resource of the account's modelled types, instance profiles and Lambda functions: see the README's safety section.",
    ],
  );
}
