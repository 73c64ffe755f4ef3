import { toJobTypeWorkerItem, type JobTypeWorkerItem, type JobTypeWorkersTableRow, type QueueStatesTableRow } from '@conveyor/read-model';
import type { Pool } from '@conveyor/runtime';

/** A worker counts as serving a queue while it was seen this recently, in milliseconds (its heartbeat is every 30 s by default). */
export const queueWorkerWindowMs = 2 * 60_000;
/** The window of a queue's throughput (`finishedLastHour`), in milliseconds. */
export const queueThroughputWindowMs = 60 * 60_000;

/** A queue as GET /v1/queues answers it (public). */
export interface QueueItem {
  queue: string;
  paused: boolean;
  /** The last pause or resume, and who asked for it; null for a queue never paused. */
  changedAt: string | null;
  changedBy: string | null;
  /** Workers serving the queue, seen within `queueWorkerWindowMs`, most recently seen first. */
  workers: JobTypeWorkerItem[];
  /** The job types whose latest version names the queue, by name. */
  types: string[];
  /** Jobs of those types queued or retrying, as the read model counts them (the Kafka lag is in the metrics). */
  waiting: number;
  /** Jobs of those types that finished within `queueThroughputWindowMs`. */
  finishedLastHour: number;
}

interface QueueCountsRow { queue: string; waiting: number; finished_last_hour: number }

/** The catalog's latest queue of each type (a type moves with its latest version). */
const latestQueues = 'select distinct on (type) type, queue from job_types where admin_topic = $1 order by type, version desc';

/** The queue reads (public): every queue the catalog, the queue states or the jobs know, with its state, workers, types and counts. */
export function createQueueQueries(deps: { pool: Pick<Pool, 'query'>; adminTopic: string; now?: () => number }) {
  const now = deps.now ?? Date.now;
  return {
    async list(): Promise<{ items: QueueItem[] }> {
      const at = now();
      const [types, states, workers, counts] = await Promise.all([
        deps.pool.query<{ type: string; queue: string }>(latestQueues, [deps.adminTopic]),
        deps.pool.query<QueueStatesTableRow>('select * from queue_states where admin_topic = $1', [deps.adminTopic]),
        deps.pool.query<JobTypeWorkersTableRow>(
          'select * from job_type_workers where admin_topic = $1 and last_seen_at >= $2 order by last_seen_at desc', [deps.adminTopic, new Date(at - queueWorkerWindowMs)],
        ),
        deps.pool.query<QueueCountsRow>(
          `with latest as (${latestQueues})
           select l.queue, (count(*) filter (where j.status in ('queued', 'retrying')))::int as waiting,
                  (count(*) filter (where j.finished_at >= $2))::int as finished_last_hour
             from jobs j join latest l on l.type = j.type
            where j.status in ('queued', 'retrying') or j.finished_at >= $2
            group by l.queue`,
          [deps.adminTopic, new Date(at - queueThroughputWindowMs)],
        ),
      ]);
      const names = new Set([...types.rows.map((t) => t.queue), ...states.rows.map((s) => s.queue), ...workers.rows.flatMap((w) => w.queues), ...counts.rows.map((c) => c.queue)]);
      const items = [...names].sort().map((queue): QueueItem => {
        const state = states.rows.find((s) => s.queue === queue);
        const count = counts.rows.find((c) => c.queue === queue);
        return {
          queue, paused: state?.paused ?? false, changedAt: state?.changed_at.toISOString() ?? null, changedBy: state?.changed_by ?? null,
          workers: workers.rows.filter((w) => w.queues.includes(queue)).map(toJobTypeWorkerItem),
          types: types.rows.filter((t) => t.queue === queue).map((t) => t.type).sort(),
          waiting: count?.waiting ?? 0, finishedLastHour: count?.finished_last_hour ?? 0,
        };
      });
      return { items };
    },
  };
}

export type QueueQueries = ReturnType<typeof createQueueQueries>;
