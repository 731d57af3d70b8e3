import { Command, Errors, Flags, type Interfaces } from '@oclif/core';
import { AwsClients } from '../aws/clients.js';
import { resolveRegion } from '../aws/region.js';
import { ReclaimError, UserError } from '../errors.js';
import { ProgressLine } from './progress-line.js';
import { errorJson, renderError } from './render-error.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;

/**
 * What every reclaim command shares: the AWS connection flags, `--json`,
 * `--debug`, and one place that renders errors. Subclasses stay thin: parse,
 * call the library, render.
 */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    region: Flags.string({ description: 'AWS region (default: AWS_REGION, then your profile).', helpGroup: 'AWS' }),
    profile: Flags.string({ description: 'Named profile from ~/.aws/config.', helpGroup: 'AWS' }),
    'endpoint-url': Flags.string({
      description: 'Send every AWS call to this endpoint (an emulator). AWS_ENDPOINT_URL is honoured too.',
      helpGroup: 'AWS',
    }),
    debug: Flags.boolean({ description: 'Show stack traces and SDK details on errors.', helpGroup: 'GLOBAL' }),
  };

  /** Builds the clients for the account and region the flags (or the environment) name. */
  protected async clientsFor(flags: {
    region?: string;
    profile?: string;
    'endpoint-url'?: string;
  }): Promise<AwsClients> {
    const region = await resolveRegion(flags.region, flags.profile);
    const endpointUrl = flags['endpoint-url'] ?? process.env.AWS_ENDPOINT_URL;
    const apiToken = process.env.CLOUDFLARE_API_TOKEN;
    const baseUrl = process.env.CLOUDFLARE_BASE_URL;
    if (!apiToken) this.progress('Cloudflare: skipped (CLOUDFLARE_API_TOKEN is not set).');
    return new AwsClients({
      region,
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(endpointUrl ? { endpointUrl } : {}),
      ...(apiToken ? { cloudflare: { apiToken, ...(baseUrl ? { baseUrl } : {}) } } : {}),
    });
  }

  /** A live progress line on stderr when it is a terminal, plain lines when not, nothing under --json. */
  protected progressLine(): ProgressLine {
    this.line?.stop();
    this.line = new ProgressLine(process.stderr, !this.jsonEnabled());
    return this.line;
  }

  private line?: ProgressLine;

  /** Takes the live progress line away, before the result is printed. */
  protected endProgress(): void {
    this.line?.stop();
  }

  /** A failed run takes its progress line away too (and gives the cursor back). */
  protected override async finally(error: Error | undefined): Promise<unknown> {
    this.line?.stop();
    return super.finally(error);
  }

  /** Progress and logs go to stderr, so stdout stays clean for machine output. */
  protected progress(message: string): void {
    if (!this.jsonEnabled()) this.logToStderr(message);
  }

  /**
   * Every failure exits 1 (2 is reserved for "drift found"), including oclif's
   * own flag-parsing errors, which would otherwise exit 2.
   */
  protected override async catch(error: Error): Promise<unknown> {
    if (error instanceof Errors.ExitError) return super.catch(error);
    process.exitCode = 1;
    const usage = error instanceof Errors.CLIError && !(error instanceof ReclaimError);
    const shown = usage
      ? new UserError('BAD_USAGE', error.message, [`See \`reclaim ${(this.id ?? '').replaceAll(':', ' ')} --help\`.`])
      : error;
    if (this.jsonEnabled()) this.logJson(errorJson(shown));
    else process.stderr.write(`${renderError(shown, { debug: this.argv.includes('--debug') })}\n`);
    return undefined;
  }
}
