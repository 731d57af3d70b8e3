import type { AwsClients } from '../aws/clients.js';
import { discover, type DiscoveryProgress } from '../discover/discover.js';
import { UserError } from '../errors.js';
import { readSnapshot } from '../io/snapshot-file.js';
import type { Snapshot } from '../model/snapshot.js';
import type { LiveFacts } from './live/live-facts.js';
import { readLiveFacts } from './live/read-live-facts.js';
import type { DoctorReport } from './report.js';
import { readRepo } from './repo/read-repo.js';
import type { RepoFiles } from './repo/repo-files.js';
import { runDoctor } from './run-doctor.js';

export interface DoctorOptions {
  /** Discover this stack live (needs `clients`). */
  readonly stack?: string;
  /** Or check a snapshot saved with `reclaim discover --out`, offline. */
  readonly snapshotFile?: string;
  /** The application repository's root. */
  readonly repo?: string;
  readonly hosts?: readonly string[];
  readonly branch?: string;
  readonly now?: Date;
  readonly concurrency?: number;
  readonly onProgress?: (event: DoctorProgress) => void;
}

export type DoctorProgress =
  | { readonly phase: 'discover'; readonly event: DiscoveryProgress }
  | { readonly phase: 'facts'; readonly issues: number }
  | { readonly phase: 'snapshot'; readonly file: string; readonly resources: number }
  | { readonly phase: 'repo'; readonly root: string; readonly files: number };

/**
 * `reclaim doctor`: reads the live stack (discovery plus the few facts it does
 * not keep) or a saved snapshot, and the repository, then runs the checks.
 * Read-only. Errors of the inputs (no such snapshot, no such directory) throw
 * UserError; problems of the stack are findings in the report.
 */
export async function checkStack(options: DoctorOptions, clients?: AwsClients): Promise<DoctorReport> {
  return (await checkStackAndSnapshot(options, clients)).report;
}

/** `checkStack`, with the snapshot it checked (for the HTML report, which draws the stack). */
export async function checkStackAndSnapshot(
  options: DoctorOptions,
  clients?: AwsClients,
): Promise<{ readonly report: DoctorReport; readonly snapshot?: Snapshot }> {
  if (!options.stack && !options.snapshotFile && !options.repo) {
    throw new UserError('NOTHING_TO_CHECK', 'Give --stack (or --snapshot), --repo, or both.', [
      'reclaim doctor --stack bash-dog --repo .',
    ]);
  }
  if (options.stack && options.snapshotFile) {
    throw new UserError('STACK_AND_SNAPSHOT', '--stack and --snapshot both name the live stack: give one.');
  }
  const repo: RepoFiles | undefined = options.repo ? await readRepo(options.repo) : undefined;
  if (repo) options.onProgress?.({ phase: 'repo', root: repo.root, files: repo.files.length });

  let snapshot: Snapshot | undefined;
  let facts: LiveFacts | undefined;
  if (options.snapshotFile) {
    snapshot = await readSnapshot(options.snapshotFile);
    options.onProgress?.({ phase: 'snapshot', file: options.snapshotFile, resources: snapshot.resources.length });
  } else if (options.stack) {
    if (!clients) throw new Error('checkStack: --stack needs AWS clients');
    snapshot = await discover(clients, {
      stack: options.stack,
      mustMatch: true,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      onProgress: (event) => options.onProgress?.({ phase: 'discover', event }),
    });
    facts = await readLiveFacts(clients, snapshot, repo, {
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
    options.onProgress?.({ phase: 'facts', issues: facts.issues.length });
  }
  const report = runDoctor({
    ...(snapshot ? { snapshot } : {}),
    ...(facts ? { facts } : {}),
    ...(repo ? { repo, repoLabel: options.repo } : {}),
    ...(options.hosts ? { hosts: options.hosts } : {}),
    ...(options.branch ? { branch: options.branch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { report, ...(snapshot ? { snapshot } : {}) };
}
