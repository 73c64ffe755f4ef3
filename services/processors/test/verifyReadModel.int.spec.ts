import { randomBytes } from 'node:crypto';
import { createReadModelSchema, dropReadModelSchema, migrate } from '@conveyor/read-model';
import { createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints } from '@conveyor/testing';
import { comparedTables, verifyReadModel } from '../src/replay/verifyReadModel';

// A rebuild's verification of the statistics, against Postgres: it compares what readers see (the sums of a
// minute and type), not how the counts split over partitions' rows (rows written before 097 hold them all in 0).
const [live, rebuilt] = ['live', 'rebuilt'].map((s) => `conveyor_verify_${s}_${randomBytes(3).toString('hex')}`) as [string, string];
const statsTable = comparedTables.filter((t) => t.table === 'job_stats_minute');
let pool: Pool;

beforeAll(async () => {
  pool = createPgPool({ url: stackEndpoints().databaseUrl, name: 'verify-read-model-test', max: 4 });
  await migrate(pool);
  const client = await pool.connect();
  try {
    for (const schema of [live, rebuilt]) await createReadModelSchema(client, schema);
  } finally {
    client.release();
  }
});

afterAll(async () => {
  const client = await pool.connect();
  for (const schema of [live, rebuilt]) await dropReadModelSchema(client, schema).catch(() => undefined);
  client.release();
  await pool.end();
});

const insert = (schema: string, partition: number, submitted: number, hist: number[]) => pool.query(
  `insert into ${schema}.job_stats_minute (minute, type, partition, submitted, duration_hist, queue_wait_hist, attempts_hist)
   values ('2026-12-03T10:00:00Z', 'noop', $1, $2, $3, '{}', '{}')`, [partition, submitted, hist]);

describe('verifying a rebuilt job_stats_minute', () => {
  it('finds one legacy row equal to per-partition rows with the same sums, and tells a different sum apart', async () => {
    await insert(live, 0, 5, [1, 2, 2]);
    await insert(rebuilt, 1, 2, [1, 0]);
    await insert(rebuilt, 4, 3, [0, 2, 2]);
    const same = await verifyReadModel(pool, { live, rebuilt, tables: statsTable });
    expect(same.tables).toEqual([expect.objectContaining({ table: 'job_stats_minute', liveRows: 1, rebuiltRows: 1, equal: true })]);

    await pool.query(`update ${rebuilt}.job_stats_minute set submitted = submitted + 1 where partition = 4`);
    const differs = await verifyReadModel(pool, { live, rebuilt, tables: statsTable });
    expect(differs.equal).toBe(false);
    expect(differs.tables[0]).toMatchObject({ differingRows: 1, sampleKeys: [{ key: '2026-12-03T10:00 noop', missingFrom: null }] });
  });
});
