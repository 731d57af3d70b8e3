/**
 * A saved plan is what was reviewed, or nothing. `reclaim plan --out` seals
 * a plan with what it was made from (the desired file's digest, the live
 * fingerprint, the flags) and a digest of its changes; before `apply --plan`
 * runs it, these checks make it again from the file and live and refuse,
 * changing nothing, when anything differs. Each refusal says what differs.
 */
import type { AwsClients } from '../aws/clients.js';
import type { DesiredState } from '../desired/types.js';
import { UserError } from '../errors.js';
import { canonicalJson, changesDigest } from '../model/fingerprint.js';
import { PLAN_FLAG_NAMES, planFlagsText, type Change, type Plan, type PlanFlags } from '../model/plan.js';
import { planFromDesired } from './reconcile.js';

/** The desired file as `apply` read it now. */
export interface DesiredNow {
  readonly state: DesiredState;
  readonly file: string;
  /** `sha256:` of its bytes. */
  readonly digest: string;
}

export interface SavedPlanCheck {
  readonly plan: Plan;
  /** Where the plan was read from, for messages and the fix. */
  readonly planFile: string;
  readonly desired: DesiredNow;
  /** The plan-shaping flags `apply` was given. */
  readonly flags: PlanFlags;
}

/** The fix for every refusal: make the plan again, review it, apply that. */
const remake = (check: SavedPlanCheck, flags: PlanFlags = check.plan.basis?.flags ?? check.flags): string =>
  `Make the plan again and review it: reclaim plan --desired ${check.desired.file}${planFlagsText(flags)} --out ${check.planFile}`;

function refuse(code: string, check: SavedPlanCheck, why: string, suggestions: string[] = []): never {
  throw new UserError(code, `${why}: nothing was changed.`, [...suggestions, remake(check)]);
}

/**
 * Refuses, before anything else is read, a plan that is not a reconcile plan
 * or that does not say what it was made from (so cannot be checked).
 */
export function assertPlanCheckable(
  plan: Plan,
  planFile: string,
): asserts plan is Plan & {
  basis: NonNullable<Plan['basis']>;
  changesDigest: string;
} {
  if (plan.mode !== 'reconcile') {
    throw new UserError(
      'WRONG_PLAN_MODE',
      `${planFile} is a ${plan.mode} plan; reclaim apply runs reconcile plans: nothing was changed.`,
      [`Run \`reclaim ${plan.mode} --stack ${plan.stack} --yes\` instead.`],
    );
  }
  if (!plan.basis || !plan.changesDigest) {
    throw new UserError(
      'PLAN_UNCHECKABLE',
      `${planFile} does not say what it was made from (the desired file's digest, the flags, a digest of its changes), so it cannot be checked: nothing was changed.`,
      [`Make the plan again and review it: reclaim plan --desired reclaim.yaml --out ${planFile}`],
    );
  }
}

/**
 * What can be checked without reading live, in the order that names the
 * real difference: a plan of another kind, a plan that cannot be checked,
 * changes edited by hand, a plan of another stack, account or region, a
 * desired file edited since, other flags. Throws the first refusal.
 */
export function assertPlanMatchesBasis(check: SavedPlanCheck): void {
  const { plan, planFile, desired } = check;
  assertPlanCheckable(plan, planFile);
  const basis = plan.basis;
  if (changesDigest(plan.changes) !== plan.changesDigest) {
    refuse(
      'PLAN_EDITED',
      check,
      `The changes in ${planFile} were edited after it was written (they no longer match the digest it carries)`,
    );
  }
  const places: Array<[string, string, string]> = [
    ['stack', plan.stack, desired.state.stack],
    ['account', plan.account, desired.state.account],
    ['region', plan.region, desired.state.region],
  ];
  for (const [what, planned, declared] of places) {
    if (planned !== declared) {
      refuse(
        'PLAN_FOR_ANOTHER_TARGET',
        check,
        `${planFile} is a plan for another ${what}: ${planned}, not ${declared} as ${desired.file} declares`,
        [`Apply it with the file it was made from: reclaim apply --plan ${planFile} --desired ${basis.desiredFile}`],
      );
    }
  }
  if (basis.desiredDigest !== desired.digest) {
    refuse(
      'DESIRED_CHANGED',
      check,
      `${desired.file} has changed since this plan was made (${plan.createdAt}${basis.desiredFile === desired.file ? '' : ` from ${basis.desiredFile}`})`,
    );
  }
  const differing = (Object.keys(PLAN_FLAG_NAMES) as Array<keyof PlanFlags>).filter(
    (flag) => basis.flags[flag] !== check.flags[flag],
  );
  if (differing.length > 0) {
    const said = differing
      .map((flag) =>
        basis.flags[flag]
          ? `made with ${PLAN_FLAG_NAMES[flag]}, but applied without it`
          : `made without ${PLAN_FLAG_NAMES[flag]}, but applied with it`,
      )
      .join('; ');
    throw new UserError('PLAN_FLAGS_DIFFER', `${planFile} was ${said}: nothing was changed.`, [
      `Apply it with the flags it was made with: reclaim apply --plan ${planFile}${planFlagsText(basis.flags)} --yes`,
      remake(check, check.flags),
    ]);
  }
}

const label = (change: Change): string => `${change.action} ${change.id} (${change.type})`;

/** What one list of changes has that the other does not, by content; or that they only differ in order. */
function describeDifference(saved: readonly Change[], now: readonly Change[]): string {
  const keys = (changes: readonly Change[]) => new Set(changes.map((change) => canonicalJson(change)));
  const [savedKeys, nowKeys] = [keys(saved), keys(now)];
  const onlySaved = saved.filter((change) => !nowKeys.has(canonicalJson(change))).map(label);
  const onlyNow = now.filter((change) => !savedKeys.has(canonicalJson(change))).map(label);
  if (onlySaved.length === 0 && onlyNow.length === 0) return 'the same changes, in another order';
  return [
    onlySaved.length > 0 ? `only in the saved plan: ${onlySaved.join(', ')}` : '',
    onlyNow.length > 0 ? `only in the plan made now: ${onlyNow.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Reads live for the file's scope, makes the plan again with the flags the
 * saved one was made with, and refuses unless live reads as it did then
 * (the fingerprint) and the plan made now has exactly the saved changes.
 * Returns the saved plan, which is then what runs. Call after
 * `assertPlanMatchesBasis`.
 */
export async function assertPlanRederives(clients: AwsClients, check: SavedPlanCheck): Promise<Plan> {
  const { plan: saved, planFile, desired } = check;
  const { plan: now, snapshot } = await planFromDesired(
    desired.state,
    { kind: 'aws', clients },
    { ...check.flags, desiredFile: { path: desired.file, digest: desired.digest } },
  );
  if (snapshot.issues.length > 0) {
    throw new UserError(
      'INCOMPLETE_READ',
      `Part of ${saved.stack} could not be read, so the plan cannot be checked against live: nothing was changed.`,
      ['Grant the missing read permissions (or wait out the throttling) and run again.'],
    );
  }
  if (now.liveFingerprint !== saved.liveFingerprint) {
    refuse('STALE_PLAN', check, `Live has changed since this plan was made (${saved.createdAt})`);
  }
  if (now.changesDigest !== saved.changesDigest) {
    refuse(
      'PLAN_DIFFERS',
      check,
      `${planFile} differs from the plan made now from ${desired.file} and live (${describeDifference(saved.changes, now.changes)})`,
    );
  }
  return saved;
}
