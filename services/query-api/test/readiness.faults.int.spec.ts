import pino from 'pino';
import { ensureDatabase } from '@conveyor/read-model';
import { createPgPool } from '@conveyor/runtime';
import { stackEndpoints } from '@conveyor/testing';
import { loadConfig } from '../src/config';
import { startQueryApi, type QueryApi } from '../src/main';

/**
 * Issue 14, defect 6: the query API's readiness includes its LISTEN connection (the live stream and the
 * read-your-writes waiter depend on it). Real Postgres; the connection is terminated with
 * pg_terminate_backend on a database of this test's own, so no other query API's connection is touched.
 */
describe('query API readiness and its LISTEN connection (real Postgres)', () => {
  const own = new URL(stackEndpoints().databaseUrl);
  own.pathname = '/conveyor_readiness_faults';
  const databaseUrl = own.toString();
  const admin = createPgPool({ url: databaseUrl, name: 'readiness-faults-admin', max: 1 });
  let api: QueryApi;
  let seenNotReady = false;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    api = await startQueryApi({ ...loadConfig({ DATABASE_URL: databaseUrl, HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), PORT: 0 }, { logger: pino({ level: 'silent' }), metricsPort: null });
  });
  afterAll(async () => {
    await api?.close();
    await admin.end();
  });

  const ready = async () => (await fetch(`${api.url}/readyz`)).status === 200;

  it('given the LISTEN connection is terminated, then readiness is false until it is back, within 5 s', async () => {
    expect(await ready()).toBe(true);
    const { rowCount } = await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'query-api-listen' and pid <> pg_backend_pid()`,
    );
    expect(rowCount).toBeGreaterThan(0);
    const started = Date.now();
    while (Date.now() - started < 5_000) {
      if (!(await ready())) seenNotReady = true;
      else if (seenNotReady) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seenNotReady).toBe(true);
    expect(await ready()).toBe(true);
  });
});
