import type { PoolClient } from '@conveyor/runtime';
import type { JobStatsDelta } from '@conveyor/read-model';
import { runWrites, type WritePart } from './batchWrites';

const counters = ['submitted', 'started', 'succeeded', 'failed', 'retried', 'cancelled', 'dead'] as const;
const hists = ['duration_hist', 'queue_wait_hist', 'attempts_hist'] as const;

// conveyor_int_array_add: packages/read-model/migrations/003_projections.sql.
// Each job-events partition merges into rows of its own (097_job_stats_per_partition.sql), so partitions applied
// in parallel never wait on each other's rows; readers sum a minute's rows. Rows still go in (minute, type) order,
// so two batches of one partition (a rebalance's overlap) lock them in the same order (no deadlock).
const mergeSql = (json: string, partition: string) => `
  insert into job_stats_minute (minute, type, partition, ${counters.join(', ')}, ${hists.join(', ')})
  select minute, type, ${partition}::int, ${counters.join(', ')}, ${hists.join(', ')}
  from jsonb_to_recordset(${json}::jsonb) as r(minute timestamptz, type text, ${counters.map((c) => `${c} int`).join(', ')},
    ${hists.map((h) => `${h} int[]`).join(', ')})
  order by minute, type
  on conflict (minute, type, partition) do update set
    ${counters.map((c) => `${c} = job_stats_minute.${c} + excluded.${c}`).join(', ')},
    ${hists.map((h) => `${h} = conveyor_int_array_add(job_stats_minute.${h}, excluded.${h})`).join(', ')}
  returning 1`;

/**
 * The write that adds a batch's deltas to `job_stats_minute`, in the rows of the batch's job-events
 * `partition`, creating missing minutes (a part of a batch's one write statement); null for none. Deltas
 * of one (minute, type) must be merged already (`jobStatsDeltas`): a statement cannot update one row twice.
 */
export function mergeJobStatsPart(deltas: readonly JobStatsDelta[], partition: number): WritePart | null {
  if (!deltas.length) return null;
  const json = deltas.map((d) => ({
    minute: new Date(d.minute).toISOString(), type: d.type, submitted: d.submitted, started: d.started,
    succeeded: d.succeeded, failed: d.failed, retried: d.retried, cancelled: d.cancelled, dead: d.dead,
    duration_hist: d.durationHist, queue_wait_hist: d.queueWaitHist, attempts_hist: d.attemptsHist,
  }));
  return { name: 'stats_merged', sql: (param) => mergeSql(param(JSON.stringify(json)), param(partition)) };
}

/**
 * The rows of `job_stats_minute` in `schema` summed per minute and type, as every reader sees them (a select;
 * `schema` must be a checked name): how counts split over partitions' rows is not the read model's content.
 */
export const jobStatsSumsSql = (schema: string) => `
  select minute, type, ${counters.map((c) => `sum(${c}) ${c}`).join(', ')}, ${hists.map((h) => `conveyor_int_array_sum(${h}) ${h}`).join(', ')}
  from ${schema}.job_stats_minute group by minute, type`;

/** Adds a batch's deltas to the rows of its job-events `partition` in `job_stats_minute` (creating missing minutes), in one statement. */
export async function mergeJobStats(client: PoolClient, deltas: readonly JobStatsDelta[], partition: number): Promise<void> {
  const part = mergeJobStatsPart(deltas, partition);
  if (part) await runWrites(client, [part]);
}
