import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** Where an installed npm package of the repository lives: hoisted at the root, else under a workspace. */
function installedDir(name: string): string {
  const candidates = [join(root, 'node_modules', name), ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'node_modules', name))];
  const found = candidates.find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) throw new Error(`${name} is not installed in this repository`);
  return found;
}

const dependenciesOf = (dir: string): string[] => {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
};

/**
 * The example `examples/<name>` installed in a temporary folder as an outside project gets it (test helper):
 * the SDKs built and packed with `npm pack` (tools/build/packSdk.ts), each tarball unpacked into the folder's
 * `node_modules/@conveyor/`, as `npm install` does with the example's `file:vendor/…tgz` dependencies. Their
 * npm dependencies and the example's own (zod, tsx) are linked from this repository's node_modules rather than
 * downloaded: the tests run without a network. Nothing resolves to the workspace sources: the example's
 * `@conveyor/*` imports load the packed bundles. Returns the folder.
 */
export function installExample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `conveyor-${name}-`));
  const vendor = join(dir, 'vendor');
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'tools', 'build', 'packSdk.ts'), '--pack-destination', vendor], { cwd: root, stdio: 'pipe' });
  for (const entry of ['package.json', 'tsconfig.json', 'src']) cpSync(join(root, 'examples', name, entry), join(dir, entry), { recursive: true });

  const modules = join(dir, 'node_modules');
  const sdkDirs = readdirSync(vendor).filter((f) => f.endsWith('.tgz')).map((tgz) => {
    const sdk = join(modules, '@conveyor', tgz.replace(/^conveyor-(.*)-\d+\.\d+\.\d+\.tgz$/, '$1'));
    mkdirSync(sdk, { recursive: true });
    execFileSync('tar', ['-xzf', join(vendor, tgz), '-C', sdk, '--strip-components=1']);
    return sdk;
  });
  const linked = new Set<string>();
  for (const dep of [dir, ...sdkDirs].flatMap(dependenciesOf)) {
    if (dep.startsWith('@conveyor/') || linked.has(dep)) continue;
    linked.add(dep);
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(installedDir(dep), join(modules, dep), 'dir');
  }
  return dir;
}
