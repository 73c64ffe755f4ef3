import {
  toJobTypeVersionItem, toJobTypeWorkerItem, type JobTypesTableRow, type JobTypeVersionItem, type JobTypeWorkerItem, type JobTypeWorkersTableRow,
} from '@conveyor/read-model';
import type { Pool } from '@conveyor/runtime';

/** A job type of the catalog as GET /v1/job-types answers it: its latest version first, and the workers serving it. */
export interface JobTypeItem {
  type: string;
  /** The latest version's, repeated here for lists. */
  version: number;
  queue: string;
  description: string;
  sideEffects: boolean;
  payloadSchema: unknown;
  /** Every registered version, newest first. */
  versions: JobTypeVersionItem[];
  /** The workers that announced the type, most recently seen first. */
  workers: JobTypeWorkerItem[];
  /** When the most recent of them was seen; null when none announced it since the catalog began. */
  lastSeenAt: string | null;
}

/** The catalog reads (public): the job types workers registered, with their versions and workers. */
export function createJobTypeQueries(deps: { pool: Pick<Pool, 'query'>; adminTopic: string }) {
  return {
    async list(): Promise<{ items: JobTypeItem[] }> {
      const [types, workers] = await Promise.all([
        deps.pool.query<JobTypesTableRow>('select * from job_types where admin_topic = $1 order by type, version desc', [deps.adminTopic]),
        deps.pool.query<JobTypeWorkersTableRow>('select * from job_type_workers where admin_topic = $1 order by last_seen_at desc', [deps.adminTopic]),
      ]);
      const byType = new Map<string, JobTypesTableRow[]>();
      for (const row of types.rows) byType.set(row.type, [...(byType.get(row.type) ?? []), row]);
      const items = [...byType].map(([type, rows]): JobTypeItem => {
        const versions = rows.map(toJobTypeVersionItem);
        const latest = versions[0] as JobTypeVersionItem;
        const serving = workers.rows.filter((w) => w.types.includes(type)).map(toJobTypeWorkerItem);
        return {
          type, version: latest.version, queue: latest.queue, description: latest.description, sideEffects: latest.sideEffects, payloadSchema: latest.payloadSchema,
          versions, workers: serving, lastSeenAt: serving[0]?.lastSeenAt ?? null,
        };
      });
      return { items };
    },
  };
}

export type JobTypeQueries = ReturnType<typeof createJobTypeQueries>;
