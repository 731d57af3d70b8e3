/**
 * `npm run build:bundle`: the CLI as it ships, in dist/. One ESM bundle per
 * command (dist/commands/<id>.js, as oclif's `commands` directory expects)
 * and one for the command_not_found hook, with the code they share split into
 * dist/chunks/, so a command loads its own code and the SDK clients it uses,
 * and nothing else. Source maps are kept beside each file (bin/run.js turns
 * them on under --debug).
 *
 * @oclif/core stays external: bin/run.js loads it to read the manifest, and a
 * second copy inside the bundles would be a second Command class and twice
 * the load. Everything else, the AWS SDK included, is bundled: esbuild reads
 * the SDK's ES modules (`module` before `main`), so a client brings only the
 * operations reclaim sends.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = `${ROOT}dist`;

/** Every command file, as oclif finds them (`inventory/index.ts` is `inventory`), and the hook. */
async function entryPoints(): Promise<string[]> {
  const files = await readdir(`${ROOT}src/commands`, { recursive: true });
  const commands = files.filter((file) => file.endsWith('.ts')).map((file) => `src/commands/${file}`);
  return [...commands.sort(), 'src/cli/command-not-found.ts'];
}

/**
 * The SDK's schema modules hold every shape of a service (client-ec2's is
 * 1 MB) as `export var X$ = [..., { [_xN]: _bC }]`. A computed key may have
 * side effects as far as esbuild knows, so it keeps every shape, used or not.
 * Each key there is a `const _xN = "xmlName"` of the same file: written as
 * the literal it is, the unused shapes drop out (EC2's bundle: 1.8 MB → 0.8 MB).
 */
const treeShakeSdkSchemas: Plugin = {
  name: 'tree-shake-sdk-schemas',
  setup(builder) {
    builder.onLoad(
      { filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const strings = new Map<string, string>();
        for (const [, name, literal] of source.matchAll(/^const (_\w+) = ("[^"\\\n]*");$/gm))
          strings.set(name!, literal!);
        const contents = source.replace(/\[(_\w+)\]:/g, (key, name: string) => {
          const literal = strings.get(name);
          return literal === undefined ? key : `${literal}:`;
        });
        return { contents, loader: 'js' };
      },
    );
  },
};

async function main(): Promise<void> {
  await rm(OUT_DIR, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: await entryPoints(),
    outbase: 'src',
    outdir: OUT_DIR,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: ['@oclif/core'],
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [treeShakeSdkSchemas],
    // CommonJS dependencies (ajv, fast-uri) call require() for Node's own modules; ESM has none of its own.
    banner: {
      js: "import { createRequire as __reclaimRequire } from 'node:module'; const require = __reclaimRequire(import.meta.url);",
    },
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
  process.stderr.write(`bundled ${outputs.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, into dist/\n`);
}

await main();
