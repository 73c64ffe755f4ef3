-- Cron schedules (issue "Job semantics", item 8). `schedules` is projected from the schedule events on
-- conveyor.admin-events by services/processors/src/scheduler (consumer group conveyor-schedule-projector),
-- with its offsets in projection_offsets in the same transaction; it can be rebuilt from the log.
-- `admin_topic` is the topic the schedule came from, so processors with different TOPIC_PREFIXes
-- (tests) share the table without firing each other's schedules.
create table if not exists schedules (
  schedule_id   uuid primary key,
  admin_topic   text not null,
  name          text not null,
  cron          text not null,
  time_zone     text not null,
  job_template  jsonb not null,
  catch_up      text not null check (catch_up in ('skip', 'latest', 'all')),
  max_catch_up  int not null,
  paused        boolean not null default false,
  deleted       boolean not null default false,
  -- Fires before this instant are never due: creation, resume, or an update of cron or time zone.
  active_since  timestamptz not null,
  created_at    timestamptz not null,
  updated_at    timestamptz not null,
  version       int not null,
  -- Written by the scheduler only (never by the projection): the newest fire recorded in schedule_runs.
  last_fired_at timestamptz
);
create index if not exists schedules_active_idx on schedules (admin_topic) where not paused and not deleted;

-- One row per fire, written by the scheduler after the fire's JobSubmitted was acknowledged. The job id
-- is derived from (schedule_id, fire_at), so a fire published twice is the same job.
create table if not exists schedule_runs (
  schedule_id uuid not null,
  fire_at     timestamptz not null,
  job_id      uuid not null,
  fired_at    timestamptz not null,
  primary key (schedule_id, fire_at)
);
