/**
 * Every package a workspace imports must be declared in that workspace's package.json, so each
 * service installs on its own (Docker images, `npm ci --omit=dev`), not only thanks to hoisting.
 * `npm run deps:check` lists what is missing (exit 1); `-- --fix` declares it with the installed version.
 */
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[]; devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
const builtins = new Set(builtinModules);
const importRe = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|^\s*import\s+)['"]([^'"./][^'"]*)['"]/gm;

/** The package name of a bare specifier: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] as string)) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
  // Path aliases such as Vite's `@/components` and non-package strings are not packages.
  return /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) ? name : null;
}

function workspaceDirs(): string[] {
  return rootPkg.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const base = join(root, pattern.slice(0, -2));
    return readdirSync(base).map((d) => join(base, d)).filter((d) => existsSync(join(d, 'package.json')));
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|vue|mts)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

const installedVersion = (name: string, from: string): string => {
  for (const base of [join(from, 'node_modules', name), join(root, 'node_modules', name)]) {
    const p = join(base, 'package.json');
    if (existsSync(p)) return `^${(JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version}`;
  }
  return '*';
};

const fix = process.argv.includes('--fix');
const rootDeclared = new Set([...Object.keys(rootPkg.dependencies ?? {}), ...Object.keys(rootPkg.devDependencies ?? {})]);
let missingCount = 0;
for (const dir of workspaceDirs()) {
  const pkgPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  const missing = new Map<string, { file: string; dev: boolean }>();
  for (const file of sourceFiles(dir)) {
    const isTest = /\.(unit|int|e2e)\.spec\.ts$|\/(test|e2e)\//.test(file);
    for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
      const name = packageOf(m[1] as string);
      if (!name || name === pkg.name || declared.has(name)) continue;
      // Test tooling (jest, @types) lives at the root.
      if (isTest && rootDeclared.has(name)) continue;
      const seen = missing.get(name);
      if (!seen) missing.set(name, { file: relative(root, file), dev: isTest });
      else if (!isTest) seen.dev = false;
    }
  }
  if (!missing.size) continue;
  missingCount += missing.size;
  for (const [name, { file, dev }] of missing) console.log(`${pkg.name}: imports ${name} (${file}) without declaring it${dev ? ' (tests only)' : ''}`);
  if (fix) {
    const sorted = (deps: Record<string, string>) => Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
    const deps = { ...(pkg.dependencies ?? {}) };
    const devDeps = { ...(pkg.devDependencies ?? {}) };
    for (const [name, { dev }] of missing) (dev ? devDeps : deps)[name] = name.startsWith('@conveyor/') ? '*' : installedVersion(name, dir);
    pkg.dependencies = sorted(deps);
    if (Object.keys(devDeps).length) pkg.devDependencies = sorted(devDeps);
    writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  }
}
if (missingCount && !fix) {
  console.error(`${missingCount} undeclared dependencies: run npm run deps:check -- --fix, then npm install`);
  process.exit(1);
}
