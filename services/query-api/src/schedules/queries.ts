import { redactSecrets } from '@conveyor/job-types/secrets';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../http/timeIdCursor';
import { nextFireTimes } from '@conveyor/domain/schedules';
import type { Pool } from '@conveyor/runtime';

/** A schedule as the query API serves it. */
export interface ScheduleItem {
  scheduleId: string;
  name: string;
  cron: string;
  timeZone: string;
  jobTemplate: unknown;
  catchUp: string;
  maxCatchUp: number;
  paused: boolean;
  createdAt: string;
  updatedAt: string;
  lastFiredAt: string | null;
  /** The next 5 fire times after now, ISO 8601; empty while paused. */
  nextFireTimes: string[];
}

/** One fire of a schedule and the status of the job it submitted (null until the job is projected). */
export interface ScheduleRun {
  fireAt: string;
  firedAt: string;
  jobId: string;
  status: string | null;
}

export interface ScheduleListQuery {
  limit: number;
  cursor: { createdAt: string; id: string } | null;
}

interface Row {
  schedule_id: string;
  name: string;
  cron: string;
  time_zone: string;
  job_template: unknown;
  catch_up: string;
  max_catch_up: number;
  paused: boolean;
  created_at: string;
  updated_at: string;
  last_fired_at: string | null;
}

const columns = `schedule_id, name, cron, time_zone, job_template, catch_up, max_catch_up, paused,
  to_json(created_at)#>>'{}' as created_at, to_json(updated_at)#>>'{}' as updated_at, to_json(last_fired_at)#>>'{}' as last_fired_at`;

/** Encodes a keyset position (opaque to clients). */
export const encodeScheduleCursor = (createdAt: string, id: string): string => encodeTimeIdCursor(createdAt, id);

/** Decodes a cursor; null when it is not one of ours. */
export function decodeScheduleCursor(cursor: string): { createdAt: string; id: string } | null {
  const c = decodeTimeIdCursor(cursor);
  return c && { createdAt: c.at, id: c.id };
}

/** The API item of a row, its next fire times computed at `now` (pure). */
export function toScheduleItem(r: Row, now: number): ScheduleItem {
  let next: string[] = [];
  if (!r.paused) {
    try {
      next = nextFireTimes(r.cron, r.time_zone, now, 5).map((t) => new Date(t).toISOString());
    } catch {
      // An expression the command API would refuse (edited by hand): no fire times rather than a 500.
    }
  }
  return {
    scheduleId: r.schedule_id, name: r.name, cron: r.cron, timeZone: r.time_zone, jobTemplate: redactSecrets(r.job_template), catchUp: r.catch_up,
    maxCatchUp: r.max_catch_up, paused: r.paused, createdAt: r.created_at, updatedAt: r.updated_at, lastFiredAt: r.last_fired_at, nextFireTimes: next,
  };
}

/**
 * Read-side queries of `schedules` and `schedule_runs` (public). Deleted schedules are not served. With
 * `adminTopic`, only the schedules projected from that topic (a TOPIC_PREFIX of its own).
 */
export function createScheduleQueries(deps: { pool: Pool; now?: () => number; adminTopic?: string }) {
  const now = deps.now ?? Date.now;
  return {
    async list(q: ScheduleListQuery): Promise<{ items: ScheduleItem[]; nextCursor: string | null }> {
      const values: unknown[] = [];
      const param = (v: unknown) => `$${values.push(v)}`;
      const where = ['not deleted'];
      if (deps.adminTopic !== undefined) where.push(`admin_topic = ${param(deps.adminTopic)}`);
      if (q.cursor) where.push(`(created_at, schedule_id) < (${param(q.cursor.createdAt)}::timestamptz, ${param(q.cursor.id)}::uuid)`);
      const { rows } = await deps.pool.query<Row>(
        `select ${columns} from schedules where ${where.join(' and ')} order by created_at desc, schedule_id desc limit ${param(q.limit + 1)}`, values);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const at = now();
      return {
        items: page.map((r) => toScheduleItem(r, at)),
        nextCursor: rows.length > q.limit && last ? encodeScheduleCursor(last.created_at, last.schedule_id) : null,
      };
    },

    /** One schedule with its last 50 runs, newest first; null when unknown or deleted. */
    async get(scheduleId: string): Promise<(ScheduleItem & { runs: ScheduleRun[] }) | null> {
      const { rows } = await deps.pool.query<Row>(`select ${columns} from schedules where schedule_id = $1 and not deleted`, [scheduleId]);
      const row = rows[0];
      if (!row) return null;
      const runs = await deps.pool.query<{ fire_at: string; fired_at: string; job_id: string; status: string | null }>(
        `select to_json(r.fire_at)#>>'{}' as fire_at, to_json(r.fired_at)#>>'{}' as fired_at, r.job_id, j.status
         from schedule_runs r left join jobs j on j.job_id = r.job_id
         where r.schedule_id = $1 order by r.fire_at desc limit 50`, [scheduleId]);
      return {
        ...toScheduleItem(row, now()),
        runs: runs.rows.map((r) => ({ fireAt: r.fire_at, firedAt: r.fired_at, jobId: r.job_id, status: r.status })),
      };
    },
  };
}

export type ScheduleQueries = ReturnType<typeof createScheduleQueries>;
