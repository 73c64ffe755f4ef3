import type { Pool } from '@conveyor/runtime';
import type { DeadLetterState } from '@conveyor/domain';

/** Which dead letters a requeue by filter selects. */
export interface DeadLetterFilter {
  type: string | null;
  cause: string | null;
  /** Dead-lettered at or after / before, epoch milliseconds. */
  since: number | null;
  until: number | null;
  limit: number;
}

const select = `
  select d.id, d.job_id, d.status, j.status as job_status, j.attempts as job_attempts,
         (select count(*)::int from job_events e where e.job_id = d.job_id and e.event_type = 'JobRequeued') as requeues
  from dead_letters d left join jobs j on j.job_id = d.job_id`;

interface Row { id: string; job_id: string | null; status: DeadLetterState['status']; job_status: string | null; job_attempts: number | null; requeues: number }

const toState = (r: Row): DeadLetterState => ({
  id: r.id, jobId: r.job_id, status: r.status, requeues: r.requeues,
  job: r.job_status === null ? null : { status: r.job_status, attempts: r.job_attempts ?? 0 },
});

/** Loads dead letters and their jobs from the read models (internal). */
export function createDeadLetterStore(deps: { pool: Pool }) {
  return {
    /** By dead-letter id, else the newest letter of the job with that id (the API takes either, docs/architecture.md). */
    async load(id: string): Promise<DeadLetterState | null> {
      const byId = await deps.pool.query<Row>(`${select} where d.id = $1 and d.created_at is not null`, [id]);
      if (byId.rows[0]) return toState(byId.rows[0]);
      const byJob = await deps.pool.query<Row>(`${select} where d.job_id = $1 and d.created_at is not null order by d.created_at desc limit 1`, [id]);
      return byJob.rows[0] ? toState(byJob.rows[0]) : null;
    },
    /** The `dead` letters of jobs that a filter selects, oldest first. */
    async select(f: DeadLetterFilter): Promise<DeadLetterState[]> {
      const values: unknown[] = [];
      const param = (v: unknown) => `$${values.push(v)}`;
      const where = [`d.status = 'dead'`, 'd.job_id is not null', 'd.created_at is not null'];
      if (f.type !== null) where.push(`d.type = ${param(f.type)}`);
      if (f.cause !== null) where.push(`d.cause = ${param(f.cause)}`);
      if (f.since !== null) where.push(`d.created_at >= ${param(new Date(f.since).toISOString())}::timestamptz`);
      if (f.until !== null) where.push(`d.created_at < ${param(new Date(f.until).toISOString())}::timestamptz`);
      const { rows } = await deps.pool.query<Row>(`${select} where ${where.join(' and ')} order by d.created_at, d.id limit ${param(f.limit)}`, values);
      return rows.map(toState);
    },
  };
}

export type DeadLetterStore = ReturnType<typeof createDeadLetterStore>;
