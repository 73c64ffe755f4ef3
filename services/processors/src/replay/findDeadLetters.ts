import type { Backoff, JobPriority } from '@conveyor/events';
import type { Pool } from '@conveyor/runtime';
import { checkSchemaName } from '../projections';

/** A dead letter not re-driven yet: the job's last JobDeadLettered, the job still dead (public). */
export interface DeadLetter {
  /** The JobDeadLettered event id. */
  deadLetterId: string;
  jobId: string;
  type: string;
  cause: string;
  attempt: number;
  deadLetteredAt: number;
  /** Re-drives of this job before this one (any path: this tool or a requeue through the API). */
  priorRedrives: number;
  job: {
    payload: unknown; priority: JobPriority; maxAttempts: number; timeoutMs: number | null; concurrencyKey: string | null;
    backoff: Backoff; submittedAt: number; traceparent: string | null;
  };
}

/** Which dead letters a redrive takes. */
export interface DeadLetterFilter {
  topic: string;
  type?: string;
  cause?: string;
  /** Only letters dead-lettered at or after this instant (epoch milliseconds). */
  since?: number;
  /** The read-model schema; default `public`. */
  schema?: string;
  /** This dead letter only, whether re-driven or not (a recorded re-drive published again). */
  deadLetterId?: string;
}

/**
 * Reads the dead letters to re-drive from the job read models (public). Source: the JobDeadLettered
 * events of the timeline (job_events, which carries the topic, so prefixes stay apart) of jobs whose
 * status is still `dead`, minus those recorded in replay_redrives and those the `dead_letters` read model
 * (008) shows discarded or requeued. TODO(dead letters): read `dead_letters` itself once it can be
 * filtered by topic (it has no topic column; origin_topic is the work topic).
 */
export async function findDeadLetters(pool: Pool, filter: DeadLetterFilter): Promise<DeadLetter[]> {
  const s = checkSchemaName(filter.schema ?? 'public');
  const { rows } = await pool.query<{
    event_id: string; job_id: string; type: string; cause: string; attempt: number; occurred_at: Date; prior: number;
    payload: unknown; priority: JobPriority; max_attempts: number; timeout_ms: number | null; concurrency_key: string | null;
    backoff: Backoff; submitted_at: Date;
  }>(
    `select d.event_id, d.job_id, j.type, d.data->>'cause' as cause, coalesce(d.attempt, j.attempts) as attempt, d.occurred_at,
            greatest((select max(redrive_count) from replay_redrives r where r.job_id = d.job_id),
                     (select max((e.data->>'redriveCount')::int) from ${s}.job_events e where e.job_id = d.job_id and e.event_type = 'JobRequeued'),
                     0) as prior,
            j.payload, j.priority, j.max_attempts, j.timeout_ms, j.concurrency_key, j.backoff, j.submitted_at
     from (select distinct on (job_id) * from ${s}.job_events
           where event_type = 'JobDeadLettered' and topic = $1 and ($5::uuid is null or event_id = $5)
           order by job_id, occurred_at desc, "offset" desc) d
     join ${s}.jobs j on j.job_id = d.job_id
     where ($5::uuid is not null or (j.status = 'dead'
            and not exists (select 1 from replay_redrives r where r.dead_letter_event_id = d.event_id)
            -- Discarded (or requeued) through the dead-letter endpoints: not ours to send (008_dead_letters.sql).
            and not exists (select 1 from public.dead_letters dl where dl.id = d.event_id and dl.status <> 'dead')))
       and ($2::text is null or j.type = $2) and ($3::text is null or d.data->>'cause' = $3)
       and ($4::timestamptz is null or d.occurred_at >= $4)
     order by d.occurred_at, d.job_id`,
    [filter.topic, filter.type ?? null, filter.cause ?? null, filter.since === undefined ? null : new Date(filter.since).toISOString(), filter.deadLetterId ?? null]);
  return rows.map((r) => ({
    deadLetterId: r.event_id, jobId: r.job_id, type: r.type, cause: r.cause, attempt: r.attempt,
    deadLetteredAt: r.occurred_at.getTime(), priorRedrives: Number(r.prior),
    job: {
      payload: r.payload, priority: r.priority, maxAttempts: r.max_attempts, timeoutMs: r.timeout_ms,
      concurrencyKey: r.concurrency_key, backoff: r.backoff, submittedAt: r.submitted_at.getTime(),
      traceparent: null,
    },
  }));
}
