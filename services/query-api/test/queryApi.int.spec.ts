import { randomUUID } from 'node:crypto';
import { latencyHistogram } from '@conveyor/domain';
import { migrate } from '@conveyor/read-model';
import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, testApiKey, uniqueName, waitFor } from '@conveyor/testing';
import { loadConfig } from '../src/config';
import { startQueryApi, type QueryApi } from '../src/main';

const { databaseUrl } = stackEndpoints();
const type = uniqueName('qtest');
const needle = uniqueName('needle');
let pool: Pool;
let api: QueryApi;

interface Seeded { jobId: string; status: string; submittedAt: Date; updatedAt: Date }
const seeded: Seeded[] = [];
const base = Date.now() - 3_600_000;

async function insertJob(j: Seeded & { payload?: unknown; error?: unknown }) {
  await pool.query(
    `insert into jobs (job_id, type, status, priority, payload, error, attempts, max_attempts, backoff, submitted_at, updated_at, actor, version, trace_id)
     values ($1, $2, $3, 'normal', $4, $5, 1, 3, '{"kind":"fixed","delayMs":1,"maxDelayMs":1}', $6, $7, 'test', 1, 'abc')`,
    [j.jobId, type, j.status, JSON.stringify(j.payload ?? { i: 1 }), j.error ? JSON.stringify(j.error) : null, j.submittedAt, j.updatedAt]);
  seeded.push(j);
}

const get = async (path: string) => {
  const res = await fetch(`${api.url}${path}`, { headers: authHeaders() });
  return {
    status: res.status, type: res.headers.get('content-type'), headers: res.headers,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
    body: (await res.json()) as Record<string, any> };
};

beforeAll(async () => {
  pool = createPgPool({ url: databaseUrl, name: 'query-api-test' });
  await migrate(pool);
  const statuses = ['queued', 'running', 'succeeded', 'failed', 'retrying'];
  for (let i = 0; i < 23; i++) {
    // Every third job shares its submission time with the previous one: pagination must break ties by id.
    const at = base + Math.floor(i / 3) * 3 * 1000 + (i % 3 === 2 ? 0.5 : 0) + 0.123;
    await insertJob({
      jobId: randomUUID(), status: statuses[i % statuses.length]!, submittedAt: new Date(at), updatedAt: new Date(base + (23 - i) * 1000),
      payload: i === 5 ? { url: `https://x.test/${needle}` } : { i }, error: i === 8 ? { message: `${needle} exploded`, code: 'E', retriable: false } : undefined,
    });
  }
  api = await startQueryApi({ ...loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SSE_HEARTBEAT_MS: '200', AUTH_BOOTSTRAP_API_KEY: testApiKey }), PORT: 0 }, { logger: createLogger({ service: 'query-api-test', level: 'silent' }), metricsPort: 0 });
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

async function allPages(query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`/v1/jobs?type=${type}&limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.items.map((j: { jobId: string }) => j.jobId));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return ids;
}

describe('query API against Postgres', () => {
  it('pages through every job once, in each sort order', async () => {
    const bySubmitted = [...seeded].sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || (b.jobId < a.jobId ? -1 : 1)).map((j) => j.jobId);
    expect(await allPages('', 5)).toEqual(bySubmitted);
    expect(await allPages('&sort=submittedAt', 4)).toEqual([...bySubmitted].reverse());
    const byUpdated = [...seeded].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()).map((j) => j.jobId);
    expect(await allPages('&sort=-updatedAt', 6)).toEqual(byUpdated);
  });

  it('filters by status lists, time range and text, and shows camelCase jobs', async () => {
    const res = await get(`/v1/jobs?type=${type}&status=failed,retrying&limit=200`);
    expect(res.body.items.map((j: { jobId: string }) => j.jobId).sort())
      .toEqual(seeded.filter((j) => j.status === 'failed' || j.status === 'retrying').map((j) => j.jobId).sort());
    const from = seeded[3]!.submittedAt.toISOString();
    const to = seeded[9]!.submittedAt.toISOString();
    const ranged = await get(`/v1/jobs?type=${type}&from=${from}&to=${to}`);
    expect(ranged.body.items).toHaveLength(seeded.filter((j) => j.submittedAt.toISOString() >= from && j.submittedAt.toISOString() < to).length);
    const found = await get(`/v1/jobs?q=${needle.toUpperCase()}`);
    expect(found.body.items.map((j: { jobId: string }) => j.jobId).sort()).toEqual([seeded[5]!.jobId, seeded[8]!.jobId].sort());
    expect(found.body.items.find((j: { jobId: string }) => j.jobId === seeded[5]!.jobId)).toMatchObject({
      type, priority: 'normal', payload: { url: `https://x.test/${needle}` }, attempts: 1, maxAttempts: 3, traceId: 'abc',
      submittedAt: seeded[5]!.submittedAt.toISOString(), startedAt: null, error: null,
    });
    expect((await get('/v1/jobs?q=%25%25%25')).status).toBe(200); // % is literal, not a wildcard
  });

  it('answers bad parameters with a 400 problem naming each one, and unknown jobs with 404', async () => {
    const bad = await get('/v1/jobs?status=nope&limit=500&cursor=zzz&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.type).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'limit', 'status.0']);
    const badCursor = await get('/v1/jobs?cursor=zzz');
    expect(badCursor.body.errors).toEqual([{ path: 'cursor', message: 'not a cursor returned by this API' }]);
    expect((await get('/v1/jobs/not-a-uuid')).body).toMatchObject({ status: 400, errors: [{ path: 'id', message: 'must be a UUID' }] });
    expect((await get(`/v1/jobs/${randomUUID()}`)).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await get('/v1/stats?window=2h')).body.errors).toEqual([{ path: 'window', message: expect.any(String) }]);
  });

  it('shows a job with its timeline in order', async () => {
    const job = seeded[0]!;
    const events = ['JobSubmitted', 'JobStarted', 'JobSucceeded'];
    for (const [i, eventType] of events.entries()) {
      await pool.query(
        `insert into job_events (event_id, job_id, event_type, occurred_at, attempt, data, topic, partition, "offset")
         values ($1, $2, $3, $4, $5, '{"x":1}', 't', 2, $6)`,
        [randomUUID(), job.jobId, eventType, new Date(base + (i === 2 ? 10 : i)), i ? 1 : null, 100 + (2 - i)]);
    }
    const res = await get(`/v1/jobs/${job.jobId.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jobId: job.jobId, status: job.status });
    expect(res.body.timeline.map((t: { eventType: string; offset: string }) => [t.eventType, t.offset])).toEqual([
      ['JobSubmitted', '102'], ['JobStarted', '101'], ['JobSucceeded', '100'],
    ]);
    expect(res.body.timeline[1]).toMatchObject({ attempt: 1, partition: 2, data: { x: 1 }, occurredAt: new Date(base + 1).toISOString() });
  });

  it('assembles stats with percentiles from the minute histograms', async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    const hist = (values: number[]) => values.reduce(latencyHistogram.record, latencyHistogram.emptyHistogram());
    const insert = (at: number, o: { submitted: number; succeeded: number; failed: number; durations: number[] }) => pool.query(
      `insert into job_stats_minute (minute, type, submitted, started, succeeded, failed, retried, duration_hist, queue_wait_hist, attempts_hist)
       values ($1, $2, $3, $3, $4, $5, 1, $6, $7, $8)`,
      [new Date(at), type, o.submitted, o.succeeded, o.failed, hist(o.durations), hist([3]), [o.succeeded, o.failed, 0, 0, 0, 0, 0, 0, 0, 0]]);
    await insert(minute, { submitted: 50, succeeded: 45, failed: 5, durations: Array(50).fill(10) });
    await insert(minute + 60_000, { submitted: 50, succeeded: 50, failed: 0, durations: Array(50).fill(2000) });
    await insert(minute - 2 * 3_600_000, { submitted: 1000, succeeded: 0, failed: 0, durations: [] }); // outside 1h

    const res = await get(`/v1/stats?window=1h&type=${type}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bucketSeconds: 60, totals: { submitted: 100, succeeded: 95, failed: 5, retried: 2, successRate: 0.95 } });
    expect(res.body.totals.throughputPerSec).toBeCloseTo(100 / 3600);
    const [byType] = res.body.byType;
    expect(byType).toMatchObject({ type, submitted: 100, attempts: { 1: 95, 2: 5 }, queueWaitMs: { p50: 3 } });
    expect(byType.durationMs.p50).toBeGreaterThanOrEqual(10);
    expect(byType.durationMs.p50).toBeLessThanOrEqual(12);
    expect(byType.durationMs.p99).toBeGreaterThanOrEqual(2000);
    expect(byType.durationMs.p99).toBeLessThanOrEqual(2400);
    expect(res.body.series).toHaveLength(60);
    expect(res.body.series.filter((s: { submitted: number }) => s.submitted).map((s: { t: string }) => s.t))
      .toEqual([new Date(minute).toISOString(), new Date(minute + 60_000).toISOString()]);
    const day = await get(`/v1/stats?window=24h&type=${type}`);
    expect(day.body).toMatchObject({ bucketSeconds: 900, totals: { submitted: 1100 } });
  });

  it('streams job changes over SSE, filtered, with the right headers', async () => {
    const controller = new AbortController();
    const res = await fetch(`${api.url}/v1/stream?type=${type}&access_token=${encodeURIComponent(testApiKey)}`, { signal: controller.signal, headers: { origin: 'http://127.0.0.1:3000' } });
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(res.headers.get('cache-control')).toMatch(/no-cache/);
      expect(res.headers.get('x-accel-buffering')).toBe('no');
      expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
      const reader = res.body!.getReader();
      let text = '';
      const read = async () => {
        const { value } = await reader.read();
        text += Buffer.from(value ?? []).toString('utf8');
        return text;
      };
      await waitFor(async () => (await read()).includes('retry: 2000'), { what: 'the retry line' });
      const jobId = randomUUID();
      const change = { jobId, type, status: 'running', eventType: 'JobStarted', attempts: 1, occurredAt: new Date().toISOString() };
      await pool.query(`select pg_notify('conveyor_job_changes', $1)`, [JSON.stringify({ ...change, type: 'someone-else' })]);
      await pool.query(`select pg_notify('conveyor_job_changes', $1)`, [JSON.stringify(change)]);
      await waitFor(async () => (await read()).includes(jobId), { what: 'the change on the stream' });
      const frame = text.split('\n\n').find((f) => f.includes(jobId))!;
      // Event ids are `<boot id>-<sequence>`, so a client resuming with Last-Event-ID after a restart is told to reload.
      expect(frame).toMatch(/^id: [0-9a-z]+-\d+\nevent: job\ndata: /);
      expect(JSON.parse(frame.split('data: ')[1]!)).toEqual(change);
      expect(text).not.toContain('someone-else');
      await waitFor(async () => (await read()).includes(': heartbeat'), { what: 'a heartbeat' });
    } finally {
      controller.abort();
    }
  });

  it('serves the OpenAPI document, health, readiness and metrics', async () => {
    expect((await get('/openapi.json')).body).toMatchObject({ openapi: '3.1.0', paths: { '/v1/jobs': {}, '/v1/stream': {} } });
    expect((await get('/readyz')).body).toMatchObject({ status: 'ready', checks: [{ name: 'postgres', ok: true }, { name: 'postgres-listen', ok: true }] });
    expect((await get('/healthz')).status).toBe(200);
    expect((await fetch(`${api.url}/v1/jobs`)).status).toBe(401);
    expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
    const metrics = await fetch(api.metricsUrl!);
    expect(await metrics.text()).toMatch(/http_requests_total\{[^}]*route="\/v1\/jobs\/:id"/);
  });
});
