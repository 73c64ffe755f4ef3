import type { PoolClient } from '@conveyor/runtime';
import type { JobStatsDelta } from '@conveyor/read-model';

const counters = ['submitted', 'started', 'succeeded', 'failed', 'retried', 'cancelled', 'dead'] as const;
const hists = ['duration_hist', 'queue_wait_hist', 'attempts_hist'] as const;

// conveyor_int_array_add: packages/read-model/migrations/003_projections.sql.
const mergeSql = `
  insert into job_stats_minute (minute, type, ${counters.join(', ')}, ${hists.join(', ')})
  select minute, type, ${counters.join(', ')}, ${hists.join(', ')}
  from jsonb_to_recordset($1::jsonb) as r(minute timestamptz, type text, ${counters.map((c) => `${c} int`).join(', ')},
    ${hists.map((h) => `${h} int[]`).join(', ')})
  order by minute, type
  on conflict (minute, type) do update set
    ${counters.map((c) => `${c} = job_stats_minute.${c} + excluded.${c}`).join(', ')},
    ${hists.map((h) => `${h} = conveyor_int_array_add(job_stats_minute.${h}, excluded.${h})`).join(', ')}`;

/** Adds a batch's deltas to `job_stats_minute` (creating missing minutes), in one statement. */
export async function mergeJobStats(client: PoolClient, deltas: readonly JobStatsDelta[]): Promise<void> {
  if (!deltas.length) return;
  const json = deltas.map((d) => ({
    minute: new Date(d.minute).toISOString(), type: d.type, submitted: d.submitted, started: d.started,
    succeeded: d.succeeded, failed: d.failed, retried: d.retried, cancelled: d.cancelled, dead: d.dead,
    duration_hist: d.durationHist, queue_wait_hist: d.queueWaitHist, attempts_hist: d.attemptsHist,
  }));
  await client.query(mergeSql, [JSON.stringify(json)]);
}
