import { migrate } from '@conveyor/read-model';
import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { openFrom, requestFrom, stackEndpoints, uniqueLoopbackAddress, waitFor } from '@conveyor/testing';
import { loadConfig } from '../src/config';
import { startQueryApi, type QueryApi } from '../src/main';

/**
 * Issue 11, limits of the query API against the real Postgres: the read rate limit, the SSE connection
 * caps, statement_timeout → 503, and the shortest search. Each test is an anonymous client of its own
 * (its own loopback source address).
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
      DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SSE_HEARTBEAT_MS: '200',
      RATE_LIMIT_READ_PER_SECOND: '2', RATE_LIMIT_READ_BURST: '3',
      STREAM_MAX_CONNECTIONS: '3', STREAM_MAX_CONNECTIONS_PER_PRINCIPAL: '2',
      PG_STATEMENT_TIMEOUT_MS: '300',
    }),
    PORT: 0,
  }, { logger });
});

afterAll(async () => {
  await api?.close();
  await pool?.end();
});

describe('read rate limit', () => {
  it('limits the expensive reads (429 with Retry-After and RateLimit headers), not the cheap ones, and recovers', async () => {
    const me = uniqueLoopbackAddress();
    const list = () => requestFrom(me, `${api.url}/v1/jobs?limit=1`);
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
    expect((await requestFrom(me, `${api.url}/v1/stats`)).status).toBe(429);
    expect((await requestFrom(me, `${api.url}/v1/dead-letters`)).status).toBe(429);
    const cheap = await requestFrom(me, `${api.url}/v1/schedules`);
    expect(cheap.status).toBe(200);
    expect(cheap.headers.ratelimit).toBeUndefined();
    await waitFor(async () => (await list()).status === 200, { what: 'the job list answered again', intervalMs: 250 });
  });
});

describe('SSE connection caps', () => {
  it('answers 429 beyond the per-principal cap and frees the slot when a client disconnects', async () => {
    const me = uniqueLoopbackAddress();
    const url = `${api.url}/v1/stream`;
    const a = await openFrom(me, url);
    const b = await openFrom(me, url);
    expect([a.status, b.status]).toEqual([200, 200]);
    const third = await requestFrom(me, url);
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ code: 'TOO_MANY_STREAMS', title: 'Too many open streams' });
    expect(third.headers['retry-after']).toBeDefined();
    a.close();
    let again: { status: number; close: () => void } | undefined;
    await waitFor(async () => {
      const tried = await openFrom(me, url);
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
    await waitFor(async () => /conveyor_stream_connections\{[^}]*\} 0/.test(await (await fetch(`${api.url}/metrics`)).text()), { what: 'no open stream' });
    const open = [await openFrom(uniqueLoopbackAddress(), url), await openFrom(uniqueLoopbackAddress(), url), await openFrom(uniqueLoopbackAddress(), url)];
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);
    expect((await requestFrom(uniqueLoopbackAddress(), url)).status).toBe(429);
    expect(await (await fetch(`${api.url}/metrics`)).text()).toMatch(/conveyor_stream_connections\{[^}]*\} 3/);
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
      const res = await requestFrom(uniqueLoopbackAddress(), `${api.url}/v1/jobs?limit=1`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
      expect(res.headers['retry-after']).toBe('1');
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    expect((await requestFrom(uniqueLoopbackAddress(), `${api.url}/v1/jobs?limit=1`)).status).toBe(200);
  });
});

describe('job search', () => {
  it('refuses a q shorter than 3 characters with a 400 naming the parameter', async () => {
    const res = await requestFrom(uniqueLoopbackAddress(), `${api.url}/v1/jobs?q=ab`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'q', message: 'at least 3 characters' }] });
    expect((await requestFrom(uniqueLoopbackAddress(), `${api.url}/v1/jobs?q=abc`)).status).toBe(200);
  });
});
