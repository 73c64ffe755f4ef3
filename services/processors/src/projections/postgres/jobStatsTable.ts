import type { PoolClient } from '@conveyor/runtime';
import type { JobStatsDelta } from '@conveyor/read-model';
import { runWrites, type WritePart } from './batchWrites';

const counters = ['submitted', 'started', 'succeeded', 'failed', 'retried', 'cancelled', 'dead'] as const;
const hists = ['duration_hist', 'queue_wait_hist', 'attempts_hist'] as const;

// conveyor_int_array_add: packages/read-model/migrations/003_projections.sql.
// Rows go in (minute, type) order, so two partitions' transactions merging the same minutes lock them in the
// same order and never wait on each other in a cycle (deadlock).
const mergeSql = (json: string) => `
  insert into job_stats_minute (minute, type, ${counters.join(', ')}, ${hists.join(', ')})
  select minute, type, ${counters.join(', ')}, ${hists.join(', ')}
  from jsonb_to_recordset(${json}::jsonb) as r(minute timestamptz, type text, ${counters.map((c) => `${c} int`).join(', ')},
    ${hists.map((h) => `${h} int[]`).join(', ')})
  order by minute, type
  on conflict (minute, type) do update set
    ${counters.map((c) => `${c} = job_stats_minute.${c} + excluded.${c}`).join(', ')},
    ${hists.map((h) => `${h} = conveyor_int_array_add(job_stats_minute.${h}, excluded.${h})`).join(', ')}
  returning 1`;

/**
 * The write that adds a batch's deltas to `job_stats_minute`, creating missing minutes (a part of a
 * batch's one write statement); null for none. Deltas of one (minute, type) must be merged already
 * (`jobStatsDeltas`): a statement cannot update one row twice.
 */
export function mergeJobStatsPart(deltas: readonly JobStatsDelta[]): WritePart | null {
  if (!deltas.length) return null;
  const json = deltas.map((d) => ({
    minute: new Date(d.minute).toISOString(), type: d.type, submitted: d.submitted, started: d.started,
    succeeded: d.succeeded, failed: d.failed, retried: d.retried, cancelled: d.cancelled, dead: d.dead,
    duration_hist: d.durationHist, queue_wait_hist: d.queueWaitHist, attempts_hist: d.attemptsHist,
  }));
  return { name: 'stats_merged', sql: (param) => mergeSql(param(JSON.stringify(json))) };
}

/** Adds a batch's deltas to `job_stats_minute` (creating missing minutes), in one statement. */
export async function mergeJobStats(client: PoolClient, deltas: readonly JobStatsDelta[]): Promise<void> {
  const part = mergeJobStatsPart(deltas);
  if (part) await runWrites(client, [part]);
}
