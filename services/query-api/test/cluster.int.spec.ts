import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPgPool, type Pool } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, testApiKey, uniqueName, waitFor } from '@conveyor/testing';

const { databaseUrl } = stackEndpoints();
// Ports of this worktree's range: the primary shares PORT with its workers and serves /metrics on METRICS_PORT.
const port = 24532;
const metricsPort = 24533;
const url = `http://127.0.0.1:${port}`;
const type = uniqueName('cluster');

/** The pids of a process's cluster workers (its children running main.ts; tsx's esbuild is one too), from /proc. */
const workersOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number)
    .filter((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('main.ts'));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Opens an SSE stream of this test's job type; `text()` reads what has arrived. */
async function openStream(controller: AbortController) {
  const res = await fetch(`${url}/v1/stream?type=${type}&access_token=${encodeURIComponent(testApiKey)}`, { signal: controller.signal });
  const reader = res.body!.getReader();
  let text = '';
  return {
    status: res.status,
    text: async () => {
      const { value } = await reader.read();
      text += Buffer.from(value ?? []).toString('utf8');
      return text;
    },
  };
}

/** Issue 13: `npm start`'s query API in worker processes (QUERY_API_WORKERS), run as main.ts runs it. */
describe('the query API in worker processes', () => {
  let primary: ChildProcess;
  let exited: Promise<void>;
  let pool: Pool;
  let log = '';

  beforeAll(async () => {
    pool = createPgPool({ url: databaseUrl, name: 'cluster-test', max: 1 });
    primary = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'src', 'main.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), METRICS_PORT: String(metricsPort), HOST: '127.0.0.1',
        QUERY_API_WORKERS: '2', AUTH_BOOTSTRAP_API_KEY: testApiKey, LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: '',
        // One stream per process: a second stream is served only by a second worker.
        STREAM_MAX_CONNECTIONS: '1',
      },
    });
    primary.stdout!.on('data', (chunk: Buffer) => { log += chunk.toString('utf8'); });
    exited = new Promise((resolve) => primary.once('exit', () => resolve()));
    await waitFor(async () => log.includes('"workers":2'), { timeoutMs: 90_000, what: 'the primary to report its workers listening' });
  });

  afterAll(async () => {
    if (primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL');
    await pool.end();
  });

  it('serves requests from two workers, and each streams the changes its own LISTEN receives', async () => {
    expect(workersOf(primary.pid!)).toHaveLength(2);
    expect((await fetch(`${url}/v1/jobs?type=${type}`, { headers: authHeaders() })).status).toBe(200);
    const controllers = [new AbortController(), new AbortController()];
    try {
      const streams = [await openStream(controllers[0]!), await openStream(controllers[1]!)];
      expect(streams.map((s) => s.status)).toEqual([200, 200]);
      for (const s of streams) await waitFor(async () => (await s.text()).includes('retry: 2000'), { what: 'the retry line' });
      const jobId = randomUUID();
      const change = { jobId, type, status: 'running', eventType: 'JobStarted', attempts: 1, occurredAt: new Date().toISOString() };
      await pool.query(`select pg_notify('conveyor_job_changes', $1)`, [JSON.stringify(change)]);
      for (const s of streams) await waitFor(async () => (await s.text()).includes(jobId), { what: 'the change on each stream' });
    } finally {
      for (const c of controllers) c.abort();
    }
  });

  it('serves /metrics on the primary, summed over the workers', async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/^http_requests_total\{route="\/v1\/jobs",method="GET",status="200",service="query-api"\} [1-9]/m);
  });

  it('stops every worker when the primary gets SIGTERM', async () => {
    const workers = workersOf(primary.pid!);
    primary.kill('SIGTERM');
    await exited;
    expect(primary.exitCode).toBe(0);
    await waitFor(async () => workers.every((pid) => !alive(pid)), { what: 'the workers to exit' });
  });
});
