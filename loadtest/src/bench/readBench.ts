import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createWordShares } from '@conveyor/query-api/jobs';
import { ensureDatabase, migrate } from '@conveyor/read-model';
import { waitFor } from '@conveyor/testing';
import { freePort } from './freePort';
import { httpClosedLoop } from './httpClosedLoop';
import { parseStatCpuTicks } from './procStat';
import type { ReadRun } from './readLatency';
import { seedReadModel } from './readSeed';
import { readQueries } from './readWorkload';
import { runPgbench } from './runPgbench';

/** The read bench's plan, in one visible table. */
export const READ_PLAN = { jobs: 1_000_000, clients: 16, seconds: 8, warmupSeconds: 2, repeats: 3 };

/** One query's runs, API and pgbench alternating, `repeats` times each. */
export interface ReadQueryResult {
  name: string;
  what: string;
  api: ReadRun[];
  /** The same requests through the query API of another checkout (`compareWith`), e.g. the code before a change. */
  before?: ReadRun[];
  pgbench: ReadRun[];
  /** CPU of the query API's processes (the primary and its workers) and of every Postgres backend over the API runs, in % of one core (median). */
  apiCpu: number;
  postgresCpu: number;
}

export interface ReadBenchResult {
  plan: typeof READ_PLAN;
  database: string;
  seedSeconds: number;
  /** The load average (1 minute) before and after. */
  load: [number, number];
  queries: ReadQueryResult[];
}

const root = join(__dirname, '..', '..', '..');
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const loadAverage = async () => Number((await readFile('/proc/loadavg', 'utf8')).split(' ')[0]);

/** The pid and its children's (the query API's cluster workers), from /proc. */
async function processTree(pid: number): Promise<string[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return [String(pid), ...children.split(' ').filter(Boolean)];
}

/**
 * CPU ticks (user + system) by pid of one process and its children (the query API's primary and workers), or of
 * every process whose command name is `comm`, from /proc.
 */
async function cpuTicks(which: { pid: number } | { comm: string }): Promise<Map<string, number>> {
  const pids = 'pid' in which ? await processTree(which.pid) : (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  const ticks = new Map<string, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const used = parseStatCpuTicks(stat);
    if (used === null || ('comm' in which && stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== which.comm)) continue;
    ticks.set(pid, used);
  }
  return ticks;
}

/** % of one core used between two samples over `seconds`, counting the processes alive in both (backends come and go). */
function cpuShare(before: Map<string, number>, after: Map<string, number>, seconds: number): number {
  let ticks = 0;
  for (const [pid, t] of after) if (before.has(pid)) ticks += t - (before.get(pid) as number);
  return (ticks / 100 / seconds) * 100; // USER_HZ
}

/**
 * The read side at scale (public): seeds `READ_PLAN.jobs` jobs into a database of its own (kept between
 * runs), starts the query API on it in a child process, and drives it and pgbench (the same statements)
 * in turn with 16 closed-loop clients: list, filter, by id, search. `headers` go on every API request.
 */
export async function runReadBench(options: {
  databaseUrl: string; log: (line: string) => void; headers?: Record<string, string>; env?: Record<string, string>;
  /** A checkout (its root folder) whose query API is driven too, in turn with ours: before/after in one run. */
  compareWith?: string;
}): Promise<ReadBenchResult> {
  const { log } = options;
  const url = new URL(options.databaseUrl);
  url.pathname = `${url.pathname.replace(/^\//, '')}_read${READ_PLAN.jobs / 1000}k`;
  const databaseUrl = url.toString();
  const load0 = await loadAverage();
  await ensureDatabase(databaseUrl);
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  let seedSeconds: number;
  let wordShares: ReadonlyMap<string, number>;
  try {
    await migrate(pool);
    seedSeconds = await seedReadModel(pool, READ_PLAN.jobs, log);
    log(seedSeconds ? `seeded in ${seedSeconds.toFixed(0)} s` : `${READ_PLAN.jobs.toLocaleString('en')} jobs already seeded in ${url.pathname.slice(1)}`);
    // pgbench's search statements planned as the API plans them, from the same statistics.
    wordShares = await createWordShares({ pool })();
  } finally {
    await pool.end();
  }

  const api = await startApi(root, databaseUrl, options.env);
  const before = options.compareWith ? await startApi(options.compareWith, databaseUrl, options.env) : null;
  const baseUrl = api.url;
  try {
    const queries: ReadQueryResult[] = [];
    for (const q of readQueries(READ_PLAN.jobs, md5, wordShares)) {
      const result: ReadQueryResult = { name: q.name, what: q.what, api: [], pgbench: [], apiCpu: 0, postgresCpu: 0 };
      const drive = (seconds: number) => httpClosedLoop({ baseUrl, path: q.path, clients: READ_PLAN.clients, seconds, headers: options.headers });
      const bench = (seconds: number) => runPgbench({ databaseUrl, scripts: q.scripts, clients: READ_PLAN.clients, seconds, protocol: q.protocol });
      const driveBefore = (seconds: number) => httpClosedLoop({ baseUrl: before?.url ?? '', path: q.path, clients: READ_PLAN.clients, seconds, headers: options.headers });
      await drive(READ_PLAN.warmupSeconds);
      if (before) await driveBefore(READ_PLAN.warmupSeconds);
      await bench(READ_PLAN.warmupSeconds);
      const apiCpu: number[] = [];
      const pgCpu: number[] = [];
      for (let i = 0; i < READ_PLAN.repeats; i++) {
        const [a0, p0] = [await cpuTicks({ pid: api.pid }), await cpuTicks({ comm: 'postgres' })];
        const run = await drive(READ_PLAN.seconds);
        const [a1, p1] = [await cpuTicks({ pid: api.pid }), await cpuTicks({ comm: 'postgres' })];
        apiCpu.push(cpuShare(a0, a1, READ_PLAN.seconds));
        pgCpu.push(cpuShare(p0, p1, READ_PLAN.seconds));
        result.api.push(run);
        if (before) (result.before ??= []).push(await driveBefore(READ_PLAN.seconds));
        result.pgbench.push(await bench(READ_PLAN.seconds));
        const last = result.pgbench.at(-1) as ReadRun;
        log(`${q.name} #${i + 1}: API ${run.perSecond.toFixed(0)}/s p99 ${run.p99.toFixed(1)} ms · pgbench ${last.perSecond.toFixed(0)}/s p99 ${last.p99.toFixed(1)} ms`);
      }
      result.apiCpu = median(apiCpu);
      result.postgresCpu = median(pgCpu);
      queries.push(result);
    }
    return { plan: READ_PLAN, database: url.pathname.slice(1), seedSeconds, load: [load0, await loadAverage()], queries };
  } finally {
    await api.stop();
    await before?.stop();
  }
}

/** Starts the query API of the checkout at `checkout` on the database, in a child process; resolves once it is ready. */
async function startApi(checkout: string, databaseUrl: string, env?: Record<string, string>): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  // Its /metrics on a free port too: never the default 9102 another query API (or the compared one) holds.
  const metricsPort = await freePort();
  // Node itself with tsx's loader (not the tsx wrapper, which forks): the pid is the API's, for its CPU. As `npm start`
  // runs it: with QUERY_API_WORKERS unset, one worker process per CPU, children of this pid (counted with it).
  const api = spawn(process.execPath, ['--import', 'tsx', join(checkout, 'services', 'query-api', 'src', 'main.ts')], {
    cwd: checkout, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, PORT: String(port), METRICS_PORT: String(metricsPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn', OTEL_EXPORTER_OTLP_ENDPOINT: '' },
  });
  const exited = new Promise<void>((resolve) => api.once('exit', () => resolve()));
  const stop = async () => {
    if (api.exitCode === null && api.signalCode === null) api.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 60_000, intervalMs: 250, what: `the query API of ${checkout} to be ready` });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: api.pid ?? 0, stop };
}

/** The read bench as markdown (pure): per query the median and spread of each side and the ratio of medians. */
export function renderReadBench(r: ReadBenchResult): string {
  const spread = (runs: ReadRun[], f: (x: ReadRun) => number, digits = 0) => {
    const v = runs.map(f).sort((a, b) => a - b);
    return `${median(v).toFixed(digits)} (${(v[0] ?? Number.NaN).toFixed(digits)}–${(v.at(-1) ?? Number.NaN).toFixed(digits)})`;
  };
  const rows = r.queries.flatMap((q) => {
    const ratio = median(q.api.map((x) => x.perSecond)) / median(q.pgbench.map((x) => x.perSecond));
    const b = q.before;
    const beforeRow = b ? [`| ${q.name} (before) | ${spread(b, (x) => x.perSecond)} | ${spread(b, (x) => x.p50, 1)} / ${spread(b, (x) => x.p99, 1)} | | | ${(median(b.map((x) => x.perSecond)) / median(q.pgbench.map((x) => x.perSecond))).toFixed(2)}× | | ${b.reduce((s, x) => s + x.errors, 0)} / |`] : [];
    return [`| ${q.name} | ${spread(q.api, (x) => x.perSecond)} | ${spread(q.api, (x) => x.p50, 1)} / ${spread(q.api, (x) => x.p99, 1)} | ${spread(q.pgbench, (x) => x.perSecond)} | ${spread(q.pgbench, (x) => x.p50, 1)} / ${spread(q.pgbench, (x) => x.p99, 1)} | **${ratio.toFixed(2)}×** | ${q.apiCpu.toFixed(0)} / ${q.postgresCpu.toFixed(0)} / ${median(q.api.map((x) => x.generatorCpu)).toFixed(0)} / ${median(q.pgbench.map((x) => x.generatorCpu)).toFixed(0)} | ${q.api.reduce((s, x) => s + x.errors, 0)} / ${q.pgbench.reduce((s, x) => s + x.errors, 0)} |`, ...beforeRow];
  });
  return [
    `## Read side: ${r.plan.jobs.toLocaleString('en')} jobs, ${r.plan.clients} clients`, '',
    `Database \`${r.database}\` (seeded ${r.seedSeconds ? `in ${r.seedSeconds.toFixed(0)} s` : 'by an earlier run'}); each query driven ${r.plan.repeats}× for ${r.plan.seconds} s through the query API and through pgbench (the same statements, \`-j 2\`), alternating, after a ${r.plan.warmupSeconds} s warm-up of each. Medians with (min–max); latencies in ms; CPU in % of one core: query API / Postgres (during the API runs) / HTTP load generator / pgbench. Load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}.`, '',
    '| query | API req/s | API p50 / p99 | pgbench tx/s | pgbench p50 / p99 | API / pgbench | CPU % | errors API / pgbench |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows, '',
    ...r.queries.map((q) => `- **${q.name}**: ${q.what}`), '',
  ].join('\n');
}
