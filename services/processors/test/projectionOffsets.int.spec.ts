import { migrate } from '@conveyor/read-model';
import { createPgPool, withTransaction, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName } from '@conveyor/testing';
import { lockNextOffset, skipToOffset } from '../src/projections/postgres/projectionOffsets';

const endpoints = stackEndpoints();

describe('skipToOffset: a batch with nothing to apply moves the offsets in one statement (real Postgres)', () => {
  let pool: Pool;
  const stored = async (projections: string[], topic: string) => (await pool.query<{ projection: string; next_offset: string }>(
    'select projection, next_offset from projection_offsets where projection = any($1) and topic = $2 order by projection', [projections, topic])).rows
    .map((r) => [r.projection, Number(r.next_offset)]);

  beforeAll(async () => {
    pool = createPgPool({ url: endpoints.databaseUrl, name: 'projection-offsets-test' });
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('creates the rows of a new partition, moves them forward, and never back', async () => {
    const topic = uniqueName('offsets');
    const at = { topic, partition: 2 };
    const names = ['dl_a', 'dl_b'];
    await skipToOffset(pool, names, at, 5n);
    expect(await stored(names, topic)).toEqual([['dl_a', 5], ['dl_b', 5]]);
    await skipToOffset(pool, names, at, 9n);
    expect(await stored(names, topic)).toEqual([['dl_a', 9], ['dl_b', 9]]);
    await skipToOffset(pool, names, at, 7n);
    expect(await stored(names, topic)).toEqual([['dl_a', 9], ['dl_b', 9]]);
    // The transactional path reads what it left: the batch after it starts at 9.
    expect(await withTransaction(pool, (tx) => lockNextOffset(tx, names, at))).toBe(9n);
  });

  it('waits for a batch transaction holding the offsets, and never moves back past what it saved', async () => {
    const topic = uniqueName('offsets');
    const at = { topic, partition: 0 };
    const names = ['dl_c'];
    await skipToOffset(pool, names, at, 3n);
    const tx = await pool.connect();
    try {
      await tx.query('begin');
      expect(await lockNextOffset(tx, names, at)).toBe(3n);
      const skipping = skipToOffset(pool, names, at, 8n);
      await tx.query("update projection_offsets set next_offset = 10 where projection = 'dl_c' and topic = $1 and partition = 0", [topic]);
      await tx.query('commit');
      await skipping;
    } finally {
      tx.release();
    }
    expect(await stored(names, topic)).toEqual([['dl_c', 10]]);
    await skipToOffset(pool, names, at, 12n);
    expect(await stored(names, topic)).toEqual([['dl_c', 12]]);
  });
});
