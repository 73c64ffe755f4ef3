import type { FiringSchedule, JobTemplate } from '@conveyor/domain/src/schedules';
import type { FireRecord } from '@conveyor/read-model';
import type { PoolClient } from '@conveyor/runtime';

export type { FireRecord };

/** An active schedule as the scheduler sees it. */
export interface ActiveSchedule extends FiringSchedule {
  scheduleId: string;
  jobTemplate: JobTemplate;
  /** The newest fire recorded, in epoch milliseconds. */
  lastFiredAt: number | null;
}

/** The schedules of one admin topic that are neither paused nor deleted. */
export async function loadActiveSchedules(client: PoolClient, adminTopic: string): Promise<ActiveSchedule[]> {
  const { rows } = await client.query<{
    schedule_id: string; cron: string; time_zone: string; job_template: JobTemplate; catch_up: ActiveSchedule['catchUp'];
    max_catch_up: number; active_since: Date; last_fired_at: Date | null;
  }>(
    `select schedule_id, cron, time_zone, job_template, catch_up, max_catch_up, active_since, last_fired_at
     from schedules where admin_topic = $1 and not paused and not deleted`, [adminTopic]);
  return rows.map((r) => ({
    scheduleId: r.schedule_id, cron: r.cron, timeZone: r.time_zone, jobTemplate: r.job_template, catchUp: r.catch_up,
    maxCatchUp: r.max_catch_up, activeSince: r.active_since.getTime(), lastFiredAt: r.last_fired_at?.getTime() ?? null,
  }));
}

/**
 * Records fires in one statement: a schedule_runs row each (a fire recorded before is left as it was)
 * and each schedule's last_fired_at moved forward, never back.
 */
export async function recordFires(client: PoolClient, fires: readonly FireRecord[], firedAt: number): Promise<void> {
  if (!fires.length) return;
  await client.query(
    `with runs as (
       select * from jsonb_to_recordset($1::jsonb) as r(schedule_id uuid, fire_at timestamptz, job_id uuid)
     ), inserted as (
       insert into schedule_runs (schedule_id, fire_at, job_id, fired_at)
       select schedule_id, fire_at, job_id, $2 from runs on conflict do nothing
     )
     update schedules s set last_fired_at = greatest(s.last_fired_at, m.fire_at)
     from (select schedule_id, max(fire_at) as fire_at from runs group by schedule_id) m
     where s.schedule_id = m.schedule_id`,
    [JSON.stringify(fires.map((f) => ({ schedule_id: f.scheduleId, fire_at: new Date(f.fireAt).toISOString(), job_id: f.jobId }))), new Date(firedAt).toISOString()]);
}
