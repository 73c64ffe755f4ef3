import { build, type Metafile, type Plugin } from 'esbuild';
import ts from 'typescript';
import { builtinModules } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The SDK packages published to npm, each built from `packages/<name>`. */
export const sdkNames = ['worker', 'client'] as const;
export type SdkName = (typeof sdkNames)[number];

/** What an SDK's build produced. */
export interface SdkBuild {
  sdk: SdkName;
  /** `packages/<name>/dist`, a complete npm package: `npm pack` it. */
  outDir: string;
  /** Its package.json as written: the npm dependencies the bundle and its types import. */
  manifest: PublishManifest;
  bundleBytes: number;
  typesBytes: number;
}

interface SourceManifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  keywords?: string[];
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** The package.json of a built SDK (internal). */
export interface PublishManifest {
  name: string;
  version: string;
  description?: string;
  license: string;
  main: string;
  types: string;
  exports: Record<string, { types: string; default: string }>;
  bin?: Record<string, string>;
  engines: { node: string };
  dependencies: Record<string, string>;
}

/**
 * The entry points per SDK: `index` is the package's API; the client also ships the `conveyor` command
 * line. The worker's `./engine` export is for the platform's own processors and is not published.
 */
const entries: Record<SdkName, { index: string; bin?: { name: string; entry: string } }> = {
  worker: { index: 'src/index.ts' },
  client: { index: 'src/index.ts', bin: { name: 'conveyor', entry: 'src/cli/main.ts' } },
};

const builtins = new Set(builtinModules);
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The npm package a bare specifier names (`@scope/name/sub` → `@scope/name`); null for Node's own modules. */
function npmPackageOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || builtins.has(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

/**
 * Keeps every npm package out of the bundle and bundles the private workspace packages (`@conveyor/*`):
 * they are not published, so their code travels inside the SDK while real npm dependencies stay shared
 * with the user's project (one kafkajs, one zod).
 */
const externalNpmPackages: Plugin = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = npmPackageOf(args.path);
      if (name === null) return { path: args.path, external: true };
      return name.startsWith('@conveyor/') ? undefined : { path: args.path, external: true };
    });
  },
};

/** The version range a dependency is declared with in the workspaces, else the installed version. */
function versionOf(root: string, name: string): string {
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgPath = join(root, 'packages', dir, 'package.json');
    const declared = existsSync(pkgPath) ? readJson<SourceManifest>(pkgPath).dependencies?.[name] : undefined;
    if (declared && declared !== '*') return declared;
  }
  const installed = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(installed)) throw new Error(`${name} is imported by the SDK but not installed`);
  return `^${readJson<{ version: string }>(installed).version}`;
}

/** The npm packages a bundle leaves to `require`, from esbuild's metafile. */
function requiredPackages(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((out) =>
    out.imports.filter((i) => i.external).map((i) => npmPackageOf(i.path)).filter((n): n is string => n !== null));
}

/** The packages a declaration bundle imports its types from. */
function typePackages(dts: string): string[] {
  return [...dts.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"./][^'"]*)['"]/g)]
    .map((m) => npmPackageOf(m[1] as string)).filter((n): n is string => n !== null);
}

/**
 * The `@types/…` package a user needs for the SDK's declarations to type-check when `name` ships no
 * types of its own (koa, say); null when it does, or when it is one of ours.
 */
function typesPackageFor(root: string, name: string): string | null {
  if (name.startsWith('@conveyor/') || name.startsWith('@types/')) return null;
  const dir = [join(root, 'node_modules', name), ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'node_modules', name))]
    .find((d) => existsSync(join(d, 'package.json')));
  if (!dir) throw new Error(`${name} is imported by the SDK's types but not installed`);
  const pkg = readJson<{ types?: string; typings?: string; main?: string; exports?: unknown }>(join(dir, 'package.json'));
  const mainBase = join(dir, (pkg.main ?? 'index.js').replace(/\.[cm]?js$/, ''));
  const beside = ['.d.ts', '.d.mts', '.d.cts'].some((ext) => existsSync(mainBase + ext));
  if (pkg.types || pkg.typings || JSON.stringify(pkg.exports ?? {}).includes('"types"') || beside) return null;
  const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
  if (!existsSync(join(root, 'node_modules', typesName))) throw new Error(`${name} has no types and ${typesName} is not installed`);
  return typesName;
}

/** First-party modules that locate files from their own path would look in the wrong place once bundled. */
function checkNoRuntimeFiles(root: string, metafile: Metafile): void {
  const offenders = Object.keys(metafile.inputs)
    .filter((f) => !f.includes('node_modules/') && /\b__dirname\b|\b__filename\b|\bimport\.meta\b/.test(readFileSync(join(root, f), 'utf8')));
  if (offenders.length) throw new Error(`the SDK bundle would read files from its own path: ${offenders.join(', ')}`);
}

/** The file a workspace package's export resolves to (`@conveyor/job-types/secrets` → its `src/secrets/index.ts`). */
function workspaceExport(root: string, specifier: string): string {
  const [scope, name, ...sub] = specifier.split('/');
  const pkgDir = join(root, 'packages', name as string);
  const exportsMap = readJson<{ exports?: Record<string, string | { types?: string; default?: string }> }>(join(pkgDir, 'package.json')).exports ?? {};
  const target = exportsMap[sub.length ? `./${sub.join('/')}` : '.'];
  const file = typeof target === 'string' ? target : (target?.types ?? target?.default);
  if (!file) throw new Error(`${scope}/${name} exports no ${specifier}`);
  return join(pkgDir, file);
}

/** The `.d.ts` files under a folder. */
function declarationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return declarationFiles(p);
    return name.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * Declarations for an SDK: TypeScript's declaration emit of the entry and every workspace module it
 * reaches, under `dist/types/<package>/src/…`, with each `@conveyor/*` import rewritten to the relative
 * path of its emitted file, so the types need none of the private packages. Returns the files' text.
 */
function emitDeclarations(root: string, entry: string, outDir: string): string[] {
  const typesDir = join(outDir, 'types');
  const configPath = join(root, 'tools', 'build', 'tsconfig.sdk.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  // Workspace packages resolve to their sources, not through node_modules, so their declarations are emitted too.
  const paths = Object.fromEntries(readdirSync(join(root, 'packages')).flatMap((name) => {
    const pkgPath = join(root, 'packages', name, 'package.json');
    if (!existsSync(pkgPath)) return [];
    const exportsMap = readJson<{ exports?: Record<string, unknown> }>(pkgPath).exports ?? {};
    return Object.keys(exportsMap).map((sub) => {
      const specifier = `@conveyor/${name}${sub === '.' ? '' : sub.slice(1)}`;
      return [specifier, [relative(root, workspaceExport(root, specifier))]];
    });
  }));
  const options = { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: typesDir, rootDir: join(root, 'packages'), baseUrl: root, paths };
  const emitted = ts.createProgram([entry], options).emit();
  const errors = emitted.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
  return declarationFiles(typesDir).map((file) => {
    const text = readFileSync(file, 'utf8').replace(/(['"])(@conveyor\/[^'"]+)\1/g, (_, quote: string, specifier: string) => {
      const source = workspaceExport(root, specifier);
      const emittedFile = join(typesDir, relative(join(root, 'packages'), source)).replace(/\.ts$/, '');
      const path = relative(dirname(file), emittedFile);
      return `${quote}${path.startsWith('.') ? path : `./${path}`}${quote}`;
    });
    writeFileSync(file, text);
    return text;
  });
}

/**
 * Builds one SDK into `packages/<name>/dist/`, a package an outside project installs and runs with
 * plain Node 20 or later: `index.js` (CommonJS, the private `@conveyor/*` workspace packages bundled
 * in, npm dependencies left external and listed in its package.json), `index.d.ts` (one declaration
 * bundle, so a user's `defineJobType` handler is typed without the workspace packages), the README,
 * and for the client `cli.js`, the `conveyor` command. The folder is emptied first.
 */
export async function buildSdk(options: { root: string; sdk: SdkName }): Promise<SdkBuild> {
  const { root, sdk } = options;
  const pkgDir = join(root, 'packages', sdk);
  const outDir = join(pkgDir, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const source = readJson<SourceManifest>(join(pkgDir, 'package.json'));
  const { index, bin } = entries[sdk];
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    // The oldest Node the SDK supports (its `engines`).
    target: 'node20',
    sourcemap: true,
    metafile: true,
    plugins: [externalNpmPackages],
    logLevel: 'warning' as const,
  };
  const built = [await build({ ...common, entryPoints: [join(pkgDir, index)], outfile: join(outDir, 'index.js') })];
  if (bin) {
    built.push(await build({ ...common, entryPoints: [join(pkgDir, bin.entry)], outfile: join(outDir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }));
  }
  for (const b of built) checkNoRuntimeFiles(root, b.metafile ?? { inputs: {}, outputs: {} });

  const dts = emitDeclarations(root, join(pkgDir, index), outDir);
  writeFileSync(join(outDir, 'index.d.ts'), `export * from './types/${sdk}/src/index';\n`);

  const typed = [...new Set(dts.flatMap(typePackages))];
  const needed = new Set([
    ...built.flatMap((b) => requiredPackages(b.metafile ?? { inputs: {}, outputs: {} })),
    ...typed,
    ...typed.map((name) => typesPackageFor(root, name)).filter((n): n is string => n !== null),
  ]);
  const leaked = [...needed].filter((n) => n.startsWith('@conveyor/'));
  if (leaked.length) throw new Error(`${source.name} still imports the private ${leaked.join(', ')}`);
  const manifest: PublishManifest = {
    name: source.name,
    version: source.version,
    ...(source.description ? { description: source.description } : {}),
    license: source.license ?? 'Apache-2.0',
    main: 'index.js',
    types: 'index.d.ts',
    exports: { '.': { types: './index.d.ts', default: './index.js' } },
    ...(bin ? { bin: { [bin.name]: 'cli.js' } } : {}),
    engines: { node: '>=20' },
    dependencies: Object.fromEntries([...needed].sort().map((n) => [n, versionOf(root, n)])),
  };
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(pkgDir, 'README.md'), join(outDir, 'README.md'));
  const size = (file: string) => readFileSync(join(outDir, file)).length;
  return { sdk, outDir, manifest, bundleBytes: size('index.js') + (bin ? size('cli.js') : 0), typesBytes: dts.reduce((sum, text) => sum + text.length, 0) };
}
