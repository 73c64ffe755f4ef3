import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@conveyor/runtime';
import { requireStack } from '@conveyor/stack';
import { loadConfig } from '../config';
import { drills, runDrills, type DrillName } from './runDrill';

const root = join(__dirname, '..', '..', '..');
const names = Object.keys(drills) as DrillName[];
const USAGE = `usage: npm run drill -- <${names.join('|')}|all> [--jobs 2000] [--port-base 23211]
Runs the disaster-recovery runbooks' drilled steps (docs/runbooks/dr-*.md) against the running stack
(KAFKA_BROKERS, SCHEMA_REGISTRY_URL; \`npm run stack -- up\`), on a topic prefix and a database of its own
(<DATABASE_URL's database>_drill, dropped after).`;

/** A bad argument: one line and exit 2. */
class UsageError extends Error {}

/**
 * `npm run drill -- <name|all>`: runs disaster-recovery drills and prints what each found and measured;
 * exits 1 when a drill fails, 2 on bad input or when the drill could not be carried out.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { jobs: { type: 'string', default: '2000' }, 'port-base': { type: 'string', default: '23211' } } });
  const which = positionals[0];
  const selected = which === 'all' ? names : names.filter((n) => n === which);
  const jobs = Number(values.jobs);
  const portBase = Number(values['port-base']);
  if (!selected.length || positionals.length !== 1) throw new UsageError(`name one drill, or all (got ${positionals.join(' ') || 'none'})`);
  if (!(Number.isInteger(jobs) && jobs >= 10 && jobs <= 1_000_000)) throw new UsageError('--jobs must be an integer between 10 and 1000000');
  if (!(Number.isInteger(portBase) && portBase >= 1024 && portBase <= 65_000)) throw new UsageError('--port-base must be a port between 1024 and 65000');
  const config = loadConfig();
  await requireStack({ kafkaBrokers: config.kafkaBrokers, registryUrl: config.registryUrl, databaseUrl: config.databaseUrl });
  const database = new URL(config.databaseUrl);
  database.pathname = `${database.pathname}_drill`;
  const log = (line: string) => console.log(`[drill ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const results = await runDrills({
    drills: selected, jobs, kafkaBrokers: config.kafkaBrokers, registryUrl: config.registryUrl, databaseUrl: database.toString(),
    servicePortBase: portBase, logDir: join(root, '.stack', 'logs', 'drill'), log,
  });
  console.log('\n| drill | verdict | figures |\n|---|---|---|');
  for (const r of results) console.log(`| ${r.name} | ${r.passed ? 'pass' : 'FAIL'} | ${Object.entries(r.figures).map(([k, v]) => `${k}: ${v}`).join(', ') || '–'} |`);
  return results.every((r) => r.passed) ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError) {
    console.error(`drill: ${err.message}${err instanceof UsageError ? `\n${USAGE}` : ''}`);
    process.exit(2);
  }
  console.error(`drill: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
