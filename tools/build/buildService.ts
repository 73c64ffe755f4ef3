import { build, type Metafile } from 'esbuild';
import { cpSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeFiles, type RuntimeFiles } from './runtimeFiles';

/** The deployable services, each bundled from `services/<name>/src/main.ts`. */
export const serviceNames = ['command-api', 'query-api', 'processors'] as const;
export type ServiceName = (typeof serviceNames)[number];

/**
 * Packages left out of the bundle, each because it cannot be bundled and is never loaded: none of
 * them is installed, so the images carry no node_modules at all. Everything else, OpenTelemetry,
 * kafkajs and pino included, bundles (pino starts a worker thread only for transports, which
 * Conveyor does not configure).
 */
const externals: Record<string, string> = {
  'pg-native': "pg's optional libpq addon, required only through `pg.native`, which Conveyor never uses",
  '@opentelemetry/shim-opencensus': 'required by the OpenTelemetry SDK only when an OpenCensus producer is configured (never)',
};

/** The names of `externals`, as esbuild takes them (public: a bundle built in a test leaves out the same). */
export const bundleExternals = Object.keys(externals);

/** What one service's build produced, in bytes. */
export interface ServiceBuild {
  service: ServiceName;
  /** `services/<name>/dist`, the folder an image copies whole. */
  outDir: string;
  bundleBytes: number;
  sourceMapBytes: number;
  /** The runtime files copied beside the bundle (`to` of each), in bytes. */
  runtimeFileBytes: Record<string, number>;
}

/** The size of a file or of a folder's files, in bytes. */
function sizeOf(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/**
 * First-party modules in the bundle that locate files relative to their own source: each must be
 * covered by a `runtimeFiles` row (whose expression it still contains), or the bundle would look
 * for the file in the wrong place.
 */
function checkRuntimeFiles(root: string, metafile: Metafile): RuntimeFiles[] {
  const inputs = Object.keys(metafile.inputs).filter((f) => !f.includes('node_modules/'));
  const needed = runtimeFiles.filter((r) => inputs.includes(r.readBy));
  const problems: string[] = [];
  for (const file of inputs) {
    const text = readFileSync(join(root, file), 'utf8');
    const row = runtimeFiles.find((r) => r.readBy === file);
    if (row && !text.includes(row.expression)) problems.push(`${file} no longer contains ${row.expression}`);
    if (!row && /\b__dirname\b|\b__filename\b|\bimport\.meta\b/.test(text)) problems.push(`${file} locates files from its own path`);
  }
  if (problems.length) {
    throw new Error(`the bundle cannot find the files its code reads (update tools/build/runtimeFiles.ts):\n  ${problems.join('\n  ')}`);
  }
  return needed;
}

/**
 * Bundles one service into `services/<name>/dist/`: `lib/main.js` (CommonJS for Node 20 and
 * later, minified, names kept for stack traces and logs) with its source map, and the runtime
 * files its code reads from disk. Run it with `node --enable-source-maps dist/lib/main.js`.
 * The folder is emptied first.
 */
export async function buildService(options: { root: string; service: ServiceName }): Promise<ServiceBuild> {
  const { root, service } = options;
  const outDir = join(root, 'services', service, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  const outfile = join(outDir, 'lib', 'main.js');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join('services', service, 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    // The oldest Node that runs the bundles: the machines' Node 20 runs `npm start` (README, Prerequisites).
    target: 'node20',
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    // Stack traces need only the mappings; the sources are in the repository at the same commit.
    sourcesContent: false,
    external: bundleExternals,
    metafile: true,
    logLevel: 'warning',
  });
  const runtimeFileBytes: Record<string, number> = {};
  for (const files of checkRuntimeFiles(root, result.metafile)) {
    cpSync(join(root, files.from), join(outDir, files.to), { recursive: true });
    runtimeFileBytes[files.to] = sizeOf(join(outDir, files.to));
  }
  return { service, outDir, bundleBytes: sizeOf(outfile), sourceMapBytes: sizeOf(`${outfile}.map`), runtimeFileBytes };
}
