/**
 * `npm run loadtest -- --rate R --duration D ...`: an open-model load test of the running platform.
 * Exit codes: 0 passed, 1 a threshold failed or the run could not complete, 2 bad arguments or configuration.
 */
import { randomUUID } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import { migrate } from '@conveyor/read-model';
import { ConfigError, createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { loadConfig } from './config';
import { startHttpSink } from './http/httpSink';
import { createConveyorTarget } from './kafka/conveyorTarget';
import { parseArgs, USAGE, UsageError, type LoadTestSettings } from './parseArgs';
import { recordRunFinish, recordRunStart } from './recordRun';
import { writeReports } from './report/writeReports';
import { runLoadTest, type LoadTestResults } from './runLoadTest';
import { summarize } from './summarize';

class RunError extends Error {}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function openPool(databaseUrl: string): Promise<Pool | null> {
  const pool = createPgPool({ url: databaseUrl, name: 'conveyor-loadtest', max: 2 });
  try {
    await migrate(pool);
    return pool;
  } catch (err) {
    console.warn(`loadtest: not recording the run in Postgres (${(err as Error).message})`);
    await pool.end().catch(() => undefined);
    return null;
  }
}

async function main(argv: string[]): Promise<number> {
  // 1. Arguments and configuration, before any connection.
  const settings: LoadTestSettings | null = parseArgs(argv);
  if (!settings) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger({ service: 'loadtest', level: config.logLevel === 'info' ? 'warn' : config.logLevel });

  // 2. The platform must be up: a load test never starts it behind the user's back.
  if (!(await ready(settings.commandApi))) throw new RunError(`the command API at ${settings.commandApi} is not ready (GET /readyz); start the platform with \`npm start\``);
  const queryApiUp = settings.visibleEvery > 0 && (await ready(settings.queryApi));
  if (settings.visibleEvery > 0 && !queryApiUp) console.warn(`loadtest: the query API at ${settings.queryApi} is not ready; submit→visible is not measured`);

  // 3. Adapters: sink for webhook jobs, Postgres for the record, the target.
  const sink = settings.type === 'http.request' ? await startHttpSink() : null;
  const pool = settings.record ? await openPool(config.databaseUrl) : null;
  const target = await createConveyorTarget({
    config, logger, commandApi: settings.commandApi, queryApi: queryApiUp ? settings.queryApi : undefined,
    maxSockets: Math.min(settings.maxInFlight, 256), timeoutMs: settings.httpTimeoutMs,
  });
  const runId = randomUUID();
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (pool) await recordRunStart(pool, runId, new Date(), settings);

  // 4. Run, with a progress line.
  const bar = settings.quiet || !process.stderr.isTTY ? null : new SingleBar({
    format: 'sent {sent}/{scheduled} | accepted {accepted} | completed {completed} | lag {lag} | {bar} {percentage}% | ETA {eta_formatted}',
    hideCursor: true, stream: process.stderr,
  });
  bar?.start(100, 0, { sent: 0, scheduled: 0, accepted: 0, completed: 0, lag: '–' });
  let results: LoadTestResults | null = null;
  try {
    results = await runLoadTest(settings, target, {
      runId, sinkUrl: sink?.url ?? null, signal: abort.signal,
      onProgress: (p) => bar?.update(Math.min(100, Math.round((100 * p.elapsedMs) / p.plannedMs)), { ...p, lag: p.lag ?? '–' }),
    });
  } finally {
    bar?.stop();
    await target.close();
    await sink?.close();
    if (pool && !results) await recordRunFinish(pool, runId, null, 'aborted').catch(() => undefined);
  }

  // 5. Report and record.
  const paths = await writeReports(settings.reportDir, settings, results);
  const nothingAccepted = results.tally.accepted === 0;
  const ok = results.passed && results.balanced && !nothingAccepted && !abort.signal.aborted;
  if (pool) {
    await recordRunFinish(pool, runId, results, abort.signal.aborted ? 'aborted' : ok ? 'passed' : 'failed');
    await pool.end();
  }
  console.log(summarize(results));
  console.log(`  report: ${paths.html}\n  data:   ${paths.json}`);
  const failed = results.thresholds.filter((t) => !t.passed);
  if (failed.length) console.error(`\nloadtest FAILED: ${failed.length} threshold(s) not met:\n${failed.map((t) => `  ${t.message}`).join('\n')}`);
  if (!results.balanced) console.error(`\nloadtest FAILED: the accounting does not balance: ${results.balanceProblems.join('; ')}`);
  if (nothingAccepted) console.error(`\nloadtest FAILED: no job was accepted (${Object.keys(results.counts.errors).join(', ') || 'no request answered'})`);
  if (abort.signal.aborted) console.error('\nloadtest: interrupted');
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`loadtest: ${err.problems.map((p) => `\n  - ${p}`).join('')}\n\n${USAGE}`);
      process.exit(2);
    }
    if (err instanceof ConfigError) {
      console.error(`loadtest: ${err.message}`);
      process.exit(2);
    }
    console.error(err instanceof RunError ? `loadtest: ${err.message}` : err);
    process.exit(1);
  },
);
