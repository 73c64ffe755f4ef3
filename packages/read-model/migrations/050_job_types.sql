-- The job-type catalog (issue 12): job types registered at run time by the workers that run them.
-- Projected from JobTypeRegistered and WorkerSeen on conveyor.admin-events (the job-types projection);
-- rows carry the admin topic so instances on other TOPIC_PREFIXes (tests) keep catalogs of their own.

-- Every registered version of every type; the latest version is the one submissions are validated against.
create table if not exists job_types (
  admin_topic          text not null,
  type                 text not null,
  version              integer not null,
  queue                text not null,
  description          text not null,
  side_effects         boolean not null,
  defaults             jsonb not null,
  payload_schema       jsonb not null,
  first_registered_at  timestamptz not null,
  last_registered_at   timestamptz not null,
  -- The worker that registered this version first.
  registered_by        text not null,
  primary key (admin_topic, type, version)
);

-- The workers that announced themselves, with the queues and types they serve and when they were last seen.
create table if not exists job_type_workers (
  admin_topic    text not null,
  worker_id      text not null,
  host           text not null,
  queues         text[] not null,
  types          text[] not null,
  first_seen_at  timestamptz not null,
  last_seen_at   timestamptz not null,
  primary key (admin_topic, worker_id)
);

-- Registrations the projection refused (a version not backward compatible with the latest, …), with the reason.
create table if not exists job_type_refusals (
  event_id     uuid primary key,
  admin_topic  text not null,
  type         text not null,
  version      integer not null,
  worker_id    text not null,
  reason       text not null,
  occurred_at  timestamptz not null
);
