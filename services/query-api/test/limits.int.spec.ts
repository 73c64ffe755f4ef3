import { migrate } from '@conveyor/read-model';
import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { authHeaders, insertApiKey, openFrom, requestFrom, stackEndpoints, testApiKey, uniqueLoopbackAddress, waitFor } from '@conveyor/testing';
import { loadConfig } from '../src/config';
import { startQueryApi, type QueryApi } from '../src/main';

/**
 * Issue 11, limits of the query API against the real Postgres: the read rate limit, the SSE connection
 * caps, statement_timeout → 503, and the shortest search. Each test is a principal of its own (an API
 * key stored for it), from a loopback address of its own.
 */
const { databaseUrl } = stackEndpoints();
const logger = createLogger({ service: 'query-api-limits-test', level: 'silent' });
let pool: Pool;
let api: QueryApi;

beforeAll(async () => {
  pool = createPgPool({ url: databaseUrl, name: 'query-api-limits-test', max: 2 });
  await migrate(pool);
  api = await startQueryApi({
    ...loadConfig({
      DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SSE_HEARTBEAT_MS: '200', AUTH_BOOTSTRAP_API_KEY: testApiKey,
      RATE_LIMIT_READ_PER_SECOND: '2', RATE_LIMIT_READ_BURST: '3',
      STREAM_MAX_CONNECTIONS: '3', STREAM_MAX_CONNECTIONS_PER_PRINCIPAL: '2',
      PG_STATEMENT_TIMEOUT_MS: '300',
    }),
    PORT: 0,
  }, { logger, metricsPort: 0 });
});

/** The Authorization header of a new viewer key: a principal of its own. */
const viewer = async () => ({ authorization: `Bearer ${(await insertApiKey(pool, { roles: ['viewer'] })).key}` });
const streamGauge = async () => /conveyor_stream_connections\{[^}]*\} (\d+)/.exec(await api.metrics.registry.metrics())?.[1];

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

describe('read rate limit', () => {
  it('limits the expensive reads (429 with Retry-After and RateLimit headers), not the cheap ones, and recovers', async () => {
    const me = uniqueLoopbackAddress();
    const headers = await viewer();
    const list = () => requestFrom(me, `${api.url}/v1/jobs?limit=1`, { headers });
    const first = await list();
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"read";q=3;w=2');
    expect(first.headers.ratelimit).toBe('"read";r=2;t=1');
    await list();
    await list();
    let refused = await list();
    // The bucket refills 2 tokens a second: a slow machine may have earned one meanwhile.
    if (refused.status === 200) refused = await list();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers.ratelimit).toMatch(/^"read";r=0;t=\d+$/);
    // Stats and dead letters share the read bucket; a single job or the schedules do not.
    expect((await requestFrom(me, `${api.url}/v1/stats`, { headers })).status).toBe(429);
    expect((await requestFrom(me, `${api.url}/v1/dead-letters`, { headers })).status).toBe(429);
    const cheap = await requestFrom(me, `${api.url}/v1/schedules`, { headers });
    expect(cheap.status).toBe(200);
    expect(cheap.headers.ratelimit).toBeUndefined();
    await waitFor(async () => (await list()).status === 200, { what: 'the job list answered again', intervalMs: 250 });
  });
});

describe('SSE connection caps', () => {
  it('answers 429 beyond the per-principal cap and frees the slot when a client disconnects', async () => {
    const me = uniqueLoopbackAddress();
    const headers = await viewer();
    const url = `${api.url}/v1/stream`;
    const a = await openFrom(me, url, headers);
    const b = await openFrom(me, url, headers);
    expect([a.status, b.status]).toEqual([200, 200]);
    const third = await requestFrom(me, url, { headers });
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ code: 'TOO_MANY_STREAMS', title: 'Too many open streams' });
    expect(third.headers['retry-after']).toBeDefined();
    a.close();
    let again: { status: number; close: () => void } | undefined;
    await waitFor(async () => {
      const tried = await openFrom(me, url, headers);
      if (tried.status === 200) again = tried;
      else tried.close();
      return tried.status === 200;
    }, { what: 'a stream slot freed by the disconnect', intervalMs: 100 });
    again?.close();
    b.close();
  });

  it('answers 429 beyond the total cap, whoever asks, and reports the open streams as a gauge', async () => {
    const url = `${api.url}/v1/stream`;
    // Slots freed by the previous test's closes may take a moment: wait for an empty server first.
    await waitFor(async () => (await streamGauge()) === '0', { what: 'no open stream' });
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await openFrom(uniqueLoopbackAddress(), url, await viewer()));
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    expect((await requestFrom(uniqueLoopbackAddress(), url, { headers: await viewer() })).status).toBe(429);
    expect(await streamGauge()).toBe('3');
    for (const s of open) s.close();
  });
});

describe('statement_timeout', () => {
  it('answers 503 problem+json with Retry-After when a query runs past PG_STATEMENT_TIMEOUT_MS', async () => {
    const holder = await pool.connect();
    try {
      // Another session holds the jobs table: the list query waits on the lock until its timeout cancels it.
      await holder.query('begin');
      await holder.query('lock table jobs in access exclusive mode');
      const res = await requestFrom(uniqueLoopbackAddress(), `${api.url}/v1/jobs?limit=1`, { headers: authHeaders() });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    expect((await requestFrom(uniqueLoopbackAddress(), `${api.url}/v1/jobs?limit=1`, { headers: authHeaders() })).status).toBe(200);
  });
});

describe('job search', () => {
  it('refuses a q shorter than 3 characters with a 400 naming the parameter', async () => {
    const headers = await viewer();
    const res = await requestFrom(uniqueLoopbackAddress(), `${api.url}/v1/jobs?q=ab`, { headers });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'q', message: 'at least 3 characters' }] });
    expect((await requestFrom(uniqueLoopbackAddress(), `${api.url}/v1/jobs?q=abc`, { headers })).status).toBe(200);
  });
});
