import pino from 'pino';
import { ensureDatabase } from '@conveyor/read-model';
import { createPgPool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName } from '@conveyor/testing';
import { loadConfig } from '../src/config';
import { startQueryApi, type QueryApi } from '../src/main';

/**
 * Issue 16: in Kubernetes the query API's DATABASE_URL goes through PgBouncer in transaction pooling, which
 * delivers no notifications, so its LISTEN connection opens at DATABASE_LISTEN_URL (straight to Postgres).
 * Real Postgres, on a database of this test's own; the LISTEN URL names a login role of this test's own, so
 * pg_stat_activity tells which URL each connection was opened with.
 */
describe('query API LISTEN connection at DATABASE_LISTEN_URL (real Postgres)', () => {
  const own = new URL(stackEndpoints().databaseUrl);
  own.pathname = '/conveyor_listen_url';
  const databaseUrl = own.toString();
  const listenRole = uniqueName('conveyor_listen').replace('-', '_');
  const listenUrl = new URL(databaseUrl);
  listenUrl.username = listenRole;
  listenUrl.password = '';
  const admin = createPgPool({ url: databaseUrl, name: 'listen-url-admin', max: 1 });
  let api: QueryApi | undefined;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    await admin.query(`create role ${listenRole} login`);
    api = await startQueryApi(
      { ...loadConfig({ DATABASE_URL: databaseUrl, DATABASE_LISTEN_URL: listenUrl.toString(), HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), PORT: 0 },
      { logger: pino({ level: 'silent' }), metricsPort: null },
    );
  });
  afterAll(async () => {
    await api?.close();
    await admin.query(`drop role if exists ${listenRole}`);
    await admin.end();
  });

  it('opens the LISTEN connection with DATABASE_LISTEN_URL and the query pool with DATABASE_URL', async () => {
    // Readiness asks Postgres through the pool and checks the LISTEN connection.
    expect((await fetch(`${api!.url}/readyz`)).status).toBe(200);
    const { rows } = await admin.query<{ application_name: string; usename: string }>(
      `select application_name, usename from pg_stat_activity
        where datname = current_database() and application_name in ('query-api-listen', 'query-api') order by 1, 2`,
    );
    expect(rows.filter((r) => r.application_name === 'query-api-listen')).toEqual([{ application_name: 'query-api-listen', usename: listenRole }]);
    expect(new Set(rows.filter((r) => r.application_name === 'query-api').map((r) => r.usename))).toEqual(new Set([own.username]));
  });

  it('refuses a DATABASE_LISTEN_URL that is not a postgres:// URL', () => {
    expect(() => loadConfig({ DATABASE_LISTEN_URL: 'mysql://x' })).toThrow('DATABASE_LISTEN_URL');
  });
});
