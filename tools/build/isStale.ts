import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time of the files under the given paths (files or folders, node_modules and dist skipped), in milliseconds. */
export function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (!s.isDirectory()) {
      newest = Math.max(newest, s.mtimeMs);
      continue;
    }
    const children = readdirSync(p).filter((name) => name !== 'node_modules' && name !== 'dist').map((name) => join(p, name));
    newest = Math.max(newest, newestMtime(children));
  }
  return newest;
}

/** True when `output` is missing or older than any file under `inputs` (internal: `npm start` rebuilds then). */
export function isStale(output: string, inputs: readonly string[]): boolean {
  return !existsSync(output) || statSync(output).mtimeMs < newestMtime(inputs);
}

/** What a service's bundle is built from: its own source, the shared packages, the lockfile and the build itself. */
export function serviceInputs(root: string, service: string): string[] {
  return [join(root, 'services', service, 'src'), join(root, 'packages'), join(root, 'package-lock.json'), join(root, 'tools', 'build')];
}
