/**
 * A journal belongs to one run against one stack. Before what it remembers
 * drives a delete, each remembered resource is read again: one that is gone
 * stays in the plan (its delete reports "already gone"), one that was
 * recreated since (same name, another identity) is left alone, and the rest
 * take their current properties and attributes, so that the guards a fresh
 * plan applies (outside uses, certificates and target groups held from
 * outside) judge them as they are now, not as the journal saw them.
 */
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../aws/clients.js';
import { readIssue } from '../discover/aws-errors.js';
import type { DiscoveryContext } from '../discover/kind-handler.js';
import { handlersFor } from '../discover/registry.js';
import type { DeleteChange } from '../model/plan.js';
import type { LogicalId, Resource } from '../model/resource.js';
import type { ReadIssue, Snapshot } from '../model/snapshot.js';
import { createLimiter } from '../util/limiter.js';
import { finding, type Finding } from './delete-plan.js';

/** Attributes that name one incarnation of a resource: a resource made again under the same name has others. */
const IDENTITY_ATTRIBUTES = ['Arn', 'RoleId', 'StackId', 'DeploymentGroupId', 'CreationTime'] as const;

/** `3 days ago`, `5 hours ago`, `just now`: how long ago an ISO 8601 time was. */
export function ageOf(createdAt: string, now: Date = new Date()): string {
  const ms = now.getTime() - Date.parse(createdAt);
  if (!Number.isFinite(ms)) return 'at an unknown time';
  const minutes = Math.floor(ms / 60_000);
  const [count, unit] =
    minutes >= 2 * 24 * 60
      ? [Math.floor(minutes / (24 * 60)), 'day']
      : minutes >= 120
        ? [Math.floor(minutes / 60), 'hour']
        : [minutes, 'minute'];
  if (count < 1) return 'just now';
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/** `from a run 3 days ago (2026-11-29T07:50:00.000Z)`: where a journaled change comes from. */
export const journalOrigin = (createdAt: string, now?: Date) => `from a run ${ageOf(createdAt, now)} (${createdAt})`;

export interface RecheckedJournal {
  readonly snapshot: Snapshot;
  readonly unfinished: Map<LogicalId, DeleteChange>;
  /** Journaled resources left alone: recreated since the journal was written. */
  readonly stale: readonly Finding[];
}

/** What differs between the journal's incarnation of a resource and the one that exists now. */
function recreated(journaled: Readonly<Record<string, unknown>>, now: Readonly<Record<string, unknown>>): string[] {
  return IDENTITY_ATTRIBUTES.filter(
    (key) => journaled[key] !== undefined && now[key] !== undefined && journaled[key] !== now[key],
  ).map((key) => `${key} was ${String(journaled[key])}, is ${String(now[key])}`);
}

/**
 * When each bucket was made. A bucket's name and ARN are all its identity,
 * so one made again under the same name is told apart only by its
 * CreationDate, which ListBuckets (filtered to the name) gives.
 */
async function bucketCreationDates(
  ctx: DiscoveryContext,
  names: readonly string[],
  issues: ReadIssue[],
): Promise<Map<string, Date>> {
  const dates = new Map<string, Date>();
  await Promise.all(
    names.map(async (name) => {
      try {
        const page = await ctx.limit(() =>
          ctx.clients.s3.send(new ListBucketsCommand({ Prefix: name, BucketRegion: ctx.region })),
        );
        const bucket = (page.Buckets ?? []).find((candidate) => candidate.Name === name);
        if (bucket?.CreationDate) dates.set(name, bucket.CreationDate);
      } catch (error) {
        issues.push(readIssue('s3:ListBuckets', error, { type: 'AWS::S3::Bucket', physicalIds: [name] }));
      }
    }),
  );
  return dates;
}

/**
 * Reads each resource the journal added to `snapshot` again (read-only). A
 * read that fails is a snapshot issue: nothing is planned on it.
 */
export async function recheckUnfinished(
  clients: AwsClients,
  snapshot: Snapshot,
  unfinished: ReadonlyMap<LogicalId, DeleteChange>,
  createdAt: string,
  now?: Date,
): Promise<RecheckedJournal> {
  if (unfinished.size === 0) return { snapshot, unfinished: new Map(unfinished), stale: [] };
  const ctx: DiscoveryContext = {
    clients,
    account: snapshot.account,
    region: snapshot.region,
    limit: createLimiter(10),
  };
  const byType = new Map<string, DeleteChange[]>();
  for (const change of unfinished.values()) byType.set(change.type, [...(byType.get(change.type) ?? []), change]);
  const issues = [...snapshot.issues];
  const current = new Map<LogicalId, { properties: Resource['properties']; attributes: Resource['attributes'] }>();
  await Promise.all(
    [...byType].map(async ([type, changes]) => {
      const handler = handlersFor(ctx.clients).get(type as Resource['type']);
      if (!handler) return;
      const ids = changes.map((change) => handler.canonicalId?.(change.physicalId, ctx) ?? change.physicalId);
      const read = await handler.read(ctx, ids);
      issues.push(...read.issues);
      changes.forEach((change, index) => {
        const id = ids[index]!;
        const found = read.resources.find(
          (resource) =>
            resource.physicalId === id || resource.aliases?.includes(id) || resource.physicalId === change.physicalId,
        );
        if (found) current.set(change.id, { properties: found.properties, attributes: found.attributes ?? {} });
      });
    }),
  );

  const buckets = [...unfinished.values()].filter(
    (change) => change.type === 'AWS::S3::Bucket' && current.has(change.id),
  );
  const made = await bucketCreationDates(
    ctx,
    buckets.map((change) => change.physicalId),
    issues,
  );
  const journalTime = Date.parse(createdAt);
  const madeSince = (change: DeleteChange): string[] => {
    const date = change.type === 'AWS::S3::Bucket' ? made.get(change.physicalId) : undefined;
    return date && date.getTime() > journalTime ? [`made ${date.toISOString()}, after the journal`] : [];
  };

  const origin = journalOrigin(createdAt, now);
  const stale: Finding[] = [];
  const kept = new Map<LogicalId, DeleteChange>();
  const resources: Resource[] = [];
  for (const resource of snapshot.resources) {
    const change = unfinished.get(resource.id);
    const fresh = change ? current.get(resource.id) : undefined;
    if (!change || !fresh) {
      resources.push(resource);
      if (change) kept.set(resource.id, change);
      continue;
    }
    const differs = [...recreated(change.attributes, fresh.attributes), ...madeSince(change)];
    if (differs.length > 0) {
      stale.push(
        finding(
          resource,
          'recreated',
          `recreated since the journal ${origin} was written (${differs.join('; ')}): not the resource that run meant to delete`,
        ),
      );
      continue;
    }
    resources.push({ ...resource, properties: fresh.properties, attributes: fresh.attributes });
    kept.set(resource.id, { ...change, properties: fresh.properties, attributes: fresh.attributes });
  }
  return { snapshot: { ...snapshot, resources, issues }, unfinished: kept, stale };
}
