import { randomUUID } from 'node:crypto';
import type { JobEvent } from '@conveyor/events';
import { migrate } from '@conveyor/read-model';
import { createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName } from '@conveyor/testing';
import { applyBatch, projectionRegistry, type BatchMessage } from '../src/projections';
import { jobEvents as e } from '../src/projections/jobEventFixtures';

const endpoints = stackEndpoints();
let pool: Pool;

beforeAll(async () => {
  pool = createPgPool({ url: endpoints.databaseUrl, name: 'projector-partitions-test', max: 12 });
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
});

/**
 * Six partitions applied at once, as the projector does (partitionsConsumedConcurrently): every batch merges
 * into one statistics minute of two types, the partitions listing the types in opposite orders. Each partition
 * merges into rows of its own (097), so no transaction waits on another's: no deadlock, and the totals summed
 * over the partitions' rows are exact.
 */
it('applies partitions concurrently into the same statistics minute without deadlock, with exact totals', async () => {
  const topic = uniqueName('partitions-topic');
  const [typeA, typeB] = [uniqueName('pa'), uniqueName('pb')];
  const minute = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
  const partitions = 6;
  const jobsPerPartition = 40;
  const batchSize = 8;
  const ids: string[] = [];
  const logs = Array.from({ length: partitions }, (_, partition) => {
    const events: JobEvent[] = [];
    for (let j = 0; j < jobsPerPartition; j++) {
      const id = randomUUID();
      ids.push(id);
      // Even partitions list typeA's jobs first in each batch, odd ones typeB's.
      const type = (j % 2 === 0) === (partition % 2 === 0) ? typeA : typeB;
      const at = minute + 1_000 + j;
      events.push(e.submitted(id, at, { type }), e.started(id, at + 10), e.succeeded(id, at + 20, 1, 10));
    }
    return events.map((event, offset): BatchMessage => ({ offset: String(offset), event }));
  });

  const projections = projectionRegistry.jobEvents;
  await Promise.all(logs.map(async (messages, partition) => {
    for (let i = 0; i < messages.length; i += batchSize) {
      await applyBatch(pool, { projections, at: { topic, partition }, messages: messages.slice(i, i + batchSize), notify: false });
    }
  }));

  const stats = await pool.query<{ type: string; submitted: number; started: number; succeeded: number; n: number }>(
    `select type, sum(submitted)::int submitted, sum(started)::int started, sum(succeeded)::int succeeded,
            sum((select sum(x) from unnest(duration_hist) x))::int n
     from job_stats_minute where type = any($1) group by type order by type`, [[typeA, typeB]]);
  const half = (partitions * jobsPerPartition) / 2;
  expect(stats.rows).toEqual([typeA, typeB].sort().map((type) => ({ type, submitted: half, started: half, succeeded: half, n: half })));
  // One row per minute, type and partition: the partitions never shared a row.
  const rows = await pool.query<{ partition: number; n: number }>(
    'select partition, count(*)::int n from job_stats_minute where type = any($1) group by partition order by partition', [[typeA, typeB]]);
  expect(rows.rows).toEqual(logs.map((_, partition) => ({ partition, n: 2 })));
  const jobs = await pool.query<{ status: string; n: string }>('select status, count(*) n from jobs where job_id = any($1) group by status', [ids]);
  expect(jobs.rows).toEqual([{ status: 'succeeded', n: String(ids.length) }]);
  const offsets = await pool.query<{ partition: number; next: string }>(
    'select distinct partition, next_offset next from projection_offsets where topic = $1 order by partition', [topic]);
  expect(offsets.rows).toEqual(logs.map((m, partition) => ({ partition, next: String(m.length) })));
});
