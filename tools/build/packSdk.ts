/**
 * `npm run sdk:pack` (or a package's own `npm run build`): builds the SDKs (`@conveyor/worker`,
 * `@conveyor/client`) into `packages/<name>/dist/` and, with `--pack-destination <dir>`, packs each
 * into `<dir>/conveyor-<name>-<version>.tgz` with `npm pack`. `npm run example:pack` packs them into
 * `examples/link-checker/vendor/`, where the example depends on them as an outside project would.
 * Usage: `tsx tools/build/packSdk.ts [worker|client ...] [--pack-destination <dir>]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSdk, sdkNames, type SdkName } from './buildSdk';

const root = join(__dirname, '..', '..');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--pack-destination');
  const destination = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !destination) throw new Error('--pack-destination needs a folder');
  const asked = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1));
  const unknown = asked.filter((s) => !(sdkNames as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown SDK ${unknown.join(', ')}: choose from ${sdkNames.join(', ')}`);
  for (const sdk of (asked.length ? asked : sdkNames) as readonly SdkName[]) {
    const t0 = Date.now();
    const built = await buildSdk({ root, sdk });
    const deps = Object.keys(built.manifest.dependencies).join(', ');
    console.log(`${built.manifest.name}: dist/ ${kb(built.bundleBytes)} js, ${kb(built.typesBytes)} d.ts in ${Date.now() - t0} ms; depends on ${deps}`);
    if (destination) {
      const dir = resolve(root, destination);
      mkdirSync(dir, { recursive: true });
      const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: built.outDir, encoding: 'utf8' }).trim();
      console.log(`  packed ${join(dir, file)}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(`sdk: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
