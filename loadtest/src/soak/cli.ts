import { writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, createPgPool } from '@conveyor/runtime';
import { loadConfig as loadStackConfig, requireStack } from '@conveyor/stack';
import { machineFacts } from '../bench/machineFacts';
import { loadConfig } from '../config';
import { parseDuration } from '../parseDuration';
import { renderSoakReport } from './renderSoakReport';
import { defaultLogDir, runSoak } from './runSoak';
import { soakVerdict } from './soakVerdict';

const root = join(__dirname, '..', '..', '..');
const USAGE = `usage: npm run soak [-- --duration 10m] [--rate 50] [--sample-every 5s] [--port-base 23201] [--out-dir bench/results]
Runs its own processors, command API and query API on the running stack (KAFKA_BROKERS, SCHEMA_REGISTRY_URL;
\`npm run stack -- up\`) with a database of its own (<DATABASE_URL's database>_soak, dropped after).`;

/** A bad argument: one line and exit 2. */
class UsageError extends Error {}

/**
 * \`npm run soak\`: a steady load through the whole pipeline for a bounded time (default 10 minutes), every
 * service's RSS, heap and event-loop delay, the consumer lag and the Postgres connections sampled; a report
 * with charts and a verdict in bench/results/soak-<date>.md. Exits 1 when the verdict fails, 2 on bad input
 * or when the run could not be carried out.
 * 1. arguments and configuration; 2. the bound; 3. the run; 4. the verdict and the report.
 */
async function main(): Promise<number> {
  // 1. Arguments and configuration.
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10m' }, rate: { type: 'string', default: '50' }, 'sample-every': { type: 'string', default: '5s' },
      'port-base': { type: 'string', default: '23201' }, 'out-dir': { type: 'string', default: join(root, 'bench', 'results') }, help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const durationMs = parseDuration(values.duration);
  const sampleEveryMs = parseDuration(values['sample-every']);
  const rate = Number(values.rate);
  const portBase = Number(values['port-base']);
  const problems = [
    ...(durationMs !== undefined && durationMs >= 60_000 && durationMs <= 24 * 3_600_000 ? [] : ['--duration must be between 1m and 24h (e.g. 10m)']),
    ...(sampleEveryMs !== undefined && sampleEveryMs >= 1000 && sampleEveryMs <= 60_000 ? [] : ['--sample-every must be between 1s and 60s']),
    ...(rate > 0 && rate <= 2000 ? [] : ['--rate must be between 1 and 2000 jobs per second']),
    ...(Number.isInteger(portBase) && portBase >= 1024 && portBase <= 65_000 ? [] : ['--port-base must be a port between 1024 and 65000']),
  ];
  if (problems.length) throw new UsageError(problems.join('; '));
  const config = loadConfig();
  await requireStack({ kafkaBrokers: config.kafkaBrokers, registryUrl: config.registryUrl, databaseUrl: config.databaseUrl });
  const database = new URL(config.databaseUrl);
  database.pathname = `${database.pathname}_soak`;
  const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

  // 2. The bound: the load, plus setup and the drain; past it the run is aborted and cleaned up.
  const drainMs = 60_000;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    log('the run exceeded its bound: aborting');
    controller.abort();
  }, durationMs! + drainMs + 180_000);
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());

  // 3. The run.
  const startedAt = new Date().toISOString();
  log(`${rate} jobs/s for ${values.duration} on ${config.kafkaBrokers.join(',')}, database ${basename(database.pathname)}`);
  const run = await runSoak({
    durationMs: durationMs!, ratePerSec: rate, sampleEveryMs: sampleEveryMs!, drainMs, kafkaBrokers: config.kafkaBrokers,
    registryUrl: config.registryUrl, databaseUrl: database.toString(), servicePortBase: portBase, logDir: defaultLogDir(root), log,
  }, controller.signal).finally(() => clearTimeout(timer));

  // 4. The verdict and the report.
  const pool = createPgPool({ url: config.databaseUrl, name: 'conveyor-soak-facts', max: 1 });
  const facts = await machineFacts({ pool, redisUrl: config.redisUrl, kafkaVersion: async () => loadStackConfig().kafkaVersion }).finally(() => pool.end());
  const verdict = soakVerdict(run.observations);
  const base = `soak-${startedAt.slice(0, 10)}`;
  const command = `npm run soak -- --duration ${values.duration} --rate ${rate}`;
  const report = renderSoakReport({ startedAt, command, ratePerSec: rate, durationMs: durationMs!, sampleEveryMs: sampleEveryMs!, facts, run, verdict }, base);
  mkdirSync(values['out-dir'], { recursive: true });
  for (const [name, svg] of Object.entries(report.charts)) writeFileSync(join(values['out-dir'], `${base}-${name}.svg`), svg);
  writeFileSync(join(values['out-dir'], `${base}.json`), JSON.stringify({ startedAt, command, facts, verdict, run }, null, 1));
  const path = join(values['out-dir'], `${base}.md`);
  writeFileSync(path, report.markdown);
  console.log(`\n${verdict.passed ? 'PASS' : 'FAIL'}${verdict.problems.map((p) => `\n  - ${p}`).join('')}\nreport: ${path}`);
  if (controller.signal.aborted) return 2;
  return verdict.passed ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError) {
    console.error(`soak: ${err.message}\n${err instanceof UsageError ? USAGE : ''}`);
    process.exit(2);
  }
  console.error(`soak: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
