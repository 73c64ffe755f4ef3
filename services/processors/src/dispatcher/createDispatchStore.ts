import type { JobWorkItem } from '@conveyor/events';
import { queueWorkTopics } from '@conveyor/kafka';
import { prepared, withTransaction, type Pool } from '@conveyor/runtime';
import { withQueue } from './workItems';

/** Forgets the jobs of $3 and remembers the first work items of $1 (ids) and $2 (items), idempotently. */
const rememberAndForgetSql = `with forgotten as (delete from dispatch_jobs where job_id = any($3::uuid[]))
  insert into dispatch_jobs (job_id, work_item)
  select * from unnest($1::uuid[], $2::jsonb[]) on conflict (job_id) do nothing`;

/** Most timers fired in one transaction. */
export const timerBatchSize = 500;

/**
 * The dispatcher's SQL (migration 002): remembered first work items, timers, cancellations. Timers
 * record their target work topic (their queue's, of their priority), and the timer loop fires only the
 * rows of its own topic prefix's work topics, every queue's.
 */
export function createDispatchStore(deps: { pool: Pool; topicPrefix: string }) {
  // `conveyor.job-work.<priority>` and `conveyor.job-work.<queue>.<priority>` under this prefix, LIKE-escaped.
  const workTopicsLike = `${deps.topicPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}conveyor.job-work.%`;
  return {
    async loadFirstItems(jobIds: string[]): Promise<Map<string, JobWorkItem>> {
      if (!jobIds.length) return new Map();
      const { rows } = await deps.pool.query<{ job_id: string; work_item: JobWorkItem }>(
        'select job_id, work_item from dispatch_jobs where job_id = any($1::uuid[])', [jobIds]);
      return new Map(rows.map((r) => [r.job_id, withQueue(r.work_item)]));
    },

    /**
     * Applies one batch's changes atomically (every statement is idempotent under redelivery): one statement
     * for a batch of submissions and successes, a transaction when it also has timers or cancellations.
     */
    async apply(change: { remember: JobWorkItem[]; schedule: JobWorkItem[]; cancel: Array<{ jobId: string; at: number }>; forget: string[] }): Promise<void> {
      const forget = new Set(change.forget);
      const remember = change.remember.filter((i) => !forget.has(i.jobId));
      if (!remember.length && !change.schedule.length && !change.cancel.length && !forget.size) return;
      // Remembered and forgotten jobs in ONE statement, atomic on its own: the two sets are disjoint (a job
      // forgotten in this batch is not remembered), and they touch no table the timers and cancellations do.
      const rememberAndForget = [remember.map((i) => i.jobId), remember.map((i) => JSON.stringify(i)), [...forget]];
      // The common batch (submissions, successes) needs nothing else: no transaction of four round trips.
      if (!change.schedule.length && !change.cancel.length) {
        await deps.pool.query(prepared(rememberAndForgetSql, rememberAndForget));
        return;
      }
      await withTransaction(deps.pool, async (client) => {
        if (remember.length || forget.size) await client.query(prepared(rememberAndForgetSql, rememberAndForget));
        if (change.schedule.length) {
          const s = change.schedule;
          await client.query(
            `insert into job_timers (job_id, attempt, due_at, topic, work_item)
             select j, a, to_timestamp(d / 1000.0), t, w from unnest($1::uuid[], $2::int[], $3::float8[], $4::text[], $5::jsonb[]) as x(j, a, d, t, w)
             on conflict (job_id, attempt) do nothing`,
            [s.map((i) => i.jobId), s.map((i) => i.attempt), s.map((i) => i.dueAt), s.map((i) => queueWorkTopics(deps.topicPrefix, i.queue)[i.priority]), s.map((i) => JSON.stringify(i))]);
        }
        if (change.cancel.length) {
          const ids = change.cancel.map((c) => c.jobId);
          await client.query('delete from job_timers where job_id = any($1::uuid[])', [ids]);
          await client.query(
            `insert into job_cancellations (job_id, cancelled_at)
             select j, to_timestamp(a / 1000.0) from unnest($1::uuid[], $2::float8[]) as x(j, a) on conflict (job_id) do nothing`,
            [ids, change.cancel.map((c) => c.at)]);
        }
      });
    },

    /**
     * Fires up to {@link timerBatchSize} due timers: selects them (skipping rows another transaction
     * holds), publishes their work items, deletes them, and commits last, so a crash duplicates at
     * worst (harmless: executor claims are unique). Returns how many fired.
     */
    async fireDue(publish: (items: JobWorkItem[]) => Promise<void>): Promise<number> {
      return withTransaction(deps.pool, async (client) => {
        const { rows } = await client.query<{ job_id: string; attempt: number; work_item: JobWorkItem }>(
          `select job_id, attempt, work_item from job_timers
            where due_at <= now() and topic like $1
            order by due_at limit $2 for update skip locked`,
          [workTopicsLike, timerBatchSize]);
        if (!rows.length) return 0;
        await publish(rows.map((r) => withQueue(r.work_item)));
        await client.query(
          'delete from job_timers where (job_id, attempt) in (select * from unnest($1::uuid[], $2::int[]))',
          [rows.map((r) => r.job_id), rows.map((r) => r.attempt)]);
        return rows.length;
      });
    },
  };
}

export type DispatchStore = ReturnType<typeof createDispatchStore>;
