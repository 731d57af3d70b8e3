import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import type { Command } from '@oclif/core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Runs one reclaim command in this process, as `bin/run.js` would, and
 * captures what it prints and the exit code it sets. In-process so that
 * recorded HTTP (nock) reaches it.
 */
export async function runCommand(
  CommandClass: { run(argv: string[], opts: string): Promise<unknown> } & typeof Command,
  argv: string[],
): Promise<CommandResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => (
    stdout.push(String(chunk)),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    stderr.push(String(chunk)),
    true
  )) as typeof process.stderr.write;
  // oclif prints through console.log/console.error, which the test runner intercepts: capture those too.
  const log = console.log;
  const error = console.error;
  console.log = (...args: unknown[]) => void stdout.push(`${format(...args)}\n`);
  console.error = (...args: unknown[]) => void stderr.push(`${format(...args)}\n`);
  process.exitCode = undefined;
  let exitCode: number;
  try {
    await CommandClass.run(argv, ROOT);
    exitCode = Number(process.exitCode ?? 0);
  } catch (thrown) {
    const oclif = (thrown as { oclif?: { exit?: number } }).oclif;
    if (oclif?.exit === undefined) throw thrown;
    exitCode = oclif.exit;
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = undefined;
  }
  return { stdout: stdout.join(''), stderr: stderr.join(''), exitCode };
}
