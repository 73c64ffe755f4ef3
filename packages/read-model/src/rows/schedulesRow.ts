import type { ScheduleState } from '@conveyor/domain/schedules';

/** A row of the `schedules` table as pg returns it. */
export interface ScheduleRow {
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
  last_fired_at: Date | null;
  /** The actor of the ScheduleCreated (migration 020); null for schedules created before it. */
  created_by?: string | null;
}

/** The domain state of a row (pure). */
export function rowToScheduleState(row: ScheduleRow): ScheduleState {
  return {
    scheduleId: row.schedule_id, name: row.name, cron: row.cron, timeZone: row.time_zone, jobTemplate: row.job_template,
    catchUp: row.catch_up, maxCatchUp: row.max_catch_up, status: row.deleted ? 'deleted' : row.paused ? 'paused' : 'active',
    activeSince: row.active_since.getTime(), createdAt: row.created_at.getTime(), updatedAt: row.updated_at.getTime(), version: row.version,
  };
}
