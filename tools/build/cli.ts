/**
 * `npm run build:services` (or a service's own `npm run build`): bundles the named services, or all
 * three, into `services/<name>/dist/` and prints what each weighs.
 * Usage: `tsx tools/build/cli.ts [command-api|query-api|processors ...]`.
 */
import { join } from 'node:path';
import { buildService, serviceNames, type ServiceName } from './buildService';

const root = join(__dirname, '..', '..');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((s) => !(serviceNames as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown service ${unknown.join(', ')}: choose from ${serviceNames.join(', ')}`);
  const services = (asked.length ? asked : serviceNames) as readonly ServiceName[];
  for (const service of services) {
    const t0 = Date.now();
    const built = await buildService({ root, service });
    const files = Object.entries(built.runtimeFileBytes).map(([to, bytes]) => `, ${to}/ ${mb(bytes)}`).join('');
    console.log(`${service}: dist/lib/main.js ${mb(built.bundleBytes)} (+ map ${mb(built.sourceMapBytes)})${files} in ${Date.now() - t0} ms`);
  }
}

main().catch((err: unknown) => {
  console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
