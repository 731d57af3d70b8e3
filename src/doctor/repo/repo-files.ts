import type { DockerfileInfo } from './dockerfile.js';
import type { MagicFile } from './magic-files.js';
import type { NginxConf } from './nginx-conf.js';
import type { ParseResult } from './positions.js';

/** A JSON or YAML file of the repository, parsed with positions. */
export interface StructuredFile {
  /** Relative to the repository root, `/`-separated. */
  readonly path: string;
  readonly parsed: ParseResult;
}

/** One of the pipeline's three files, as found: at its exact name, or only under a near-miss name. */
export interface MagicFileFound extends StructuredFile {
  readonly expected: MagicFile;
  /** False when only a near miss was found; its content is still checked, at its own path. */
  readonly exactName: boolean;
}

/**
 * The application repository's files that doctor checks, read once by
 * `readRepo` and handed to the pure checks. Paths are relative to `root`.
 */
export interface RepoFiles {
  readonly root: string;
  /** Every file found (a bounded walk that skips `.git`, `node_modules` and the like). */
  readonly files: readonly string[];
  readonly taskdef?: MagicFileFound;
  readonly appspec?: MagicFileFound;
  readonly buildspec?: MagicFileFound;
  readonly dockerfile?: DockerfileInfo;
  /** The nginx configuration the Dockerfile copies into the image (falling back to `nginx.conf` files found). */
  readonly nginx: readonly NginxConf[];
  readonly compose?: StructuredFile;
  /** `reclaim.yaml`, when the repository keeps one: SARIF anchors live findings to its resources. */
  readonly reclaimYaml?: StructuredFile;
}
