-- Read models projected from conveyor.job-events. Everything here can be rebuilt from the log.
create extension if not exists pg_trgm;

-- Current state of each job.
create table jobs (
  job_id          uuid primary key,
  type            text not null,
  status          text not null,
  priority        text not null,
  payload         jsonb,
  result          jsonb,
  error           jsonb,
  attempts        int not null default 0,
  max_attempts    int not null,
  timeout_ms      int,
  run_at          timestamptz,
  next_run_at     timestamptz,
  concurrency_key text,
  backoff         jsonb not null,
  idempotency_key text,
  schedule_id     text,
  submitted_at    timestamptz not null,
  started_at      timestamptz,
  finished_at     timestamptz,
  updated_at      timestamptz not null,
  duration_ms     int,
  queue_wait_ms   int,
  trace_id        text,
  actor           text not null,
  version         int not null,
  -- Free-text search over the payload and the error message (GET /v1/jobs?q=).
  search_text     text generated always as (coalesce(payload::text, '') || ' ' || coalesce(error ->> 'message', '')) stored
);
create index jobs_submitted_idx on jobs (submitted_at desc, job_id desc);
create index jobs_updated_idx on jobs (updated_at desc, job_id desc);
create index jobs_status_idx on jobs (status, submitted_at desc, job_id desc);
create index jobs_type_idx on jobs (type, submitted_at desc, job_id desc);
create index jobs_search_idx on jobs using gin (search_text gin_trgm_ops);

-- Every event of every job: the timeline.
create table job_events (
  event_id    uuid primary key,
  job_id      uuid not null,
  event_type  text not null,
  occurred_at timestamptz not null,
  attempt     int,
  data        jsonb not null,
  topic       text not null,
  partition   int not null,
  "offset"    bigint not null,
  trace_id    text
);
create index job_events_job_idx on job_events (job_id, occurred_at, "offset");

-- Per-minute, per-type statistics by event time. Histograms are log-scale bucket counts
-- (packages/domain/src/latencyHistogram.ts) that add element-wise over any window.
create table job_stats_minute (
  minute          timestamptz not null,
  type            text not null,
  submitted       int not null default 0,
  started         int not null default 0,
  succeeded       int not null default 0,
  failed          int not null default 0,
  retried         int not null default 0,
  cancelled       int not null default 0,
  dead            int not null default 0,
  duration_hist   int[] not null,
  queue_wait_hist int[] not null,
  -- attempts_hist[i] = jobs that finished (succeeded or failed) after i attempts (1-based; last bucket = 10+).
  attempts_hist   int[] not null,
  primary key (minute, type)
);

-- Offsets of each projection, written in the same transaction as its rows: a redelivered
-- message below next_offset is skipped, so nothing is ever counted twice.
create table projection_offsets (
  projection  text not null,
  topic       text not null,
  partition   int not null,
  next_offset bigint not null,
  updated_at  timestamptz not null default now(),
  primary key (projection, topic, partition)
);

-- Command side: Idempotency-Key → job id. A row is 'pending' until Kafka acknowledged the event.
create table idempotency_keys (
  key          text primary key,
  job_id       uuid not null,
  request_hash text not null,
  state        text not null default 'pending',
  created_at   timestamptz not null default now()
);

-- Executor side: one row per job attempt claimed by a worker, so a redelivered work item never runs twice.
create table executor_claims (
  job_id     uuid not null,
  attempt    int not null,
  worker_id  text not null,
  claimed_at timestamptz not null default now(),
  primary key (job_id, attempt)
);
