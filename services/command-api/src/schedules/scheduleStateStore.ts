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

    /**
     * Schedules not deleted that `actor` created on `adminTopic` (the projection records the creator,
     * migration 020). The topic scopes the count to this deployment's log, as the scheduler does.
     */
    async countCreatedBy(actor: string, adminTopic: string): Promise<number> {
      const { rows } = await options.pool.query<{ n: number }>(
        'select count(*)::int as n from schedules where created_by = $1 and admin_topic = $2 and not deleted', [actor, adminTopic]);
      return rows[0]?.n ?? 0;
    },
  };
}

export type ScheduleStateStore = ReturnType<typeof createScheduleStateStore>;
