import type { ScheduleState } from '@conveyor/domain/schedules';
import { rowToScheduleState, type ScheduleRow } from '@conveyor/read-model';
import type { Pool } from '@conveyor/runtime';


/** Loads a schedule's state from the `schedules` read model, which the processors project from the log (internal). */
export function createScheduleStateStore(options: { pool: Pool }) {
  return {
    async load(scheduleId: string): Promise<ScheduleState | null> {
      const { rows } = await options.pool.query<ScheduleRow>(
        `select schedule_id, name, cron, time_zone, job_template, catch_up, max_catch_up, paused, deleted, active_since, created_at, updated_at, version, last_fired_at
         from schedules where schedule_id = $1`, [scheduleId]);
      const r = rows[0];
      if (!r) return null;
      return rowToScheduleState(r);
    },
  };
}

export type ScheduleStateStore = ReturnType<typeof createScheduleStateStore>;
