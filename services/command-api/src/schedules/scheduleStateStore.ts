import type { ScheduleState } from '@conveyor/domain/src/schedules';
import type { Pool } from '@conveyor/runtime';

interface Row {
  schedule_id: string;
  name: string;
  cron: string;
  time_zone: string;
  job_template: ScheduleState['jobTemplate'];
  catch_up: ScheduleState['catchUp'];
  max_catch_up: number;
  paused: boolean;
  deleted: boolean;
  active_since: Date;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Loads a schedule's state from the `schedules` read model, which the processors project from the log (internal). */
export function createScheduleStateStore(options: { pool: Pool }) {
  return {
    async load(scheduleId: string): Promise<ScheduleState | null> {
      const { rows } = await options.pool.query<Row>(
        `select schedule_id, name, cron, time_zone, job_template, catch_up, max_catch_up, paused, deleted, active_since, created_at, updated_at, version
         from schedules where schedule_id = $1`, [scheduleId]);
      const r = rows[0];
      if (!r) return null;
      return {
        scheduleId: r.schedule_id, name: r.name, cron: r.cron, timeZone: r.time_zone, jobTemplate: r.job_template, catchUp: r.catch_up,
        maxCatchUp: r.max_catch_up, status: r.deleted ? 'deleted' : r.paused ? 'paused' : 'active', activeSince: r.active_since.getTime(),
        createdAt: r.created_at.getTime(), updatedAt: r.updated_at.getTime(), version: r.version,
      };
    },
  };
}

export type ScheduleStateStore = ReturnType<typeof createScheduleStateStore>;
