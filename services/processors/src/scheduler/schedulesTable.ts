import type { ScheduleState } from '@conveyor/domain/schedules';
import { rowToScheduleState, type ScheduleRow } from '@conveyor/read-model';
import type { PoolClient } from '@conveyor/runtime';

export { rowToScheduleState };
export type { ScheduleRow };

/** Locks (`for update`) and loads the rows of the given schedules, within the batch's transaction. */
export async function lockSchedules(client: PoolClient, scheduleIds: readonly string[]): Promise<Map<string, ScheduleState>> {
  if (!scheduleIds.length) return new Map();
  const { rows } = await client.query<ScheduleRow>(
    'select * from schedules where schedule_id = any($1::uuid[]) order by schedule_id for update', [[...scheduleIds].sort()]);
  return new Map(rows.map((r) => [r.schedule_id, rowToScheduleState(r)]));
}

/**
 * Upserts schedules as the projection folded them. `last_fired_at` belongs to the scheduler and is never
 * written here; `admin_topic` records where the schedule came from.
 */
export async function upsertSchedules(client: PoolClient, adminTopic: string, states: readonly ScheduleState[]): Promise<void> {
  if (!states.length) return;
  const ms = (t: number) => new Date(t).toISOString();
  await client.query(
    `insert into schedules (schedule_id, admin_topic, name, cron, time_zone, job_template, catch_up, max_catch_up, paused, deleted,
                            active_since, created_at, updated_at, version)
     select s.schedule_id, $1, s.name, s.cron, s.time_zone, s.job_template, s.catch_up, s.max_catch_up, s.paused, s.deleted,
            s.active_since, s.created_at, s.updated_at, s.version
     from jsonb_to_recordset($2::jsonb) as s(schedule_id uuid, name text, cron text, time_zone text, job_template jsonb, catch_up text,
          max_catch_up int, paused boolean, deleted boolean, active_since timestamptz, created_at timestamptz, updated_at timestamptz, version int)
     on conflict (schedule_id) do update set
       name = excluded.name, cron = excluded.cron, time_zone = excluded.time_zone, job_template = excluded.job_template,
       catch_up = excluded.catch_up, max_catch_up = excluded.max_catch_up, paused = excluded.paused, deleted = excluded.deleted,
       active_since = excluded.active_since, updated_at = excluded.updated_at, version = excluded.version`,
    [adminTopic, JSON.stringify(states.map((s) => ({
      schedule_id: s.scheduleId, name: s.name, cron: s.cron, time_zone: s.timeZone, job_template: s.jobTemplate, catch_up: s.catchUp,
      max_catch_up: s.maxCatchUp, paused: s.status === 'paused', deleted: s.status === 'deleted',
      active_since: ms(s.activeSince), created_at: ms(s.createdAt), updated_at: ms(s.updatedAt), version: s.version,
    })))]);
}

/**
 * Records who created each schedule (`created_by`, migration 020: schedules per principal are capped):
 * the actor of its ScheduleCreated, written once.
 */
export async function recordScheduleCreators(client: PoolClient, created: ReadonlyArray<{ scheduleId: string; actor: string }>): Promise<void> {
  if (!created.length) return;
  await client.query(
    `update schedules s set created_by = c.actor
     from jsonb_to_recordset($1::jsonb) as c(schedule_id uuid, actor text)
     where s.schedule_id = c.schedule_id and s.created_by is null`,
    [JSON.stringify(created.map((c) => ({ schedule_id: c.scheduleId, actor: c.actor })))]);
}
