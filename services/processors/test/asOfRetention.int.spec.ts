import { randomUUID } from 'node:crypto';
import { createReadModelSchema, migrate } from '@conveyor/read-model';
import { createPgPool } from '@conveyor/runtime';
import { stackEndpoints, uniqueTopicPrefix } from '@conveyor/testing';
import { dropExpiredSnapshots } from '../src/replay/dropExpiredSnapshots';

/** Issue 11: as-of snapshots are full schemas; the replay runner drops them after ASOF_RETENTION_HOURS. */
describe('as-of snapshot retention', () => {
  const pool = createPgPool({ url: stackEndpoints().databaseUrl, name: 'asof-retention-test', max: 2 });
  const topic = `${uniqueTopicPrefix()}conveyor.job-events`;
  const schema = (n: number) => `conveyor_asof_test_${randomUUID().slice(0, 8)}_${n}`;
  afterAll(async () => {
    const { rows } = await pool.query<{ schema_name: string }>('delete from replay_snapshots where topic = $1 returning schema_name', [topic]);
    for (const r of rows) await pool.query(`drop schema if exists ${r.schema_name} cascade`);
    await pool.query('delete from replay_runs where topic = $1', [topic]);
    await pool.end();
  });

  const snapshot = async (name: string, builtHoursAgo: number | null, createdHoursAgo: number, runId: string | null = null) => {
    const client = await pool.connect();
    try {
      await createReadModelSchema(client, name);
    } finally {
      client.release();
    }
    await pool.query(
      `insert into replay_snapshots (schema_name, topic, as_of, built_at, created_at, run_id)
       values ($1, $2, now(), now() - make_interval(hours => $3::int), now() - make_interval(hours => $4::int), $5)`,
      [name, topic, builtHoursAgo, createdHoursAgo, runId]);
    if (builtHoursAgo === null) await pool.query('update replay_snapshots set built_at = null where schema_name = $1', [name]);
  };
  const schemaExists = async (name: string) => (await pool.query('select 1 from information_schema.schemata where schema_name = $1', [name])).rowCount === 1;

  it('drops snapshots built, or begun and never built, longer ago than the retention; keeps recent ones and those a run still builds', async () => {
    await migrate(pool);
    const [old, fresh, abandoned, building] = [schema(1), schema(2), schema(3), schema(4)];
    const runId = randomUUID();
    await pool.query(`insert into replay_runs (id, kind, topic, options, requested_by, status) values ($1, 'as-of', $2, '{}', 'test', 'running')`, [runId, topic]);
    await snapshot(old, 30, 31);
    await snapshot(fresh, 1, 2);
    await snapshot(abandoned, null, 30);
    await snapshot(building, null, 30, runId);

    expect(await dropExpiredSnapshots(pool, topic, 24)).toEqual([old, abandoned].sort());
    expect([await schemaExists(old), await schemaExists(fresh), await schemaExists(abandoned), await schemaExists(building)]).toEqual([false, true, false, true]);
    const { rows } = await pool.query<{ schema_name: string }>('select schema_name from replay_snapshots where topic = $1 order by 1', [topic]);
    expect(rows.map((r) => r.schema_name)).toEqual([fresh, building].sort());
  });
});
